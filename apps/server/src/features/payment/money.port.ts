/**
 * The seam between the payment feature (which owns money: the payments table, the ledger, provider calls,
 * compensations, reconciliation) and the booking feature (which owns the lifecycle). Payments see a booking
 * only as `BookedMoney` and change it only through `BookingMoneyPort`: `move` — the one call that changes a
 * booking's state (take row X of the process table, with this reason) — plus notes that change no state (the
 * refunded total, the dispute flag, an audit row). deps.ts wires the booking service's port in.
 */
import type { Actor, TransitionName } from '@partystream/shared/booking/booking.process';
import type { Queryable, Tx } from '../../db/client.ts';

/** The booking as money sees it (frozen price, policy, who is who). */
export interface BookedMoney {
  id: string;
  state: string;
  currency: string;
  totalMinor: number;
  feeMinor: number;
  djShareMinor: number;
  feeBps: number;
  refundedMinor: number;
  startsAt: Date;
  /** End of the host's payment window (a payment held after it is released by the hold's expiry). */
  holdExpiresAt: Date | null;
  cancellationPolicy: string;
  hostUserId: string;
  djUserId: string;
  djProfileId: string;
}

export interface BookingMoneyPort {
  /** Reads and locks the booking for the rest of `tx` (serialises money work with transitions). */
  lock(tx: Tx, id: string): Promise<BookedMoney | null>;
  find(q: Queryable, id: string): Promise<BookedMoney | null>;
  /** The narrow call: take transition `name` (no guards: it follows what the provider did), with `reason`. */
  move(tx: Tx, id: string, name: TransitionName, o: { actor: Actor; reason?: string }): Promise<void>;
  /** An audit row for money that moved without a state change (`what`: refund_failed, dispute_opened …). */
  note(tx: Tx, b: BookedMoney, what: string, reason: string, actor?: Actor): Promise<void>;
  /** The row's mails without its state change (a capture refused after the booking was cancelled anyway). */
  mailRow(tx: Tx, b: BookedMoney, name: TransitionName): Promise<void>;
  setRefunded(tx: Tx, id: string, refundedMinor: number): Promise<void>;
  setDispute(
    tx: Tx,
    id: string,
    v: { disputeId: string; disputeStatus: 'open' | 'won' | 'lost'; disputeMinor: number },
  ): Promise<void>;
  /** After commit: run the booking's due payment jobs and tell dashboards. */
  settle(id: string): Promise<void>;
}
