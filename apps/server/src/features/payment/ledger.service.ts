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
 * The database refuses an unbalanced transaction at commit and any update/delete of a line.
 */
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { isPaid } from '@partystream/shared/booking/booking.process';
import type { BookingState } from '@partystream/shared/booking/booking.process';
import * as repo from './ledger.repo.ts';

export interface LedgerProblem {
  bookingId?: string;
  transactionId?: string;
  problem: string;
}

export function createLedgerService(d: { db: Db; clock: Clock }) {
  return {
    /** Posts one balanced transaction once (by its idempotency key); lines of 0 are left out. */
    post(q: Queryable, t: { bookingId: string; kind: string; idempotencyKey: string; currency: string; lines: repo.LedgerLine[] }) {
      return repo.insertTransaction(q, { ...t, lines: t.lines.filter((l) => l.amountMinor !== 0), at: d.clock.now() });
    },

    balances(q: Queryable, bookingId: string) {
      return repo.balancesForBooking(q, bookingId);
    },

    /** Money taken from (capture, negative) and returned to (refund, positive) the host's card, for receipts. */
    customerMovements(q: Queryable, bookingId: string) {
      return repo.customerMovements(q, bookingId);
    },

    /** Every transaction balances and every booking's money is where its state says it should be. */
    async check(): Promise<{ ok: boolean; bookingsChecked: number; problems: LedgerProblem[] }> {
      const problems: LedgerProblem[] = [];
      for (const t of await repo.unbalancedTransactions(d.db)) problems.push({ transactionId: t.id, problem: `does not balance (sum ${t.sum}) or has fewer than 2 lines` });
      const money = await repo.bookingMoney(d.db);
      for (const b of money) {
        const net = b.total - b.refunded;
        const held = b.payable + b.paidOut + b.revenue + b.refundCost;
        // `charged` (the capture) stays when refunds bring the customer's balance back to 0.
        if (held !== -b.customer) problems.push({ bookingId: b.id, problem: `customer paid ${-b.customer} but ${held} is allocated` });
        if (b.charged !== 0 && b.charged !== b.total) problems.push({ bookingId: b.id, problem: `charged ${b.charged} ≠ total ${b.total}` });
        if (b.charged !== 0 && -b.customer !== net) problems.push({ bookingId: b.id, problem: `customer balance ${-b.customer} ≠ total ${b.total} − refunded ${b.refunded}` });
        if (b.charged === 0 && (b.customer !== 0 || b.refunded !== 0)) problems.push({ bookingId: b.id, problem: `refunded ${b.refunded} (customer ${-b.customer}) without a charge` });
        if (isPaid(b.state as BookingState) && b.charged === 0 && b.total > 0) problems.push({ bookingId: b.id, problem: `state ${b.state} but no money captured` });
        if (['pending_payment', 'pending_acceptance', 'expired', 'declined'].includes(b.state) && b.charged !== 0) problems.push({ bookingId: b.id, problem: `state ${b.state} but money was captured` });
        if (b.state === 'paid_out' && b.payable !== 0) problems.push({ bookingId: b.id, problem: `paid out but ${b.payable} still payable` });
        if (b.revenue < 0 || b.payable < 0 || b.paidOut < 0 || b.refundCost > 0) problems.push({ bookingId: b.id, problem: 'negative balance' });
      }
      return { ok: problems.length === 0, bookingsChecked: money.length, problems };
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
