/**
 * The booking states and what each means to the rest of the app — the first half of the process table (the
 * transitions between them are in booking.process.ts). Code outside these two files asks a predicate
 * (`isPaid(state)`) and never names or lists states.
 */

export const BOOKING_STATES = [
  'pending_payment',
  'pending_acceptance',
  'confirmed',
  'live',
  'completed',
  'paid_out',
  'expired',
  'declined',
  'cancelled_by_host',
  'cancelled_by_dj',
  'no_show',
  'payment_failed',
] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

/**
 * What each state means to the rest of the app; the predicates at the end of this file read it, so code outside
 * this file asks `isPaid(state)` and never lists states.
 * - `holdsSlot`: the booking holds the DJ's time (the database's exclusion constraint covers exactly these).
 * - `charge`: the host's card: nothing held or charged (`none`), held and not charged yet (`authorized`), charged
 *   and kept (`captured`), charged and refunded in full (`refunded`), or refunded by the cancellation policy —
 *   anything from nothing charged to all refunded (`by_policy`).
 * - `party`: the party page and stream: none (not booked, or called off), `upcoming`, `live`, or `over`.
 * - `calledOff`: it did not go ahead because someone said no, withdrew or let it lapse.
 */
export interface StateInfo {
  holdsSlot: boolean;
  charge: 'none' | 'authorized' | 'captured' | 'refunded' | 'by_policy';
  party: 'none' | 'upcoming' | 'live' | 'over';
  calledOff: boolean;
}

const OFF = { holdsSlot: false, charge: 'none', party: 'none', calledOff: true } as const;

export const STATES = {
  pending_payment: { holdsSlot: true, charge: 'none', party: 'none', calledOff: false },
  pending_acceptance: { holdsSlot: true, charge: 'authorized', party: 'none', calledOff: false },
  confirmed: { holdsSlot: true, charge: 'captured', party: 'upcoming', calledOff: false },
  live: { holdsSlot: true, charge: 'captured', party: 'live', calledOff: false },
  completed: { holdsSlot: false, charge: 'captured', party: 'over', calledOff: false },
  paid_out: { holdsSlot: false, charge: 'captured', party: 'over', calledOff: false },
  expired: OFF,
  declined: OFF,
  cancelled_by_host: { ...OFF, charge: 'by_policy' },
  cancelled_by_dj: { ...OFF, charge: 'refunded' },
  no_show: { holdsSlot: false, charge: 'refunded', party: 'none', calledOff: false },
  payment_failed: { holdsSlot: false, charge: 'none', party: 'none', calledOff: false },
} as const satisfies Record<BookingState, StateInfo>;

/** States in which the booking holds the DJ's time (the database's exclusion constraint covers exactly these). */
export const SLOT_HOLDING_STATES: readonly BookingState[] = BOOKING_STATES.filter((s) => STATES[s].holdsSlot);

export const isHoldingSlot = (s: BookingState) => STATES[s].holdsSlot;
/** The capture is decided (accepted) and not undone: the party exists and its link is shown. */
export const isPaid = (s: BookingState) => STATES[s].charge === 'captured';
/** Charged, then refunded in full. */
export const isRefunded = (s: BookingState) => STATES[s].charge === 'refunded';
/** No capture was ever decided (or a refused one was undone): the host's card holds no charge for the booking. */
export const isUncharged = (s: BookingState) => STATES[s].charge === 'none' || STATES[s].charge === 'authorized';
/** The party is on air now. */
export const isLive = (s: BookingState) => STATES[s].party === 'live';
/** The party is booked and not over yet: ahead, or on air now. */
export const isPartyOn = (s: BookingState) => STATES[s].party === 'upcoming' || STATES[s].party === 'live';
/** The party took place and ended normally (what may be reviewed). */
export const isPartyOver = (s: BookingState) => STATES[s].party === 'over';
/** Someone said no, withdrew or let it lapse (not a no-show and not a refused payment). */
export const isCalledOff = (s: BookingState) => STATES[s].calledOff;

/** The states a predicate holds for (for a database filter: `inArray(bookings.state, statesWhere(isPaid))`). */
export const statesWhere = (p: (s: BookingState) => boolean): BookingState[] => BOOKING_STATES.filter(p);
