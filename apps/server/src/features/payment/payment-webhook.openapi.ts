import { z } from 'zod';
import type { ApiOperation } from '../../http/openapi.ts';

/**
 * The Stripe webhook (payment.routes.ts), documented apart from payment.openapi.ts. Authenticated by the
 * `Stripe-Signature` header over the raw body (https://docs.stripe.com/webhooks#verify-events), not by a session.
 */
export const paymentWebhookOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/payments/webhooks/stripe',
    tag: 'Payments',
    summary:
      'Stripe events (payment_intent.*, charge.refund*, charge.dispute.*, account.updated); signature checked on the raw body first, then the event is recorded and answered at once, and applied by a job; replays change nothing; 404 when Stripe is not configured',
    body: z.record(z.string(), z.unknown()).describe('A Stripe event object'),
    response: {
      status: 200,
      schema: z.object({ received: z.literal(true), duplicate: z.literal(true).optional() }),
    },
  },
];
