/**
 * Payments outside the booking lifecycle: DJ payout onboarding and the payment provider's webhooks.
 *
 * Onboarding: a DJ gets one account with the provider (Stripe: an Express connected account), created under a
 * lock on their profile row with a key stable per DJ, so double clicks, retries and concurrent requests make
 * one account. The provider's onboarding link is made per click and never stored (links are single-use).
 *
 * The Stripe webhook (payment.webhook.ts) is verified and recorded in its request and applied by a job (decision
 * 027): refunds, disputes and confirmed payments are booked by the money side (payment.money.ts).
 */
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { PayoutOnboarding, PayoutStatus } from '@partystream/shared/payment/payment.schemas';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { canBePaid, type DjService, type PayoutAccount } from '../dj/dj.service.ts';
import { createStripeWebhook, type WebhookDeps } from './payment.webhook.ts';

export interface PaymentServiceDeps extends WebhookDeps {
  db: Db;
  clock: Clock;
  dj: DjService;
  publicUrl: string;
}

export function createPaymentService(d: PaymentServiceDeps) {
  const webhook = createStripeWebhook(d);
  const statusOf = (a: PayoutAccount): PayoutStatus => ({
    provider: d.payments.kind,
    state: canBePaid(d.payments.kind, a)
      ? 'ready'
      : d.payments.kind === 'stripe' && a.stripeAccountId
        ? 'pending'
        : 'not_started',
  });

  return {
    /**
     * The DJ starts (or resumes) payout setup: makes their provider account once and answers where to send
     * them. The embedded processor marks them ready at once and sends them straight to the return page.
     */
    async startPayoutOnboarding(user: User): Promise<PayoutOnboarding> {
      const account = await d.db.transaction(async (tx) => {
        const a = await d.dj.getPayoutAccount(user.id, tx, true);
        const needsAccount = d.payments.kind === 'stripe' ? a.stripeAccountId === null : !a.payoutsReady;
        if (!needsAccount) return a;
        const created = await d.payments.createPayee({
          payeeId: a.djProfileId,
          email: user.email,
          idempotencyKey: `payee:${a.djProfileId}`,
        });
        const next = { ...a, stripeAccountId: created.accountId ?? a.stripeAccountId, payoutsReady: created.ready };
        await d.dj.setPayoutAccount(a.djProfileId, next.stripeAccountId, next.payoutsReady, tx);
        return next;
      });
      const url = await d.payments.payeeOnboardingUrl({
        accountId: account.stripeAccountId,
        refreshUrl: `${d.publicUrl}/dj/payouts?setup=again`,
        returnUrl: `${d.publicUrl}/dj/payouts/return`,
      });
      return { url, status: statusOf(account) };
    },

    /** Where the DJ stands; while Stripe still has the account pending, asks Stripe (the webhook may lag). */
    async getPayoutStatus(user: User): Promise<PayoutStatus> {
      const a = await d.dj.getPayoutAccount(user.id);
      if (d.payments.kind === 'stripe' && a.stripeAccountId && !a.payoutsReady) {
        const { ready } = await d.payments.payeeState({ accountId: a.stripeAccountId });
        if (ready) {
          await d.dj.setPayoutsReady(a.djProfileId, true);
          return statusOf({ ...a, payoutsReady: true });
        }
      }
      return statusOf(a);
    },

    /** The Stripe webhook's request: verified, recorded and queued; answers at once (payment.webhook.ts). */
    handleStripeWebhook: webhook.receive,
    /** A recorded Stripe event: when its job applied it and what it changed. */
    findWebhookEvent: webhook.findEvent,
    jobs: webhook.jobs,
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
