/**
 * Refund bookkeeping shared by the payment jobs and reconciliation: the payment's status from what the ledger
 * has paid back, and the reversal of a refund the provider refused or reported failed (decision 015).
 */
import type { Tx } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/jobs.ts';
import { enqueueNoticeMail } from '../../jobs/mail.job.ts';
import type { BookedMoney } from './money.port.ts';
import type { MoneyDeps } from './payment.money.ts';
import * as repo from './payment.repo.ts';

export function createRefundBook(d: MoneyDeps) {
  const now = () => d.clock.now();

  /** Payment status from what the ledger has refunded to the card so far. */
  async function setRefundStatus(tx: Tx, b: BookedMoney) {
    const bal = await d.ledger.balances(tx, b.id);
    const charged = (await d.ledger.exists(tx, `ledger:capture:${b.id}`)) ? b.totalMinor : 0;
    const back = charged + (bal.customer ?? 0);
    if (charged)
      await repo.setPaymentStatus(tx, b.id, back <= 0 ? 'captured' : back >= charged ? 'refunded' : 'partially_refunded', now());
  }

  /**
   * Undoes one of our refunds (effect `ref`) in the ledger, once (key `ledger:refund_failed:<id>:<ref>`): the
   * refund's request is reversed, and its settlement too when it was booked. The host is told and gets a receipt
   * that shows it; the booking's state does not change. Returns whether anything was reversed.
   */
  async function reverseRefund(tx: Tx, b: BookedMoney, ref: string, reason: string): Promise<boolean> {
    const requested = await d.ledger.linesOf(tx, `ledger:refund_requested:${b.id}:${ref}`);
    const settled = await d.ledger.linesOf(tx, `ledger:refund:${b.id}:${ref}`);
    if (!requested.length && !settled.length) return false;
    const sum = new Map<string, number>();
    for (const l of [...requested, ...settled]) sum.set(l.account, (sum.get(l.account) ?? 0) - l.amountMinor);
    const lines = [...sum].map(([account, amountMinor]) => ({ account, amountMinor }));
    const amount =
      settled.find((l) => l.account === 'customer')?.amountMinor ??
      requested.find((l) => l.account === 'refund_pending')?.amountMinor ??
      0;
    const posted = await d.ledger.postFor(tx, b, 'refund_failed', `ledger:refund_failed:${b.id}:${ref}`, lines);
    if (!posted) return false;
    await afterRefundReversed(tx, b, amount, reason, `${b.id}:${ref}`);
    return true;
  }

  async function afterRefundReversed(tx: Tx, b: BookedMoney, amount: number, reason: string, key: string) {
    await d.bookings().setRefunded(tx, b.id, Math.max(0, b.refundedMinor - amount));
    await setRefundStatus(tx, { ...b, refundedMinor: Math.max(0, b.refundedMinor - amount) });
    await d.bookings().note(tx, b, 'refund_failed', reason);
    await enqueueNoticeMail(tx, now(), `refund_failed:${key}`, {
      template: 'payment.refund_failed',
      to: { userId: b.hostUserId },
      money: { amountMinor: amount, currency: b.currency },
      link: `${d.publicUrl}/bookings/${b.id}`,
    });
    if (await d.ledger.exists(tx, `ledger:capture:${b.id}`))
      await enqueueJob(
        tx,
        'booking.receipt_mail',
        { bookingId: b.id, occasion: 'refunded' },
        { runAt: now(), key: `receipt:${b.id}:refund_failed:${key}` },
      );
  }

  return { setRefundStatus, reverseRefund, afterRefundReversed };
}

export type RefundBook = ReturnType<typeof createRefundBook>;
