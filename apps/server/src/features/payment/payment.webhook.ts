/**
 * The Stripe webhook, in two halves (decision 027, after Stripe's guidance: "return a 2xx quickly, before any
 * complex logic", https://docs.stripe.com/webhooks#acknowledge-events-immediately).
 *
 * - `receive` (the request): verifies the signature against the signing secret on the exact raw bytes, then in one
 *   transaction records the event by its id and enqueues its job (key `stripe-event:<id>`). A retried or
 *   duplicated delivery finds the id recorded and changes nothing. It answers 2xx without calling Stripe or
 *   touching a booking, so a slow Stripe or a busy booking row never makes Stripe retry.
 * - `process` (the job): reads back from Stripe what the event is about (outside any transaction), then applies
 *   it in a transaction that also marks the event processed, under a lock on the event's row — so a job that
 *   runs twice (a retry after a crash) applies it once. A failure rolls back and the runner retries it with
 *   backoff. Events are applied only when they move a payment forward, and refunds, disputes and accounts are
 *   read back rather than trusted from the event's snapshot, so events applied out of order cannot move money
 *   or a payment back.
 *
 * What each event does: `account.updated` (the account read back) marks a DJ ready or not for pay-outs;
 * `payment_intent.amount_capturable_updated` moves a booking waiting for payment on (the host confirmed in the
 * browser); `payment_intent.succeeded|canceled` move the payment's status forward; refund events book refunds made
 * at Stripe and reverse failed ones (decisions 011, 015); dispute events bring the ledger to the dispute's status.
 */
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob, enqueueJob } from '../../jobs/jobs.ts';
import type { PaymentsProvider, ProviderDispute, ProviderEvent, ProviderRefund } from '../../providers/payments/payments.ts';
import type { DjService } from '../dj/dj.service.ts';
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

const DISPUTE_EVENTS = new Set([
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
]);
const REFUND_EVENTS = new Set(['charge.refunded', 'charge.refund.updated', 'refund.created', 'refund.updated', 'refund.failed']);
const INTENT_EVENTS = new Set([
  'payment_intent.amount_capturable_updated',
  'payment_intent.succeeded',
  'payment_intent.canceled',
]);
/** The events with work to do; any other verified event is recorded as processed at once. */
const HANDLED = new Set([...DISPUTE_EVENTS, ...REFUND_EVENTS, ...INTENT_EVENTS, 'account.updated']);

export const STRIPE_EVENT_JOB = 'webhook.stripe_event';

/** What the job needs of a verified event: ids only (the objects are read back from Stripe, never stored). */
export const StripeEventJobSchema = z.object({
  eventId: z.string().min(1),
  type: z.string().min(1),
  objectId: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
});
export type StripeEventJob = z.infer<typeof StripeEventJobSchema>;

/** Stripe retries a webhook for 3 days; the job retries with the runner's backoff (1, 2, 4 … 60 min) this often. */
const STRIPE_EVENT_ATTEMPTS = 10;

export interface WebhookDeps {
  db: Db;
  clock: Clock;
  /** The Stripe webhook signing secret (webhooks are refused without it, or with a provider that sends none). */
  webhookSecret: string | null;
  payments: PaymentsProvider;
  dj: DjService;
  /**
   * The money side's reaction to "the money is held" (a browser-confirmed PaymentIntent). Runs in the job's
   * transaction; returns what to do after commit (tell dashboards), or null when nothing changed.
   */
  onPaymentAuthorized(tx: Tx, providerPaymentId: string): Promise<(() => Promise<void>) | null>;
  /** The money side books refunds made at the provider (read back from it) in the job's transaction. */
  onProviderRefunds(
    tx: Tx,
    providerPaymentId: string,
    refunds: ProviderRefund[],
  ): Promise<{ applied: string[]; after: (() => Promise<void>) | null }>;
  /** The money side books a dispute's current status (read back from the provider) in the job's transaction. */
  onProviderDispute(tx: Tx, dispute: ProviderDispute): Promise<{ applied: string[]; after: (() => Promise<void>) | null }>;
}

type Outcome = { applied: string | null; after: (() => Promise<void>) | null };

const intentOf = (object: ProviderEvent['object']): string | null =>
  typeof object.payment_intent === 'string' ? object.payment_intent : (object.payment_intent?.id ?? null);

export function createStripeWebhook(d: WebhookDeps) {
  const now = () => d.clock.now();

  /** What Stripe says now about the event's subject, read outside the transaction and only for what is ours. */
  async function readBack(e: StripeEventJob) {
    const ours = async (pi: string | null) => pi !== null && (await repo.findByProviderId(d.db, 'stripe', pi)) !== null;
    const accountReady =
      e.type === 'account.updated' && (await d.dj.findPayoutAccountByStripeId(e.objectId ?? ''))
        ? (await d.payments.payeeState({ accountId: e.objectId })).ready
        : null;
    const refunds =
      REFUND_EVENTS.has(e.type) && (await ours(e.paymentIntentId)) ? await d.payments.listRefunds(e.paymentIntentId!) : null;
    const dispute =
      DISPUTE_EVENTS.has(e.type) && e.objectId && (await ours(e.paymentIntentId))
        ? await d.payments.getDispute(e.objectId)
        : null;
    return { accountReady, refunds, dispute };
  }

  async function apply(tx: Tx, e: StripeEventJob, seen: Awaited<ReturnType<typeof readBack>>): Promise<Outcome> {
    const none: Outcome = { applied: null, after: null };
    if (DISPUTE_EVENTS.has(e.type)) {
      if (!seen.dispute) return none;
      const r = await d.onProviderDispute(tx, seen.dispute);
      return { applied: r.applied.length ? r.applied.join(',') : null, after: r.after };
    }
    if (REFUND_EVENTS.has(e.type)) {
      if (!e.paymentIntentId || !seen.refunds) return none;
      const r = await d.onProviderRefunds(tx, e.paymentIntentId, seen.refunds);
      return { applied: r.applied.length ? `refunds:${r.applied.join(',')}` : null, after: r.after };
    }
    if (e.type === 'account.updated') {
      const a = await d.dj.findPayoutAccountByStripeId(e.objectId ?? '', tx);
      if (!a || seen.accountReady === null || a.payoutsReady === seen.accountReady) return none;
      await d.dj.setPayoutsReady(a.djProfileId, seen.accountReady, tx);
      return { applied: seen.accountReady ? 'payouts_ready' : 'payouts_not_ready', after: null };
    }
    const piId = e.objectId;
    if (!piId) return none;
    let status: string;
    switch (e.type) {
      case 'payment_intent.amount_capturable_updated': {
        // The host confirmed in the browser and the money is held: the booking moves on (pay, maybe accept).
        const after = await d.onPaymentAuthorized(tx, piId);
        if (after) return { applied: 'authorized', after };
        status = 'authorized';
        break;
      }
      case 'payment_intent.succeeded':
        status = 'captured';
        break;
      default:
        status = 'released';
    }
    const payment = await repo.findByProviderId(tx, 'stripe', piId);
    // A held payment whose booking did not move (hold expired meanwhile) is released by the hold's expiry.
    if (!payment || payment.status === 'pending' || (RANK[status] ?? 0) <= (RANK[payment.status] ?? 0)) return none;
    await repo.setStatus(tx, payment.id, status, now());
    return { applied: status, after: null };
  }

  /** The job: applies one recorded event once (a second run finds it processed and does nothing). */
  async function process(e: StripeEventJob): Promise<void> {
    const seen = await readBack(e);
    let after: (() => Promise<void>) | null = null;
    await d.db.transaction(async (tx) => {
      if (!(await repo.claimUnprocessedEvent(tx, e.eventId))) return;
      const out = await apply(tx, e, seen);
      after = out.after;
      await repo.markEventProcessed(tx, e.eventId, out.applied, now());
    });
    await (after as (() => Promise<void>) | null)?.();
  }

  return {
    /** The request: verify, record and enqueue in one transaction; answers at once. */
    async receive(raw: Buffer | undefined, signature: string | undefined): Promise<{ received: true; duplicate?: true }> {
      if (!d.payments.parseWebhook || !d.webhookSecret) throw new AppError('NOT_FOUND', { detail: 'Stripe is not configured.' });
      let event: ProviderEvent;
      try {
        // The signature's age is checked against the app clock (Stripe's default tolerance, 300 s), not the machine's.
        event = await d.payments.parseWebhook({
          raw: raw ?? Buffer.alloc(0),
          signature: signature ?? '',
          secret: d.webhookSecret,
          receivedAt: Math.floor(now().getTime() / 1000),
        });
      } catch {
        throw new AppError('PAYMENT_WEBHOOK_SIGNATURE_INVALID', {
          detail: 'The Stripe-Signature header does not match this body.',
        });
      }
      const job: StripeEventJob = {
        eventId: event.id,
        type: event.type,
        objectId: event.object.id ?? null,
        paymentIntentId: intentOf(event.object),
      };
      const handled = HANDLED.has(event.type);
      const fresh = await d.db.transaction(async (tx) => {
        if (!(await repo.recordEvent(tx, event.id, 'stripe', event.type, now(), handled ? null : now()))) return false;
        if (handled) await enqueueJob(tx, STRIPE_EVENT_JOB, job, { runAt: now(), key: `stripe-event:${event.id}` });
        return true;
      });
      return fresh ? { received: true } : { received: true, duplicate: true };
    },

    /** A recorded event: when its job applied it and what it changed (null: never received). */
    findEvent: (eventId: string) => repo.findEvent(d.db, eventId),

    jobs: [
      defineJob({
        name: STRIPE_EVENT_JOB,
        schema: StripeEventJobSchema,
        maxAttempts: STRIPE_EVENT_ATTEMPTS,
        handle: (p) => process(p),
      }),
    ],
  };
}

export type StripeWebhook = ReturnType<typeof createStripeWebhook>;
