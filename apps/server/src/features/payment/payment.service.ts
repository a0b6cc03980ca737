/**
 * Payments outside the booking lifecycle: DJ payout onboarding and the payment provider's webhooks.
 *
 * Onboarding: a DJ gets one account with the provider (Stripe: an Express connected account), created under a
 * lock on their profile row with a key stable per DJ, so double clicks, retries and concurrent requests make
 * one account. The provider's onboarding link is made per click and never stored (links are single-use).
 *
 * Webhooks (Stripe): verified against the signing secret on the exact raw bytes before anything is parsed,
 * recorded by event id so a retried or duplicated delivery changes nothing, and applied only when they move a
 * payment forward, so events arriving out of order cannot move it back. `account.updated` is not trusted for
 * its snapshot: the account is read back from Stripe, so a late, older event cannot undo a newer state.
 * Refund events (`charge.refunded`, `refund.created`/`updated`) are triggers too: the PaymentIntent's refunds are
 * read back and the booking books each outside refund once by its refund id (decision 011), so replays, any
 * order of events and the echo of a refund the app made itself change the ledger at most once; a refund that
 * fails after it succeeded is reversed once (decision 015). Dispute events (`charge.dispute.*`) are triggers as
 * well: the dispute is read back and the booking brings its ledger to the dispute's current status.
 */
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { PayoutOnboarding, PayoutStatus } from '@partystream/shared/payment/payment.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { PaymentsProvider, ProviderDispute, ProviderEvent, ProviderRefund } from '../../providers/payments/payments.ts';
import { canBePaid, type DjService, type PayoutAccount } from '../dj/dj.service.ts';
import * as repo from './payment.repo.ts';

const RANK: Record<string, number> = {
  pending: 0,
  requires_action: 1,
  authorized: 2,
  captured: 3,
  partially_refunded: 4,
  refunded: 5,
  released: 5,
};

export interface PaymentServiceDeps {
  db: Db;
  clock: Clock;
  /** The Stripe webhook signing secret (webhooks are refused without it, or with a provider that sends none). */
  webhookSecret: string | null;
  payments: PaymentsProvider;
  dj: DjService;
  publicUrl: string;
  /**
   * The booking feature's reaction to "the money is held" (a browser-confirmed PaymentIntent). Runs in the
   * webhook's transaction; returns what to do after commit (tell dashboards), or null when nothing changed.
   */
  onPaymentAuthorized(tx: Tx, providerPaymentId: string): Promise<(() => Promise<void>) | null>;
  /** The booking feature books refunds made at the provider (read back from it) in the webhook's transaction. */
  onProviderRefunds(
    tx: Tx,
    providerPaymentId: string,
    refunds: ProviderRefund[],
  ): Promise<{ applied: string[]; after: (() => Promise<void>) | null }>;
  /** The booking feature books a dispute's current status (read back from the provider) in the webhook's transaction. */
  onProviderDispute(tx: Tx, dispute: ProviderDispute): Promise<{ applied: string[]; after: (() => Promise<void>) | null }>;
}

const DISPUTE_EVENTS = new Set([
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
]);

const REFUND_EVENTS = new Set(['charge.refunded', 'charge.refund.updated', 'refund.created', 'refund.updated', 'refund.failed']);

export function createPaymentService(d: PaymentServiceDeps) {
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

    async handleStripeWebhook(
      raw: Buffer | undefined,
      signature: string | undefined,
    ): Promise<{ received: true; duplicate?: true; applied?: string }> {
      if (!d.payments.parseWebhook || !d.webhookSecret) throw new AppError('NOT_FOUND', { detail: 'Stripe is not configured.' });
      let event: ProviderEvent;
      try {
        // The signature's age is checked against the app clock (Stripe's default tolerance, 300 s), not the machine's.
        const receivedAt = Math.floor(d.clock.now().getTime() / 1000);
        event = await d.payments.parseWebhook({
          raw: raw ?? Buffer.alloc(0),
          signature: signature ?? '',
          secret: d.webhookSecret,
          receivedAt,
        });
      } catch {
        throw new AppError('PAYMENT_WEBHOOK_SIGNATURE_INVALID', {
          detail: 'The Stripe-Signature header does not match this body.',
        });
      }
      // Read outside the transaction (a network call should not hold database locks), and only for our DJs'
      // accounts: an unknown account is acknowledged without asking Stripe.
      const accountReady =
        event.type === 'account.updated' && (await d.dj.findPayoutAccountByStripeId(event.object.id ?? ''))
          ? (await d.payments.payeeState({ accountId: event.object.id ?? null })).ready
          : null;
      // Refunds: only for our payments, read outside the transaction like accounts.
      const refundedIntent = REFUND_EVENTS.has(event.type)
        ? ((event.object as { payment_intent?: string | { id: string } | null }).payment_intent ?? null)
        : null;
      const refundedPiId = typeof refundedIntent === 'string' ? refundedIntent : (refundedIntent?.id ?? null);
      const refunds =
        refundedPiId && (await repo.findByProviderId(d.db, 'stripe', refundedPiId))
          ? await d.payments.listRefunds(refundedPiId)
          : null;
      // Disputes: read back (the event's snapshot may be older than what Stripe knows now), only for our payments.
      const disputeObj = DISPUTE_EVENTS.has(event.type)
        ? (event.object as { id?: string; payment_intent?: string | { id: string } | null })
        : null;
      const disputedPi =
        typeof disputeObj?.payment_intent === 'string' ? disputeObj.payment_intent : (disputeObj?.payment_intent?.id ?? null);
      const dispute =
        disputeObj?.id && disputedPi && (await repo.findByProviderId(d.db, 'stripe', disputedPi))
          ? await d.payments.getDispute(disputeObj.id)
          : null;
      let after: (() => Promise<void>) | null = null;
      const result = await d.db.transaction(async (tx) => {
        if (!(await repo.recordEvent(tx, event.id, 'stripe', event.type, d.clock.now())))
          return { received: true as const, duplicate: true as const };
        if (DISPUTE_EVENTS.has(event.type)) {
          if (!dispute) return { received: true as const };
          const r = await d.onProviderDispute(tx, dispute);
          after = r.after;
          return r.applied.length ? { received: true as const, applied: r.applied.join(',') } : { received: true as const };
        }
        if (REFUND_EVENTS.has(event.type)) {
          if (!refundedPiId || !refunds) return { received: true as const };
          const r = await d.onProviderRefunds(tx, refundedPiId, refunds);
          after = r.after;
          return r.applied.length
            ? { received: true as const, applied: `refunds:${r.applied.join(',')}` }
            : { received: true as const };
        }
        if (event.type === 'account.updated') {
          const a = await d.dj.findPayoutAccountByStripeId(event.object.id ?? '', tx);
          if (!a || accountReady === null || a.payoutsReady === accountReady) return { received: true as const };
          await d.dj.setPayoutsReady(a.djProfileId, accountReady, tx);
          return { received: true as const, applied: accountReady ? 'payouts_ready' : 'payouts_not_ready' };
        }
        let piId: string | null = null;
        let status: string | null = null;
        const obj = event.object as { id?: string };
        switch (event.type) {
          case 'payment_intent.amount_capturable_updated':
            // The host confirmed in the browser and the money is held: the booking moves on (pay, maybe accept).
            after = obj.id ? await d.onPaymentAuthorized(tx, obj.id) : null;
            if (after) return { received: true as const, applied: 'authorized' };
            [piId, status] = [obj.id ?? null, 'authorized'];
            break;
          case 'payment_intent.succeeded':
            [piId, status] = [obj.id ?? null, 'captured'];
            break;
          case 'payment_intent.canceled':
            [piId, status] = [obj.id ?? null, 'released'];
            break;
        }
        if (!piId || !status) return { received: true as const };
        const payment = await repo.findByProviderId(tx, 'stripe', piId);
        // A held payment whose booking did not move (hold expired meanwhile) is released by the hold's expiry.
        if (!payment || payment.status === 'pending' || (RANK[status] ?? 0) <= (RANK[payment.status] ?? 0))
          return { received: true as const };
        await repo.setStatus(tx, payment.id, status, d.clock.now());
        return { received: true as const, applied: status };
      });
      await (after as (() => Promise<void>) | null)?.();
      return result;
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
