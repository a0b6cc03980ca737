/**
 * The booking lifecycle as data (after Sharetribe's process.edn). `TRANSITIONS` below is the whole process: one
 * row per transition — `request` included — saying from which states it leaves, where it goes, who may take it,
 * what must hold first (guards), the money it moves (effects), the deadline it sets, the timers it starts and
 * cancels, the mails it sends (by template key) and the realtime events it raises. The server's engine
 * (apps/server/src/features/booking/booking.engine.ts) applies a row inside one database transaction; nothing
 * else names a state. The web reads the same table to decide which buttons to show.
 *
 *   request ─► pending_payment ──pay──► pending_acceptance ──accept──► confirmed ──start──► live ──complete──► completed ──payout──► paid_out
 *                  │ expire_hold           │ decline / expire_acceptance  │                    │ no_show
 *                  ▼                       ▼                              ▼                    ▼
 *               expired                 declined / expired      cancelled_by_host / _dj     no_show
 *
 * Provider calls (capture, release, refund, pay-out) run after commit, from payment jobs (decision 015). When
 * the provider refuses a capture for good, `capture_failed` ends a confirmed (or live, or completed) booking in
 * `payment_failed` and frees the slot; a pay-out refused for good takes `paid_out` back to `completed`.
 *
 * Looking for "a completed party cannot be cancelled"? Every `cancel_*` row lists its `from` states; none lists
 * `completed` (see `cancel_by_host` and `cancel_by_dj`), so a cancel of a completed party is refused with
 * BOOKING_INVALID_TRANSITION.
 */
import type { ErrorCode } from '../problem.ts';

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

/** States in which the booking holds the DJ's time (the database's exclusion constraint covers exactly these). */
export const SLOT_HOLDING_STATES: readonly BookingState[] = ['pending_payment', 'pending_acceptance', 'confirmed', 'live'];

export type Actor = 'host' | 'dj' | 'system' | 'admin';

/** Money effects, run in order, in the same database transaction as the state change. */
export type Effect =
  | 'authorize_payment'
  | 'release_authorization'
  | 'capture_payment'
  | 'refund_by_policy'
  | 'refund_in_full'
  | 'pay_out_dj'
  | 'create_party';

/** How long a host has to pay, and how long a DJ has to accept (at most; see `answerDeadline`). */
export const HOLD_MINUTES = 15;
export const ACCEPT_WITHIN_MINUTES = 48 * 60;
/** The DJ's answer is due this long before the party at the latest (when the party is far enough away). */
export const ANSWER_MARGIN_MINUTES = 12 * 60;
/**
 * A request for a party starting sooner than this (at request or payment) leaves the DJ no time to answer: only a
 * DJ who accepts automatically can take it; for the others it is refused (decision 019).
 */
export const LATE_REQUEST_MINUTES = 60;
/** Payouts are released this long after the party ends (time for no-show reports). */
export const PAYOUT_DELAY_MINUTES = 24 * 60;

/**
 * When a pay-out the provider refused is tried again: 1, 2, 4 … days after the n-th refusal, at most a week apart
 * (the DJ usually has to fix their payout account first; daily retries would only repeat the refusal and the mail).
 */
export function payoutRetryMinutes(failures: number): number {
  return Math.min(PAYOUT_DELAY_MINUTES * 2 ** Math.max(0, failures - 1), 7 * 24 * 60);
}

/** The end of the host's payment window for a booking requested at `at`. */
export function holdDeadline(at: Date): Date {
  return new Date(at.getTime() + HOLD_MINUTES * 60_000);
}

/**
 * By when the DJ must answer a request paid at `paidAt` (decision 019): 48 hours, but never later than 12 hours
 * before the start — and for a party sooner than a day away, halfway between the payment and the start, so the
 * host always has the second half of the time left to find someone else.
 *   answerDeadline = min(paidAt + 48 h, max(startsAt − 12 h, paidAt + (startsAt − paidAt) / 2))
 */
export function answerDeadline(paidAt: Date, startsAt: Date): Date {
  const p = paidAt.getTime();
  const s = startsAt.getTime();
  return new Date(Math.min(p + ACCEPT_WITHIN_MINUTES * 60_000, Math.max(s - ANSWER_MARGIN_MINUTES * 60_000, p + (s - p) / 2)));
}

/**
 * Timers: jobs that take a system transition at a set time. Each waits while the booking is in `pendingIn`;
 * every row that leaves those states for another cancels it (the process test checks this).
 */
export const TIMERS = {
  'booking.expire_hold': { fires: 'expire_hold', pendingIn: ['pending_payment'] },
  'booking.expire_acceptance': { fires: 'expire_acceptance', pendingIn: ['pending_acceptance'] },
  'booking.start': { fires: 'start', pendingIn: ['confirmed'] },
  'booking.complete': { fires: 'complete', pendingIn: ['confirmed', 'live'] },
  'booking.payout': { fires: 'payout', pendingIn: ['completed'] },
} as const satisfies Record<string, { fires: string; pendingIn: readonly BookingState[] }>;
export type TimerJob = keyof typeof TIMERS;

export interface TimerStart {
  job: TimerJob;
  /** The instant the delay counts from: now, the party's start or end, or the deadline the row sets. */
  anchor: 'now' | 'starts_at' | 'ends_at' | 'deadline';
  /** Minutes after the anchor, or `payout_backoff`: `payoutRetryMinutes(how often this row was taken)`. */
  delay: number | 'payout_backoff';
}

/**
 * Preconditions checked when an actor asks for a transition (before any provider call). Once the money is
 * held the row is applied without them (a payment the provider confirms later must move the booking on).
 * `lapsedBy`: the timer row that ends the guarded window; a booking it already moved is refused with `error`
 * instead of BOOKING_INVALID_TRANSITION ("the payment window has passed", not "nothing to pay").
 */
export const GUARDS = {
  /** The host's payment window (`holdExpiresAt`) is still open. */
  hold_open: { error: 'BOOKING_HOLD_EXPIRED', lapsedBy: 'expire_hold' },
  /** The payments provider can pay the DJ (Stripe: connected account with transfers and payouts enabled). */
  dj_can_be_paid: { error: 'DJ_PAYOUTS_NOT_READY' },
  /** The party starts at least LATE_REQUEST_MINUTES from now, unless the DJ accepts automatically (decision 019). */
  time_to_answer: { error: 'BOOKING_SLOT_UNAVAILABLE' },
} as const satisfies Record<string, { error: ErrorCode; lapsedBy?: string }>;
export type Guard = keyof typeof GUARDS;

/** Mail templates by key; the server renders each (apps/server/src/features/booking/booking.mails.ts). */
export type MailTemplate =
  | 'booking.requested'
  | 'booking.confirmed'
  | 'booking.declined'
  | 'booking.request_expired'
  | 'booking.request_withdrawn'
  | 'booking.cancelled_by_host'
  | 'booking.cancelled_by_dj'
  | 'booking.payout_sent'
  | 'booking.payout_failed'
  | 'booking.capture_failed_host'
  | 'booking.capture_failed_dj';

/** Socket.io events raised after commit: to host and DJ (`booking.updated`), to the DJ's profile watchers. */
export type RealtimeEvent = 'booking.updated' | 'availability.changed';

export interface Transition {
  name: string;
  /** States it leaves; empty for `request`, which creates the booking. */
  from: readonly BookingState[];
  to: BookingState;
  actors: readonly Actor[];
  guards: readonly Guard[];
  effects: readonly Effect[];
  /** The deadline set on entering `to`: the payment window (`holdExpiresAt`) or the DJ's answer (`acceptBy`). */
  deadline?: 'hold' | 'answer';
  timers: { start: readonly TimerStart[]; cancel: readonly TimerJob[] };
  mails: readonly { to: 'host' | 'dj'; template: MailTemplate }[];
  realtime: readonly RealtimeEvent[];
  /** May be taken again and again (each time its timers and mails get keys of their own). */
  repeatable?: true;
  /** Taken by the payment feature when the provider refuses a call for good, never asked for by a person. */
  compensation?: true;
  /** Taken by the system at once on entering a `from` state when the booking's DJ accepts automatically. */
  automatic?: 'auto_accept';
}

const BOTH: readonly RealtimeEvent[] = ['booking.updated', 'availability.changed'];
const UPDATED: readonly RealtimeEvent[] = ['booking.updated'];

export const TRANSITIONS = {
  request: {
    name: 'request',
    from: [],
    to: 'pending_payment',
    actors: ['host'],
    guards: ['dj_can_be_paid', 'time_to_answer'],
    effects: [],
    deadline: 'hold',
    timers: { start: [{ job: 'booking.expire_hold', anchor: 'deadline', delay: 0 }], cancel: [] },
    mails: [],
    realtime: BOTH,
  },
  pay: {
    name: 'pay',
    from: ['pending_payment'],
    to: 'pending_acceptance',
    actors: ['host'],
    guards: ['hold_open', 'dj_can_be_paid', 'time_to_answer'],
    effects: ['authorize_payment'],
    deadline: 'answer',
    timers: {
      start: [{ job: 'booking.expire_acceptance', anchor: 'deadline', delay: 0 }],
      cancel: ['booking.expire_hold'],
    },
    mails: [{ to: 'dj', template: 'booking.requested' }],
    realtime: UPDATED,
  },
  accept: {
    name: 'accept',
    from: ['pending_acceptance'],
    to: 'confirmed',
    actors: ['dj', 'system'],
    guards: ['dj_can_be_paid'],
    // A DJ whose payouts stopped working after the request is not auto-accepted: they are asked (and told why).
    automatic: 'auto_accept',
    effects: ['capture_payment', 'create_party'],
    timers: {
      start: [
        { job: 'booking.start', anchor: 'starts_at', delay: 0 },
        { job: 'booking.complete', anchor: 'ends_at', delay: 0 },
      ],
      cancel: ['booking.expire_acceptance'],
    },
    mails: [{ to: 'host', template: 'booking.confirmed' }],
    realtime: UPDATED,
  },
  decline: {
    name: 'decline',
    from: ['pending_acceptance'],
    to: 'declined',
    actors: ['dj'],
    guards: [],
    effects: ['release_authorization'],
    timers: { start: [], cancel: ['booking.expire_acceptance'] },
    mails: [{ to: 'host', template: 'booking.declined' }],
    realtime: BOTH,
  },
  // Release: a payment started in the browser (Stripe.js) may be held by now even though it came too late.
  expire_hold: {
    name: 'expire_hold',
    from: ['pending_payment'],
    to: 'expired',
    actors: ['system'],
    guards: [],
    effects: ['release_authorization'],
    timers: { start: [], cancel: ['booking.expire_hold'] },
    mails: [],
    realtime: BOTH,
  },
  expire_acceptance: {
    name: 'expire_acceptance',
    from: ['pending_acceptance'],
    to: 'expired',
    actors: ['system'],
    guards: [],
    effects: ['release_authorization'],
    timers: { start: [], cancel: ['booking.expire_acceptance'] },
    mails: [{ to: 'host', template: 'booking.request_expired' }],
    realtime: BOTH,
  },
  cancel_by_host_unpaid: {
    name: 'cancel_by_host_unpaid',
    from: ['pending_payment'],
    to: 'cancelled_by_host',
    actors: ['host'],
    guards: [],
    effects: ['release_authorization'],
    timers: { start: [], cancel: ['booking.expire_hold'] },
    mails: [],
    realtime: BOTH,
  },
  cancel_by_host_pending: {
    name: 'cancel_by_host_pending',
    from: ['pending_acceptance'],
    to: 'cancelled_by_host',
    actors: ['host'],
    guards: [],
    effects: ['release_authorization'],
    timers: { start: [], cancel: ['booking.expire_acceptance'] },
    mails: [{ to: 'dj', template: 'booking.request_withdrawn' }],
    realtime: BOTH,
  },
  // Only a confirmed party can be cancelled once accepted: not live, completed or paid out (no row leaves those).
  cancel_by_host: {
    name: 'cancel_by_host',
    from: ['confirmed'],
    to: 'cancelled_by_host',
    actors: ['host'],
    guards: [],
    effects: ['refund_by_policy'],
    timers: { start: [], cancel: ['booking.start', 'booking.complete'] },
    mails: [{ to: 'dj', template: 'booking.cancelled_by_host' }],
    realtime: BOTH,
  },
  cancel_by_dj: {
    name: 'cancel_by_dj',
    from: ['confirmed'],
    to: 'cancelled_by_dj',
    actors: ['dj'],
    guards: [],
    effects: ['refund_in_full'],
    timers: { start: [], cancel: ['booking.start', 'booking.complete'] },
    mails: [{ to: 'host', template: 'booking.cancelled_by_dj' }],
    realtime: BOTH,
  },
  start: {
    name: 'start',
    from: ['confirmed'],
    to: 'live',
    actors: ['system'],
    guards: [],
    effects: [],
    timers: { start: [], cancel: ['booking.start'] },
    mails: [],
    realtime: UPDATED,
  },
  complete: {
    name: 'complete',
    from: ['live'],
    to: 'completed',
    actors: ['system'],
    guards: [],
    effects: [],
    timers: {
      start: [{ job: 'booking.payout', anchor: 'now', delay: PAYOUT_DELAY_MINUTES }],
      cancel: ['booking.complete'],
    },
    mails: [],
    realtime: BOTH,
  },
  report_no_show: {
    name: 'report_no_show',
    from: ['live', 'completed'],
    to: 'no_show',
    actors: ['host', 'admin'],
    guards: [],
    effects: ['refund_in_full'],
    timers: { start: [], cancel: ['booking.complete', 'booking.payout'] },
    mails: [],
    realtime: BOTH,
  },
  payout: {
    name: 'payout',
    from: ['completed'],
    to: 'paid_out',
    actors: ['system'],
    guards: [],
    effects: ['pay_out_dj'],
    timers: { start: [], cancel: ['booking.payout'] },
    mails: [{ to: 'dj', template: 'booking.payout_sent' }],
    realtime: UPDATED,
  },
  // Compensations, taken by the payment jobs when the provider refuses a call for good (the ledger is unwound there).
  capture_failed: {
    name: 'capture_failed',
    from: ['confirmed', 'live', 'completed'],
    to: 'payment_failed',
    actors: ['system'],
    guards: [],
    effects: [],
    timers: { start: [], cancel: ['booking.start', 'booking.complete', 'booking.payout'] },
    mails: [
      { to: 'host', template: 'booking.capture_failed_host' },
      { to: 'dj', template: 'booking.capture_failed_dj' },
    ],
    realtime: BOTH,
    compensation: true,
  },
  payout_failed: {
    name: 'payout_failed',
    from: ['paid_out'],
    to: 'completed',
    actors: ['system'],
    guards: [],
    effects: [],
    timers: { start: [{ job: 'booking.payout', anchor: 'now', delay: 'payout_backoff' }], cancel: [] },
    mails: [{ to: 'dj', template: 'booking.payout_failed' }],
    realtime: UPDATED,
    repeatable: true,
    compensation: true,
  },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof TRANSITIONS;
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as TransitionName[];

/** The row, typed as the general shape (so `from.includes(state)` and optional fields read simply). */
export const rowOf = (name: TransitionName): Transition => TRANSITIONS[name];

/** Whether `name` leaves `state` (whoever takes it). */
export const leaves = (name: TransitionName, state: BookingState): boolean => rowOf(name).from.includes(state);

/** Transitions `actor` may take from `state` (what buttons to show). */
export function availableTransitions(state: BookingState, actor: Actor): TransitionName[] {
  return TRANSITION_NAMES.filter((n) => leaves(n, state) && rowOf(n).actors.includes(actor));
}

/** States reached through a row that sets this deadline (where the deadline is shown). */
const statesWithDeadline = (kind: 'hold' | 'answer') =>
  TRANSITION_NAMES.filter((n) => rowOf(n).deadline === kind).map((n) => rowOf(n).to);

/** States of a party that took place (completed, then paid out): what "parties played" counts on profiles (issue 20). */
export const PLAYED_STATES: readonly BookingState[] = [TRANSITIONS.complete.to, TRANSITIONS.payout.to];

export const isHoldingSlot = (s: BookingState) => SLOT_HOLDING_STATES.includes(s);
/** The host's card is held and the DJ has not answered yet: the answer deadline applies. */
export const isAwaitingAnswer = (s: BookingState) => statesWithDeadline('answer').includes(s);
/** The booking waits for the host's payment: the payment window applies. */
export const isAwaitingPayment = (s: BookingState) => statesWithDeadline('hold').includes(s);
/** The capture is decided (accepted) and not undone: the party exists and its link is shown. */
export const isPaid = (s: BookingState) => ['confirmed', 'live', 'completed', 'paid_out'].includes(s);
/** No row leaves it but a compensation (a pay-out refused after `paid_out` reopens it). */
export const isFinal = (s: BookingState) => TRANSITION_NAMES.every((n) => !leaves(n, s) || rowOf(n).compensation === true);
export const isRefunded = (s: BookingState) => ['cancelled_by_dj', 'no_show'].includes(s);
/** No capture was ever decided (or a refused one was undone): the host's card holds no charge for the booking. */
export const isUncharged = (s: BookingState) =>
  ['pending_payment', 'pending_acceptance', 'expired', 'declined', 'payment_failed'].includes(s);
/** The DJ's share has been sent (the `payout` row's state). */
export const isPaidOut = (s: BookingState) => s === TRANSITIONS.payout.to;

/**
 * Host cancellation refunds by the DJ's policy, by notice before the start:
 * flexible: 100 % ≥ 24 h, else 0 · moderate: 100 % ≥ 7 days, 50 % after · strict: 50 % ≥ 14 days, else 0.
 * Returns the refund in minor units (floor, so rounding never refunds more than paid).
 */
export function policyRefund(policy: 'flexible' | 'moderate' | 'strict', totalMinor: number, noticeMinutes: number): number {
  const h = noticeMinutes / 60;
  const share =
    policy === 'flexible' ? (h >= 24 ? 1 : 0) : policy === 'moderate' ? (h >= 7 * 24 ? 1 : 0.5) : h >= 14 * 24 ? 0.5 : 0;
  return Math.floor(totalMinor * share);
}
