/**
 * The double-entry ledger. Accounts, per booking (amounts in the booking's currency, minor units):
 *   customer          money from (−) and back to (+) the host's card
 *   dj_payable        owed to the DJ, not yet paid out
 *   dj_paid_out       paid out to the DJ
 *   platform_revenue  the platform's fee
 * capture:  customer −T, dj_payable +D, platform_revenue +F          (T = D + F)
 * refund:   customer +R, dj_payable −Rd, platform_revenue −Rf        (R = Rd + Rf, split in proportion)
 * payout:   dj_payable −X, dj_paid_out +X
 * refund made at the provider (Stripe dashboard, decision 011), booked by its refund id:
 *   transfer reversed:     as refund (a DJ already paid out gives it back from dj_paid_out)
 *   transfer not reversed: customer +R, platform_refund_cost −R   (the platform pays; the DJ's share is untouched)
 *
 * Provider calls run after commit (decision 015), so capture, refund and pay-out go through transit accounts:
 *   capture_pending   the capture is decided, the provider has not confirmed it yet (−T while pending)
 *   refund_pending    a refund is decided, not yet confirmed (+R while pending)
 *   payout_pending    a pay-out is decided, not yet confirmed (+X while pending)
 * capture_requested: capture_pending −T, dj_payable +D, platform_revenue +F   (in the transition)
 * capture:           customer −T, capture_pending +T                          (the job, once the provider captured)
 * capture_failed:    every pending/allocated balance of the booking back to 0 (the provider refused for good)
 * refund_requested:  refund_pending +R, dj_payable −Rd, platform_revenue −Rf; refund: customer +R, refund_pending −R
 * refund_failed:     the refund's lines negated (refused by the provider, or reported failed after succeeding)
 * payout_requested:  dj_payable −X, payout_pending +X; payout: payout_pending −X, dj_paid_out +X
 * payout_failed:     payout_pending −X, dj_payable +X
 * Disputes (by dispute id): opened chargeback +A, dispute_reserve −A; won: undone; lost: dispute_reserve +A,
 *   platform_dispute_loss −A (the platform bears a lost dispute; the DJ's share is untouched).
 * The database refuses an unbalanced transaction at commit and any update/delete of a line.
 */
/** Transit accounts: left out of `balances` once they are settled (0). */
const TRANSIT = ['capture_pending', 'refund_pending', 'payout_pending'];
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { isPaidOut } from '@partystream/shared/booking/booking.process';
import { isPaid, isUncharged } from '@partystream/shared/booking/booking.states';
import type { BookingState } from '@partystream/shared/booking/booking.states';
import * as repo from './ledger.repo.ts';

export interface LedgerProblem {
  bookingId?: string;
  transactionId?: string;
  problem: string;
}

export function createLedgerService(d: { db: Db; clock: Clock }) {
  return {
    /** Posts one balanced transaction once (by its idempotency key); lines of 0 are left out. */
    post(
      q: Queryable,
      t: { bookingId: string; kind: string; idempotencyKey: string; currency: string; lines: repo.LedgerLine[] },
    ) {
      return repo.insertTransaction(q, { ...t, lines: t.lines.filter((l) => l.amountMinor !== 0), at: d.clock.now() });
    },

    /** `post` for a booking's transaction in the booking's currency. */
    postFor(q: Queryable, b: { id: string; currency: string }, kind: string, idempotencyKey: string, lines: repo.LedgerLine[]) {
      return repo.insertTransaction(q, {
        bookingId: b.id,
        kind,
        idempotencyKey,
        currency: b.currency,
        lines: lines.filter((l) => l.amountMinor !== 0),
        at: d.clock.now(),
      });
    },

    async balances(q: Queryable, bookingId: string) {
      const all = await repo.balancesForBooking(q, bookingId);
      return Object.fromEntries(Object.entries(all).filter(([account, v]) => v !== 0 || !TRANSIT.includes(account)));
    },

    /** Whether a transaction with this idempotency key was posted. */
    exists(q: Queryable, idempotencyKey: string) {
      return repo.transactionExists(q, idempotencyKey);
    },

    linesOf(q: Queryable, idempotencyKey: string) {
      return repo.linesOf(q, idempotencyKey);
    },

    countKind(q: Queryable, bookingId: string, kind: string) {
      return repo.countKind(q, bookingId, kind);
    },

    /** Money taken from (capture, negative) and returned to (refund, positive) the host's card, for receipts. */
    customerMovements(q: Queryable, bookingId: string) {
      return repo.customerMovements(q, bookingId);
    },

    /** Every transaction balances and every booking's money is where its state says it should be. */
    async check(): Promise<{ ok: boolean; bookingsChecked: number; problems: LedgerProblem[] }> {
      const problems: LedgerProblem[] = [];
      for (const t of await repo.unbalancedTransactions(d.db))
        problems.push({ transactionId: t.id, problem: `does not balance (sum ${t.sum}) or has fewer than 2 lines` });
      const money = await repo.bookingMoney(d.db);
      for (const b of money) {
        const add = (problem: string) => problems.push({ bookingId: b.id, problem });
        const net = b.total - b.refunded;
        // The host's side (card, pending capture and refunds, chargebacks) against where the money sits.
        const hostPaid = -(b.customer + b.capturePending + b.refundPending + b.chargeback);
        const held = b.payable + b.payoutPending + b.paidOut + b.revenue + b.refundCost + b.disputeReserve + b.disputeLoss;
        const decided = b.charged !== 0 || b.capturePending !== 0; // captured, or the capture is on its way
        if (b.unknownLines) add(`${b.unknownLines} line(s) on unknown accounts`);
        if (held !== hostPaid) add(`host paid ${hostPaid} but ${held} is allocated`);
        if (b.charged !== 0 && b.charged !== b.total) add(`charged ${b.charged} ≠ total ${b.total}`);
        if (b.capturePending !== 0 && (b.charged !== 0 || b.capturePending !== -b.total))
          add(`capture pending ${-b.capturePending} with ${b.charged} charged (total ${b.total})`);
        // `charged` (the capture) stays when refunds bring the customer's balance back to 0.
        if (decided && -(b.customer + b.capturePending + b.refundPending) !== net)
          add(
            `customer balance ${-(b.customer + b.capturePending + b.refundPending)} ≠ total ${b.total} − refunded ${b.refunded}`,
          );
        if (!decided && (b.customer !== 0 || b.refunded !== 0 || b.refundPending !== 0))
          add(`refunded ${b.refunded} (customer ${-b.customer}) without a charge`);
        if (isPaid(b.state as BookingState) && !decided && b.total > 0) add(`state ${b.state} but no money captured`);
        if (isUncharged(b.state as BookingState) && decided) add(`state ${b.state} but money was captured`);
        if (isPaidOut(b.state as BookingState) && b.payable !== 0) add(`paid out but ${b.payable} still payable`);
        if (
          b.revenue < 0 ||
          b.payable < 0 ||
          b.paidOut < 0 ||
          b.refundCost > 0 ||
          b.payoutPending < 0 ||
          b.refundPending < 0 ||
          b.capturePending > 0
        )
          add('negative balance');
        if (b.chargeback < 0 || b.disputeReserve > 0 || b.disputeLoss > 0) add('dispute accounts have the wrong sign');
        const disputed = b.disputeStatus === 'open' || b.disputeStatus === 'lost' ? b.disputeMinor : 0;
        if (b.chargeback !== disputed)
          add(`charged back ${b.chargeback} but the dispute (${b.disputeStatus ?? 'none'}) says ${disputed}`);
        if (b.disputeReserve !== (b.disputeStatus === 'open' ? -b.disputeMinor : 0))
          add(`dispute reserve ${b.disputeReserve} does not match the dispute (${b.disputeStatus ?? 'none'})`);
        // Between commit and job a pending balance is expected; a payment job that gave up is not.
        if (b.paymentJobFailed && (b.capturePending !== 0 || b.refundPending !== 0 || b.payoutPending !== 0))
          add('a payment job failed for good with money still pending (see jobs.last_error)');
      }
      return { ok: problems.length === 0, bookingsChecked: money.length, problems };
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
