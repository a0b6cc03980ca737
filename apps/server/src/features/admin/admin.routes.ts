import { Router } from 'express';
import { z } from 'zod';
import { resource } from '../../http/route.ts';
import { requireRole } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { BookingService } from '../booking/booking.service.ts';
import type { LedgerService } from '../payment/ledger.service.ts';

export const FeeSettingSchema = z.object({ feeBps: z.number().int().min(0, 'At least 0 %.').max(5000, 'At most 50 %.') });

/** /api/admin — platform fee (applies to bookings requested afterwards) and the ledger check. */
export function createAdminRouter(booking: BookingService, ledger: LedgerService): Router {
  const r = Router();
  resource(r, '/settings', {
    get: async (req, res) => {
      requireRole(req, 'admin');
      res.json({ feeBps: await booking.getFeeBps() });
    },
    put: async (req, res) => {
      const admin = requireRole(req, 'admin');
      const { feeBps } = parseInput(FeeSettingSchema, req.body, 'body');
      await booking.setFeeBps(admin, feeBps);
      req.log.info({ adminId: admin.id, feeBps }, 'platform fee changed');
      res.json({ feeBps });
    },
  });
  resource(r, '/ledger-check', {
    get: async (req, res) => {
      requireRole(req, 'admin');
      res.json(await ledger.check());
    },
  });
  return r;
}
