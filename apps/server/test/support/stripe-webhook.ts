/**
 * Delivers a Stripe event to the app as Stripe does (signed over the exact body), then runs the job the webhook
 * queued — the runner is off in tests — and reports what that job applied as `body.applied`, read back from the
 * event's record: the webhook itself answers before anything is applied (decision 027).
 */
import type Stripe from 'stripe';
import { STRIPE_EVENT_JOB } from '../../src/features/payment/payment.webhook.ts';
import type { TestApp } from './app.ts';
import type { TestResponse } from './client.ts';

export interface DeliverOptions {
  secret: string;
  /** Run the event's job after the answer (default true); false leaves it queued. */
  process?: boolean;
}

export async function deliverStripeEvent(
  app: TestApp,
  stripe: Stripe,
  event: { id: string },
  o: DeliverOptions,
): Promise<TestResponse> {
  const body = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: o.secret,
    timestamp: Math.floor(app.clock.now().getTime() / 1000),
  });
  const res = await app.client({ origin: null }).request('POST', '/api/payments/webhooks/stripe', {
    raw: body,
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header },
  });
  if (res.status !== 200 || res.body.duplicate || o.process === false) return res;
  await app.deps.jobs.runNow(STRIPE_EVENT_JOB, 'eventId', event.id);
  const applied = (await app.deps.paymentService.findWebhookEvent(event.id))?.applied;
  return { ...res, body: { ...res.body, ...(applied ? { applied } : {}) } };
}
