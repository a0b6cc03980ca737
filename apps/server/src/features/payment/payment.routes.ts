import { Router } from 'express';
import { resource } from '../../http/route.ts';
import type { PaymentService } from './payment.service.ts';

/** /api/payments/webhooks/stripe — signature checked on the raw body (kept by the JSON parser) before parsing. */
export function createPaymentRouter(payments: PaymentService): Router {
  const r = Router();
  resource(r, '/webhooks/stripe', {
    post: async (req, res) => {
      const raw = (req as unknown as { rawBody?: Buffer }).rawBody;
      res.json(await payments.handleStripeWebhook(raw, req.get('stripe-signature')));
    },
  });
  return r;
}
