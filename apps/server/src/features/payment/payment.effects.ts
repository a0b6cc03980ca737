/**
 * Money effects of the process table's rows (packages/shared/src/booking/booking.process.ts), applied in the
 * transition's transaction: a balanced ledger transaction into a "pending" account plus a `payment.*` job that
 * makes the provider call after commit, both keyed by an idempotency key derived from booking + effect
 * (decision 015). `create_party` is not money and stays with the booking feature.
 */
import { JobDeferred, enqueueJob } from '../../jobs/jobs.ts';
import { policyRefund, type Effect } from '@partystream/shared/booking/booking.process';
import type { Currency } from '@partystream/shared/money';
import type { Clock } from '../../clock.ts';
import type { Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { splitRefund, type Price } from '../booking/pricing.ts';
import type { LedgerService } from './ledger.service.ts';
import type { BookedMoney } from './money.port.ts';
import * as repo from './payment.repo.ts';
import type { PaymentJob } from './payment.jobs.ts';

export function priceOf(b: BookedMoney): Price {
  return {
    totalMinor: b.totalMinor,
    feeMinor: b.feeMinor,
    djShareMinor: b.djShareMinor,
    currency: b.currency as Currency,
    feeBps: b.feeBps,
  };
}

export type PaymentEffects = ReturnType<typeof createPaymentEffects>;

export function createPaymentEffects(d: { clock: Clock; ledger: LedgerService }) {
  const now = () => d.clock.now();

  /** Enqueues the provider call of an effect (after commit, by the job); the job's key is the provider's key. */
  async function enqueuePayment(tx: Tx, job: PaymentJob) {
    await enqueueJob(tx, `payment.${job.op}`, job, { runAt: now(), key: `payment:${job.key}` });
  }

  /**
   * Applies one money effect: the ledger moves money into a pending account now and the provider call follows
   * after commit (payment job). Idempotent through the keys. Answers the booking fields to set (refunded total).
   */
  async function applyEffect(
    tx: Tx,
    b: BookedMoney,
    effect: Exclude<Effect, 'create_party'>,
    ctx: { refundMinor?: number } = {},
  ): Promise<{ refundedMinor?: number }> {
    const payment = await repo.findPayment(tx, b.id);
    const price = priceOf(b);
    switch (effect) {
      case 'authorize_payment':
        return {}; // done by pay(), which has the card
      case 'release_authorization':
        if (payment && payment.status !== 'released') await enqueueRelease(tx, b.id);
        return {};
      case 'capture_payment': {
        if (!payment) throw new AppError('CONFLICT', { detail: 'No authorised payment to capture.' });
        await d.ledger.postFor(tx, b, 'capture_requested', `ledger:capture_requested:${b.id}`, [
          { account: 'capture_pending', amountMinor: -price.totalMinor },
          { account: 'dj_payable', amountMinor: price.djShareMinor },
          { account: 'platform_revenue', amountMinor: price.feeMinor },
        ]);
        await enqueuePayment(tx, {
          bookingId: b.id,
          op: 'capture',
          key: `capture:${b.id}`,
          amountMinor: b.totalMinor,
          refundApplicationFee: false,
          ref: '',
        });
        return {};
      }
      case 'refund_by_policy':
      case 'refund_in_full':
      case 'refund_decided': {
        if (!payment) return {};
        const remaining = b.totalMinor - b.refundedMinor;
        const notice = (b.startsAt.getTime() - now().getTime()) / 60_000;
        const amount =
          effect === 'refund_in_full'
            ? remaining
            : effect === 'refund_decided'
              ? Math.min(remaining, ctx.refundMinor ?? 0)
              : Math.min(remaining, policyRefund(b.cancellationPolicy as 'flexible', b.totalMinor, notice));
        if (amount <= 0) return {};
        const split = splitRefund(price, amount);
        // An admin may decide more than one refund: each gets keys of its own (the n-th refund of the booking).
        const ref =
          effect === 'refund_decided' ? `${effect}:${(await d.ledger.countKind(tx, b.id, 'refund_requested')) + 1}` : effect;
        await d.ledger.postFor(tx, b, 'refund_requested', `ledger:refund_requested:${b.id}:${ref}`, [
          { account: 'refund_pending', amountMinor: amount },
          { account: 'dj_payable', amountMinor: -split.fromDj },
          { account: 'platform_revenue', amountMinor: -split.fromFee },
        ]);
        await enqueuePayment(tx, {
          bookingId: b.id,
          op: 'refund',
          key: `refund:${b.id}:${ref}`,
          amountMinor: amount,
          refundApplicationFee: split.fromFee > 0,
          ref,
        });
        return { refundedMinor: b.refundedMinor + amount };
      }
      case 'pay_out_dj': {
        const bal = await d.ledger.balances(tx, b.id);
        // The pay-out waits for the capture (its timer job is put back, not failed).
        if ((bal.capture_pending ?? 0) !== 0) throw new JobDeferred('the capture is not settled yet', 10 * 60_000);
        const owed = bal.dj_payable ?? 0;
        if (owed <= 0) return {};
        // Each attempt after a failed one needs its own keys: the provider answers a reused key with the old refusal.
        const tries = await d.ledger.countKind(tx, b.id, 'payout_failed');
        const sfx = tries ? `:${tries + 1}` : '';
        await d.ledger.postFor(tx, b, 'payout_requested', `ledger:payout_requested:${b.id}${sfx}`, [
          { account: 'dj_payable', amountMinor: -owed },
          { account: 'payout_pending', amountMinor: owed },
        ]);
        await enqueuePayment(tx, {
          bookingId: b.id,
          op: 'payout',
          key: `payout:${b.id}${sfx}`,
          amountMinor: owed,
          refundApplicationFee: false,
          ref: sfx,
        });
        return {};
      }
    }
  }

  /** Releases the booking's authorisation after commit (one release per booking, by key). */
  const enqueueRelease = (tx: Tx, bookingId: string) =>
    enqueuePayment(tx, {
      bookingId,
      op: 'release',
      key: `release:${bookingId}`,
      amountMinor: 0,
      refundApplicationFee: false,
      ref: '',
    });

  return { applyEffect, enqueuePayment, enqueueRelease };
}
