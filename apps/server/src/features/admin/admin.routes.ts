import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  AdminRefundSchema,
  AuditQuerySchema,
  InviteAdminSchema,
  ModerationActionSchema,
  ModerationKindSchema,
  ReasonSchema,
  RestorableKindSchema,
  SecondFactorCodeSchema,
  UserSearchQuerySchema,
  reason,
} from '@partystream/shared/admin/admin.schemas';
import { resource } from '../../http/route.ts';
import { parseInput } from '../../http/validate.ts';
import type { LedgerService } from '../payment/ledger.service.ts';
import type { AdminService } from './admin.service.ts';
import type { LicenceService } from '../licence/licence.service.ts';

export const RefundDecidedSchema = z.object({ refundedMinor: z.number(), currency: z.string() });

export const FeeSettingSchema = z.object({
  feeBps: z.number().int().min(0, 'At least 0 %.').max(5000, 'At most 50 %.'),
  reason: reason.optional(),
});

export const IdParams = z.object({ id: z.uuid({ error: 'Not a valid id.' }) });
export const OptionalReason = z.object({ reason: reason.optional() }).optional();
export const RestoreParams = z.object({
  kind: RestorableKindSchema,
  targetId: z.uuid({ error: 'Not a valid id.' }),
});
export const ModerationParams = z.object({
  kind: ModerationKindSchema,
  id: z.uuid({ error: 'Not a valid id.' }),
  action: ModerationActionSchema,
});

/**
 * /api/admin — the operations console. Every route but the second-factor sign-in step goes through
 * `admin.requireAdmin`: an admin account *and* a session that passed TOTP (or a recovery code); every action is
 * written to the audit log by the service.
 */
export function createAdminRouter(admin: AdminService, ledger: LedgerService, licences: LicenceService): Router {
  const r = Router();
  const gate = (req: Request) => admin.requireAdmin(req.auth);

  // ── second factor (admin role, before the factor) ──
  resource(r, '/second-factor', {
    get: async (req, res) => {
      admin.requireAdminRole(req.auth);
      res.json({ state: await admin.secondFactorState(req.auth!) });
    },
  });
  resource(r, '/second-factor/enrol', {
    post: async (req, res) => {
      admin.requireAdminRole(req.auth);
      res.json(await admin.enrol(req.auth!));
    },
  });
  resource(r, '/second-factor/verify', {
    post: async (req, res) => {
      admin.requireAdminRole(req.auth);
      const { code } = parseInput(SecondFactorCodeSchema, req.body, 'body');
      res.json(await admin.verify(req.auth!, code));
    },
  });

  // ── settings and money ──
  resource(r, '/settings', {
    get: async (req, res) => {
      await gate(req);
      res.json(await admin.getFee());
    },
    put: async (req, res) => {
      const user = await gate(req);
      const { feeBps, reason } = parseInput(FeeSettingSchema, req.body, 'body');
      await admin.setFee(user, feeBps, reason ?? null);
      req.log.info({ adminId: user.id, feeBps }, 'platform fee changed');
      res.json({ feeBps });
    },
  });
  resource(r, '/ledger-check', {
    get: async (req, res) => {
      await gate(req);
      res.json(await ledger.check());
    },
  });
  resource(r, '/money-issues', {
    get: async (req, res) => {
      await gate(req);
      res.json({ items: await admin.moneyIssues() });
    },
  });
  resource(r, '/bookings/:id/refund', {
    post: async (req, res) => {
      const user = await gate(req);
      const { id } = parseInput(IdParams, req.params, 'params');
      const body = parseInput(AdminRefundSchema, req.body, 'body');
      const done = await admin.decideRefund(user, id, body.amountMinor ?? null, body.reason);
      req.log.info({ adminId: user.id, bookingId: id, amountMinor: done.refundedMinor }, 'refund decided by an admin');
      res.json(done);
    },
  });

  // ── console ──
  resource(r, '/counts', {
    get: async (req, res) => {
      await gate(req);
      res.json(await admin.counts());
    },
  });
  resource(r, '/overview', {
    get: async (req, res) => {
      await gate(req);
      res.json(await admin.overview());
    },
  });
  resource(r, '/audit', {
    get: async (req, res) => {
      await gate(req);
      res.json(await admin.listAudit(parseInput(AuditQuerySchema, req.query, 'query')));
    },
  });

  // ── users ──
  resource(r, '/users', {
    get: async (req, res) => {
      await gate(req);
      res.json(await admin.searchUsers(parseInput(UserSearchQuerySchema, req.query, 'query')));
    },
  });
  resource(r, '/users/:id', {
    get: async (req, res) => {
      await gate(req);
      res.json(await admin.getUser(parseInput(IdParams, req.params, 'params').id));
    },
  });
  resource(r, '/users/:id/suspend', {
    post: async (req, res) => {
      const user = await gate(req);
      const { id } = parseInput(IdParams, req.params, 'params');
      const body = parseInput(ReasonSchema, req.body, 'body');
      res.json({ user: await admin.suspend(user, id, body.reason) });
    },
  });
  resource(r, '/users/:id/reinstate', {
    post: async (req, res) => {
      const user = await gate(req);
      const { id } = parseInput(IdParams, req.params, 'params');
      const body = parseInput(ReasonSchema, req.body, 'body');
      res.json({ user: await admin.reinstate(user, id, body.reason) });
    },
  });
  resource(r, '/admins', {
    post: async (req, res) => {
      const user = await gate(req);
      res.status(201).json({ user: await admin.inviteAdmin(user, parseInput(InviteAdminSchema, req.body, 'body')) });
    },
  });

  // ── music licences ──
  resource(r, '/licences', {
    get: async (req, res) => {
      await gate(req);
      res.json({ items: await licences.listForReview() });
    },
  });
  resource(r, '/licences/:id/file', {
    get: async (req, res) => {
      await gate(req);
      const file = await licences.fileOf(parseInput(IdParams, req.params, 'params').id);
      res.set({
        'Content-Type': file.contentType,
        'Content-Disposition': 'inline',
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      });
      res.send(file.body);
    },
  });
  resource(r, '/licences/:id/approve', {
    post: async (req, res) => {
      const user = await gate(req);
      const { id } = parseInput(IdParams, req.params, 'params');
      res.json({ licence: await licences.approve(user, id) });
    },
  });
  resource(r, '/licences/:id/reject', {
    post: async (req, res) => {
      const user = await gate(req);
      const { id } = parseInput(IdParams, req.params, 'params');
      const body = parseInput(ReasonSchema, req.body, 'body');
      res.json({ licence: await licences.reject(user, id, body.reason) });
    },
  });

  // ── moderation ──
  resource(r, '/moderation', {
    get: async (req, res) => {
      await gate(req);
      res.json({ items: await admin.moderationQueue() });
    },
  });
  resource(r, '/moderation/:kind/:id/:action', {
    post: async (req, res) => {
      const user = await gate(req);
      const { kind, id, action } = parseInput(ModerationParams, req.params, 'params');
      const body = parseInput(OptionalReason, req.body, 'body');
      await admin.decideReport(user, kind, id, action, body?.reason ?? null);
      res.status(204).end();
    },
  });

  resource(r, '/removals', {
    get: async (req, res) => {
      await gate(req);
      res.json({ items: await admin.removals() });
    },
  });
  resource(r, '/removals/:kind/:targetId/restore', {
    post: async (req, res) => {
      const user = await gate(req);
      const { kind, targetId } = parseInput(RestoreParams, req.params, 'params');
      const body = parseInput(ReasonSchema, req.body, 'body');
      await admin.restore(user, kind, targetId, body.reason);
      req.log.info({ adminId: user.id, kind, targetId }, 'removed content restored');
      res.status(204).end();
    },
  });

  // ── jobs ──
  resource(r, '/jobs', {
    get: async (req, res) => {
      await gate(req);
      res.json({ items: await admin.troubledJobs() });
    },
  });
  resource(r, '/jobs/:id/retry', {
    post: async (req, res) => {
      const user = await gate(req);
      const { id } = parseInput(IdParams, req.params, 'params');
      const body = parseInput(OptionalReason, req.body, 'body');
      await admin.retryJob(user, id, body?.reason ?? null);
      res.status(204).end();
    },
  });
  resource(r, '/jobs/:id/cancel', {
    post: async (req, res) => {
      const user = await gate(req);
      const { id } = parseInput(IdParams, req.params, 'params');
      const body = parseInput(ReasonSchema, req.body, 'body');
      await admin.cancelJob(user, id, body.reason);
      res.status(204).end();
    },
  });
  return r;
}
