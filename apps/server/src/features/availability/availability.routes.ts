import { Router } from 'express';
import { IdParamSchema } from '@partystream/shared/auth/auth.schemas';
import {
  CalendarQuerySchema,
  CalendarSourceInputSchema,
  RecurringBlockInputSchema,
} from '@partystream/shared/calendar/calendar.schemas';
import { resource } from '../../http/route.ts';
import { requireRole } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { AvailabilityService } from './availability.service.ts';

/**
 * /api/calendar — the logged-in DJ's calendar: one read of hours, overrides, blocks and bookings; recurring
 * blocks; other calendars (ICS) whose busy times count. Single blocks and overrides keep their /api/djs/me routes.
 */
export function createCalendarRouter(availability: AvailabilityService): Router {
  const r = Router();

  resource(r, '/', {
    get: async (req, res) => {
      const user = requireRole(req, 'dj');
      const q = parseInput(CalendarQuerySchema, req.query, 'query');
      res.json(await availability.getCalendar(user.id, q));
    },
  });

  resource(r, '/recurring', {
    post: async (req, res) => {
      const user = requireRole(req, 'dj');
      const input = parseInput(RecurringBlockInputSchema, req.body, 'body');
      res.status(201).json({ recurring: await availability.addRecurring(user.id, input) });
    },
  });
  resource(r, '/recurring/:id', {
    delete: async (req, res) => {
      const user = requireRole(req, 'dj');
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      await availability.deleteRecurring(user.id, id);
      res.status(204).end();
    },
  });

  resource(r, '/sources', {
    get: async (req, res) => {
      res.json({ sources: await availability.listSources(requireRole(req, 'dj').id) });
    },
    post: async (req, res) => {
      const user = requireRole(req, 'dj');
      const input = parseInput(CalendarSourceInputSchema, req.body, 'body');
      const source = await availability.addSource(user.id, input);
      req.log.info({ sourceId: source.id, busy: source.busyCount }, 'calendar source added');
      res.status(201).json({ source });
    },
  });
  resource(r, '/sources/:id', {
    delete: async (req, res) => {
      const user = requireRole(req, 'dj');
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      await availability.deleteSource(user.id, id);
      res.status(204).end();
    },
  });
  resource(r, '/sources/:id/refresh', {
    post: async (req, res) => {
      const user = requireRole(req, 'dj');
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      res.json({ source: await availability.refreshSource(user.id, id) });
    },
  });

  return r;
}
