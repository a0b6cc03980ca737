import { Router, type Request } from 'express';
import { z } from 'zod';
import { IdParamSchema } from '@partystream/shared/auth/auth.schemas';
import { CancelRequestSchema, CreateBookingRequestSchema, PayRequestSchema } from '@partystream/shared/booking/booking.schemas';
import { resource } from '../../http/route.ts';
import { requireRole, requireUser } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { BookingService } from './booking.service.ts';

const QuoteQuerySchema = z.object({
  djProfileId: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
});
const IdempotencyKeySchema = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w-]+$/)
    .optional(),
});

/** /api/bookings — the booking lifecycle; every action answers with the whole booking. */
export function createBookingRouter(booking: BookingService): Router {
  const r = Router();

  resource(r, '/', {
    get: async (req, res) => {
      res.json({ bookings: await booking.listMine(requireUser(req)) });
    },
    post: async (req, res) => {
      const host = requireRole(req, 'host');
      const input = parseInput(CreateBookingRequestSchema, req.body, 'body');
      const { 'idempotency-key': key } = parseInput(IdempotencyKeySchema, req.headers, 'headers');
      const { booking: b, created } = await booking.request(host, input, key);
      req.log.info({ bookingId: b.id, created }, 'booking requested');
      res.status(created ? 201 : 200).json({ booking: b });
    },
  });

  resource(r, '/quote', {
    get: async (req, res) => {
      const q = parseInput(QuoteQuerySchema, req.query, 'query');
      res.json({ price: await booking.quote(q.djProfileId, new Date(q.startsAt), new Date(q.endsAt)) });
    },
  });

  resource(r, '/:id', {
    get: async (req, res) => {
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      res.json({ booking: await booking.get(requireUser(req), id) });
    },
  });

  resource(r, '/:id/checkout', {
    post: async (req, res) => {
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      const out = await booking.checkout(requireRole(req, 'host'), id);
      req.log.info({ bookingId: id, provider: out.provider }, 'checkout started');
      res.json({ checkout: out });
    },
  });

  resource(r, '/:id/receipt', {
    get: async (req, res) => {
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      res.json({ receipt: await booking.getReceipt(requireUser(req), id) });
    },
  });

  const action = (path: string, fn: (req: Request, id: string) => Promise<unknown>) =>
    resource(r, `/:id/${path}`, {
      post: async (req, res) => {
        const { id } = parseInput(IdParamSchema, req.params, 'params');
        res.json({ booking: await fn(req, id) });
      },
    });

  action('pay', (req, id) => booking.pay(requireRole(req, 'host'), id, parseInput(PayRequestSchema, req.body, 'body')));
  action('confirm-payment', (req, id) => booking.confirmPayment(requireRole(req, 'host'), id));
  action('accept', (req, id) => booking.accept(requireRole(req, 'dj'), id));
  action('decline', (req, id) =>
    booking.decline(requireRole(req, 'dj'), id, parseInput(CancelRequestSchema, req.body ?? {}, 'body').reason),
  );
  action('cancel', (req, id) =>
    booking.cancel(requireUser(req), id, parseInput(CancelRequestSchema, req.body ?? {}, 'body').reason),
  );
  action('no-show', (req, id) =>
    booking.reportNoShow(requireRole(req, 'host'), id, parseInput(CancelRequestSchema, req.body ?? {}, 'body').reason),
  );

  return r;
}
