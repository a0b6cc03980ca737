import { Router } from 'express';
import { z } from 'zod';
import { ReportProfileSchema } from '@partystream/shared/admin/admin.schemas';
import { resource } from '../../http/route.ts';
import { requireUser } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { AdminService } from './admin.service.ts';

export const ProfileParams = z.object({ djProfileId: z.uuid({ error: 'Not a valid id.' }) });

/**
 * /api/moderation — what signed-in users see of moderation (issue 16): reporting a DJ profile, and the notices
 * of their own content that moderators removed, with the reason.
 */
export function createModerationRouter(admin: AdminService): Router {
  const r = Router();
  resource(r, '/profiles/:djProfileId/reports', {
    post: async (req, res) => {
      const user = requireUser(req);
      const { djProfileId } = parseInput(ProfileParams, req.params, 'params');
      const { reason } = parseInput(ReportProfileSchema, req.body, 'body');
      const { created } = await admin.reportProfile(user, djProfileId, reason);
      if (created) req.log.info({ djProfileId }, 'profile reported');
      res.status(created ? 201 : 200).json({ reported: true });
    },
  });
  resource(r, '/notices', {
    get: async (req, res) => {
      res.set('Cache-Control', 'no-store').json({ items: await admin.noticesOf(requireUser(req)) });
    },
  });
  return r;
}
