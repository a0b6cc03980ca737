/**
 * Payment jobs: the provider call of an effect a committed transition decided (capture, release, refund,
 * pay-out), keyed by the effect's idempotency key, then its result — or its compensation when the provider
 * refuses for good — in a transaction of its own (decision 015). Transient failures are retried by the jobs
 * runner with backoff; a compensation that undoes a capture or a pay-out moves the booking through the one
 * narrow call (`move`).
 */
import { z } from 'zod';
import { defineJob, enqueueJob, JobDeferred, type JobDefinition } from '../../jobs/jobs.ts';
import { isPermanentProviderError } from '../../providers/payments/payments.ts';
import { leaves } from '@partystream/shared/booking/booking.process';
import { type BookingState } from '@partystream/shared/booking/booking.states';
import type { PaymentEffects } from './payment.effects.ts';
import type { MoneyDeps } from './payment.money.ts';
import type { RefundBook } from './payment.refunds.ts';
import * as repo from './payment.repo.ts';

/**
 * One provider call decided by a committed transition. `key`: the provider's idempotency key (also the job's);
 * `ref`: for refunds the effect (`refund_in_full` …), for pay-outs the attempt suffix ('' or `:2` …).
 */
export const PaymentJobSchema = z.object({
  bookingId: z.uuid(),
  op: z.enum(['capture', 'release', 'refund', 'payout']),
  key: z.string().min(1),
  amountMinor: z.number().int().nonnegative(),
  refundApplicationFee: z.boolean().default(false),
  ref: z.string().default(''),
});
export type PaymentJob = z.infer<typeof PaymentJobSchema>;
/** Transient provider errors are retried with the runner's backoff (1, 2, 4 … 60 min) this many times. */
const PAYMENT_JOB_ATTEMPTS = 10;

export function createPaymentJobs(d: MoneyDeps, effects: PaymentEffects, refunds: RefundBook) {
  const now = () => d.clock.now();
  const { setRefundStatus, reverseRefund } = refunds;

  const hasTx = (key: string) => d.ledger.exists(d.db, key);

  /** A payment job: call the provider with the effect's key, then record the result or compensate. */
  async function runPayment(p: PaymentJob): Promise<void> {
    const b = await d.bookings().find(d.db, p.bookingId);
    const payment = b && (await repo.findPayment(d.db, b.id));
    if (!b || !payment) return;
    if (p.op === 'refund' || p.op === 'payout') {
      // Nothing was charged: the capture's compensation already unwound this effect's ledger too.
      if (await hasTx(`ledger:capture_failed:${b.id}`)) return;
      if (!(await hasTx(`ledger:capture:${b.id}`))) throw new JobDeferred('waiting for the capture', 60_000);
      // Reversed already (the provider reported the refund failed): never book it after all.
      if (p.op === 'refund' && (await hasTx(`ledger:refund_failed:${b.id}:${p.ref}`))) return;
    }
    try {
      switch (p.op) {
        case 'capture':
          await d.payments.capture({
            providerPaymentId: payment.providerPaymentId,
            amountMinor: p.amountMinor,
            idempotencyKey: p.key,
          });
          break;
        case 'release':
          await d.payments.release({ providerPaymentId: payment.providerPaymentId, idempotencyKey: p.key });
          break;
        case 'refund': {
          const refund = await d.payments.refund({
            providerPaymentId: payment.providerPaymentId,
            amountMinor: p.amountMinor,
            refundApplicationFee: p.refundApplicationFee,
            idempotencyKey: p.key,
          });
          if (refund.status === 'failed' || refund.status === 'canceled')
            throw Object.assign(new Error(`the refund ${refund.id} ${refund.status}`), { permanent: true });
          break;
        }
        case 'payout':
          await d.payments.payout({
            destinationAccount: (await d.dj.getBookingTerms(b.djProfileId)).stripeAccountId,
            amountMinor: p.amountMinor,
            currency: b.currency,
            idempotencyKey: p.key,
          });
          break;
      }
    } catch (e) {
      const permanent = isPermanentProviderError(e) || (e as { permanent?: boolean }).permanent === true;
      if (!permanent) throw e; // transient: the runner retries with backoff, same key
      await compensate(p, (e as Error).message);
      return;
    }
    await record(p);
  }

  /** The provider did it: move the money out of the pending account (once, by key) in one transaction. */
  async function record(p: PaymentJob) {
    await d.db.transaction(async (tx) => {
      const b = await d.bookings().lock(tx, p.bookingId);
      if (!b) return;
      const line = (account: string, amountMinor: number) => ({ account, amountMinor });
      switch (p.op) {
        case 'release':
          await repo.setPaymentStatus(tx, b.id, 'released', now());
          return;
        case 'capture': {
          const posted = await d.ledger.postFor(tx, b, 'capture', `ledger:capture:${b.id}`, [
            line('customer', -p.amountMinor),
            line('capture_pending', p.amountMinor),
          ]);
          if (!posted) return;
          const pay = await repo.findPayment(tx, b.id);
          if (pay && ['authorized', 'pending', 'requires_action'].includes(pay.status))
            await repo.setPaymentStatus(tx, b.id, 'captured', now());
          await enqueueJob(
            tx,
            'booking.receipt_mail',
            { bookingId: b.id, occasion: 'charged' },
            { runAt: now(), key: `receipt:${b.id}:charged` },
          );
          return;
        }
        case 'refund': {
          if (await d.ledger.exists(tx, `ledger:refund_failed:${b.id}:${p.ref}`)) return;
          const posted = await d.ledger.postFor(tx, b, 'refund', `ledger:refund:${b.id}:${p.ref}`, [
            line('customer', p.amountMinor),
            line('refund_pending', -p.amountMinor),
          ]);
          if (!posted) return;
          await setRefundStatus(tx, b);
          await enqueueJob(
            tx,
            'booking.receipt_mail',
            { bookingId: b.id, occasion: 'refunded' },
            { runAt: now(), key: `receipt:${b.id}:refunded:${p.ref}` },
          );
          return;
        }
        case 'payout':
          await d.ledger.postFor(tx, b, 'payout', `ledger:payout:${b.id}${p.ref}`, [
            line('payout_pending', -p.amountMinor),
            line('dj_paid_out', p.amountMinor),
          ]);
          return;
      }
    });
  }

  /**
   * The provider refused for good: undo the effect's ledger (once, by key), write the audit row, tell the people
   * concerned, and — for a capture or a pay-out — take the compensating transition.
   */
  async function compensate(p: PaymentJob, why: string) {
    await d.db.transaction(async (tx) => {
      const b = await d.bookings().lock(tx, p.bookingId);
      if (!b) return;
      const reason = `The payment provider refused: ${why}`.slice(0, 500);
      switch (p.op) {
        case 'release':
          // No money moved; leave a trace for admins.
          await d.bookings().note(tx, b, 'release_failed', reason);
          return;
        case 'capture': {
          // Nothing was charged: unwind everything this booking's ledger holds (the capture request and any
          // refund requested meanwhile) back to zero.
          const bal = await d.ledger.balances(tx, b.id);
          const lines = Object.entries(bal)
            .filter(
              ([account, v]) =>
                v !== 0 && ['capture_pending', 'refund_pending', 'dj_payable', 'platform_revenue'].includes(account),
            )
            .map(([account, v]) => ({ account, amountMinor: -v }));
          const posted = await d.ledger.postFor(tx, b, 'capture_failed', `ledger:capture_failed:${b.id}`, lines);
          if (!posted) return;
          await d.bookings().setRefunded(tx, b.id, 0);
          await repo.setPaymentStatus(tx, b.id, 'failed', now());
          // The authorisation may still be held: release it (a release of an already-cancelled payment is fine).
          await effects.enqueueRelease(tx, b.id);
          if (leaves('capture_failed', b.state as BookingState)) {
            await d.bookings().move(tx, b.id, 'capture_failed', { actor: 'system', reason });
          } else {
            // Cancelled before the capture went through: the state stays, the money is unwound, both are told.
            await d.bookings().note(tx, b, 'capture_failed', reason);
            await d.bookings().mailRow(tx, b, 'capture_failed');
          }
          return;
        }
        case 'refund':
          await reverseRefund(tx, b, p.ref, reason);
          return;
        case 'payout': {
          const posted = await d.ledger.postFor(tx, b, 'payout_failed', `ledger:payout_failed:${b.id}${p.ref}`, [
            { account: 'payout_pending', amountMinor: -p.amountMinor },
            { account: 'dj_payable', amountMinor: p.amountMinor },
          ]);
          if (posted && leaves('payout_failed', b.state as BookingState))
            await d.bookings().move(tx, b.id, 'payout_failed', { actor: 'system', reason });
          return;
        }
      }
    });
  }

  const jobs: JobDefinition[] = (['capture', 'release', 'refund', 'payout'] as const).map((op) =>
    defineJob({ name: `payment.${op}`, schema: PaymentJobSchema, maxAttempts: PAYMENT_JOB_ATTEMPTS, handle: runPayment }),
  );
  return { jobs };
}
