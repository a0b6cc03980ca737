import { Router } from 'express';
import { resource } from '../../http/route.ts';
import { requireRole } from '../../http/require-user.ts';
import type { PaymentService } from './payment.service.ts';

/**
 * /api/payments — DJ payout onboarding (`/payout-account`) and the Stripe webhook (signature checked on the raw
 * body, kept by the JSON parser, before anything is parsed).
 */
export function createPaymentRouter(payments: PaymentService): Router {
  const r = Router();
  resource(r, '/payout-account', {
    get: async (req, res) => {
      res.json({ status: await payments.getPayoutStatus(requireRole(req, 'dj')) });
    },
  });
  resource(r, '/payout-account/onboarding', {
    post: async (req, res) => {
      const dj = requireRole(req, 'dj');
      const out = await payments.startPayoutOnboarding(dj);
      req.log.info({ userId: dj.id, state: out.status.state }, 'payout onboarding started');
      res.json(out);
    },
  });
  resource(r, '/webhooks/stripe', {
    post: async (req, res) => {
      const raw = (req as unknown as { rawBody?: Buffer }).rawBody;
      res.json(await payments.handleStripeWebhook(raw, req.get('stripe-signature')));
    },
  });
  return r;
}
