import { Router } from 'express';
import { z } from 'zod';
import { resource } from '../../http/route.ts';
import { requireRole } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { CalendarService } from './calendar.service.ts';

/** The feed's file name in its address: the feed token and `.ics` (what calendar apps subscribe to). */
export const FeedParamSchema = z.object({ file: z.string().regex(/^[A-Za-z0-9_-]{1,100}\.ics$/, 'Not a feed address.') });

/** /api/calendar/feed (the caller's own feed address) and /api/calendar/feeds/<token>.ics (what calendar apps read). */
export function createCalendarFeedRouter(calendar: CalendarService): Router {
  const r = Router();
  resource(r, '/feed', {
    get: async (req, res) => {
      res.json(await calendar.getFeed(requireRole(req, 'dj', 'host').id));
    },
    post: async (req, res) => {
      res.status(201).json(await calendar.createFeed(requireRole(req, 'dj', 'host').id));
    },
    delete: async (req, res) => {
      await calendar.revokeFeed(requireRole(req, 'dj', 'host').id);
      res.status(204).end();
    },
  });
  resource(r, '/feeds/:file', {
    get: async (req, res) => {
      const { file } = parseInput(FeedParamSchema, req.params, 'params');
      const ics = await calendar.renderFeed(file.slice(0, -4));
      res.set('Cache-Control', 'private, max-age=300').type('text/calendar; charset=utf-8').send(ics);
    },
  });
  return r;
}
