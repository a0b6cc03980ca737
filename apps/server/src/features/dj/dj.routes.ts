import { Router } from 'express';
import { z } from 'zod';
import { IdParamSchema } from '@partystream/shared/auth/auth.schemas';
import { DjProfileInputSchema, DjRefParamSchema, DjSearchQuerySchema } from '@partystream/shared/dj/dj.schemas';
import {
  BlockedPeriodInputSchema,
  DateOverrideInputSchema,
  SlotsQuerySchema,
  WeeklyHoursInputSchema,
} from '@partystream/shared/availability/availability.schemas';
import { resource } from '../../http/route.ts';
import { requireRole } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { DjService } from './dj.service.ts';
import { readSingleFile } from '../../http/multipart.ts';

const GalleryPhotoParamSchema = z.object({ photoId: z.string().regex(/^[a-f0-9]{24}$/, 'Not a photo id.') });
const DateParamSchema = z.object({ date: DateOverrideInputSchema.shape.date });

/** /api/djs — public search and profiles; /api/djs/me — the logged-in DJ's own profile and calendar. */
export function createDjRouter(dj: DjService, availability: AvailabilityService, opts: { uploadMaxBytes: number }): Router {
  const r = Router();

  resource(r, '/me/photo', {
    put: async (req, res) => {
      const user = requireRole(req, 'dj');
      const file = await readSingleFile(req, 'photo', opts.uploadMaxBytes);
      res.json({ profile: await dj.uploadPhoto(user.id, file.data) });
    },
    delete: async (req, res) => {
      await dj.removePhoto(requireRole(req, 'dj').id);
      res.status(204).end();
    },
  });

  resource(r, '/me/gallery', {
    post: async (req, res) => {
      const user = requireRole(req, 'dj');
      const file = await readSingleFile(req, 'photo', opts.uploadMaxBytes);
      res.status(201).json({ profile: await dj.addGalleryPhoto(user.id, file.data) });
    },
  });
  resource(r, '/me/gallery/:photoId', {
    delete: async (req, res) => {
      const user = requireRole(req, 'dj');
      const { photoId } = parseInput(GalleryPhotoParamSchema, req.params, 'params');
      await dj.removeGalleryPhoto(user.id, photoId);
      res.status(204).end();
    },
  });

  resource(r, '/', {
    get: async (req, res) => {
      const query = parseInput(DjSearchQuerySchema, req.query, 'query');
      res.json(await dj.search(query));
    },
  });

  resource(r, '/me', {
    get: async (req, res) => {
      res.json({ profile: await dj.getMine(requireRole(req, 'dj')) });
    },
    put: async (req, res) => {
      const user = requireRole(req, 'dj');
      const input = parseInput(DjProfileInputSchema, req.body, 'body');
      const profile = await dj.saveMine(user, input);
      req.log.info({ djProfileId: profile.id }, 'dj profile saved');
      res.json({ profile });
    },
  });

  resource(r, '/me/availability', {
    get: async (req, res) => {
      res.json(await availability.getMine(requireRole(req, 'dj').id));
    },
  });
  resource(r, '/me/availability/weekly', {
    put: async (req, res) => {
      const user = requireRole(req, 'dj');
      const input = parseInput(WeeklyHoursInputSchema, req.body, 'body');
      res.json({ weekly: await availability.setWeekly(user.id, input) });
    },
  });
  resource(r, '/me/availability/overrides/:date', {
    put: async (req, res) => {
      const user = requireRole(req, 'dj');
      const { date } = parseInput(DateParamSchema, req.params, 'params');
      const input = parseInput(DateOverrideInputSchema, { ...(req.body ?? {}), date }, 'body');
      await availability.setOverride(user.id, input);
      res.status(204).end();
    },
    delete: async (req, res) => {
      const user = requireRole(req, 'dj');
      const { date } = parseInput(DateParamSchema, req.params, 'params');
      await availability.deleteOverride(user.id, date);
      res.status(204).end();
    },
  });
  resource(r, '/me/availability/blocked', {
    post: async (req, res) => {
      const user = requireRole(req, 'dj');
      const input = parseInput(BlockedPeriodInputSchema, req.body, 'body');
      res.status(201).json({ blocked: await availability.addBlocked(user.id, input) });
    },
  });
  resource(r, '/me/availability/blocked/:id', {
    delete: async (req, res) => {
      const user = requireRole(req, 'dj');
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      await availability.deleteBlocked(user.id, id);
      res.status(204).end();
    },
  });

  resource(r, '/:id', {
    get: async (req, res) => {
      const { id } = parseInput(DjRefParamSchema, req.params, 'params');
      res.json({ profile: await dj.getPublic(id) });
    },
  });
  resource(r, '/:id/slots', {
    get: async (req, res) => {
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      const q = parseInput(SlotsQuerySchema, req.query, 'query');
      const profile = await dj.getPublic(id);
      res.json({
        timeZone: profile.timeZone,
        viewerTimeZone: q.tz,
        windows: await availability.listOpenSlots(id, q.from, q.to, q.tz),
      });
    },
  });

  return r;
}
