import { Router } from 'express';
import { NotificationIdSchema, NotificationListQuerySchema } from '@partystream/shared/notification/notification.schemas';
import { resource } from '../../http/route.ts';
import { requireUser } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { NotificationService } from './notification.service.ts';

/** /api/notifications — the caller's own inbox: list, mark one read, mark all read. */
export function createNotificationRouter(inbox: NotificationService): Router {
  const r = Router();
  resource(r, '/', {
    get: async (req, res) => {
      const user = requireUser(req);
      const q = parseInput(NotificationListQuerySchema, req.query, 'query');
      res.set('Cache-Control', 'no-store').json(await inbox.list(user, q));
    },
  });
  resource(r, '/read-all', {
    post: async (req, res) => {
      res.json(await inbox.markAllRead(requireUser(req)));
    },
  });
  resource(r, '/:id/read', {
    post: async (req, res) => {
      const user = requireUser(req);
      const { id } = parseInput(NotificationIdSchema, req.params, 'params');
      res.json(await inbox.markRead(user, id));
    },
  });
  return r;
}
