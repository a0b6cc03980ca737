/**
 * The booking lifecycle as data (after Sharetribe's process.edn). `TRANSITIONS` below is the whole process: one
 * row per transition — `request` included — saying from which states it leaves, where it goes, who may take it,
 * what must hold first (guards), the money it moves (effects), the deadline it sets, the timers it starts and
 * cancels, the mails it sends (by template key) and the realtime events it raises. The states and what each
 * means elsewhere (holds the slot, what the card carries, whether the party is on) are in booking.states.ts; the
 * numbers and formulas the rows use in booking.rules.ts. The server's engine
 * (apps/server/src/features/booking/booking.engine.ts) applies a row inside one database transaction; nothing
 * else names a state: code asks the predicates at the end of this file and of booking.states.ts. The web reads
 * the same table to decide which buttons to show.
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
import { PAYOUT_DELAY_MINUTES } from './booking.rules.ts';
import { isPaid, type BookingState } from './booking.states.ts';
import type { MailTemplate, ReminderTemplate } from './booking.mail-templates.ts';

export type { MailTemplate, ReminderTemplate };

export type Actor = 'host' | 'dj' | 'system' | 'admin';

/** Money effects, run in order, in the same database transaction as the state change. */
export type Effect =
  | 'authorize_payment'
  | 'release_authorization'
  | 'capture_payment'
  | 'refund_by_policy'
  | 'refund_in_full'
  /** The amount an admin decided (the transition's context carries it), at most what is left to refund. */
  | 'refund_decided'
  | 'pay_out_dj'
  | 'create_party';

/**
 * Timers: jobs that run at a set time while the booking is in `pendingIn` — most take a system transition
 * (`fires`), the reminders mail the party's people (`reminds`). Every row that leaves those states for another
 * cancels them (the process test checks this).
 */
export const TIMERS = {
  'booking.expire_hold': { fires: 'expire_hold', pendingIn: ['pending_payment'] },
  'booking.expire_acceptance': { fires: 'expire_acceptance', pendingIn: ['pending_acceptance'] },
  'booking.start': { fires: 'start', pendingIn: ['confirmed'] },
  'booking.complete': { fires: 'complete', pendingIn: ['confirmed', 'live'] },
  'booking.payout': { fires: 'payout', pendingIn: ['completed'] },
  'booking.remind_24h': { reminds: 'party.reminder_24h', pendingIn: ['confirmed'] },
  'booking.remind_1h': { reminds: 'party.reminder_1h', pendingIn: ['confirmed'] },
} as const satisfies Record<
  string,
  { fires: string; pendingIn: readonly BookingState[] } | { reminds: ReminderTemplate; pendingIn: readonly BookingState[] }
>;
export type TimerJob = keyof typeof TIMERS;

/** The transition a timer takes, or null for a reminder. */
export const timerFires = (job: TimerJob): string | null => {
  const t = TIMERS[job];
  return 'fires' in t ? t.fires : null;
};
/** The mail a reminder timer sends, or null for a timer that takes a transition. */
export const timerReminds = (job: TimerJob): ReminderTemplate | null => {
  const t = TIMERS[job];
  return 'reminds' in t ? t.reminds : null;
};

export interface TimerStart {
  job: TimerJob;
  /** The instant the delay counts from: now, the party's start or end, or the deadline the row sets. */
  anchor: 'now' | 'starts_at' | 'ends_at' | 'deadline';
  /** Minutes after the anchor (negative: before it), or `payout_backoff`: `payoutRetryMinutes(how often this row was taken)`. */
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
  /** No card dispute is open or lost: the bank returns that money to the host, a refund would pay it twice. */
  no_card_dispute: { error: 'BOOKING_DISPUTED' },
} as const satisfies Record<string, { error: ErrorCode; lapsedBy?: string }>;
export type Guard = keyof typeof GUARDS;

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
    mails: [
      { to: 'dj', template: 'booking.requested' },
      { to: 'host', template: 'booking.request_sent' },
    ],
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
        { job: 'booking.remind_24h', anchor: 'starts_at', delay: -24 * 60 },
        { job: 'booking.remind_1h', anchor: 'starts_at', delay: -60 },
      ],
      cancel: ['booking.expire_acceptance'],
    },
    // Both sides get the calendar invitation (decision 038): one UID per booking, so each calendar holds one entry.
    mails: [
      { to: 'host', template: 'booking.confirmed' },
      { to: 'dj', template: 'booking.confirmed_dj' },
    ],
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
    timers: { start: [], cancel: ['booking.start', 'booking.complete', 'booking.remind_24h', 'booking.remind_1h'] },
    mails: [
      { to: 'dj', template: 'booking.cancelled_by_host' },
      { to: 'host', template: 'booking.cancelled_by_you' },
    ],
    realtime: BOTH,
  },
  cancel_by_dj: {
    name: 'cancel_by_dj',
    from: ['confirmed'],
    to: 'cancelled_by_dj',
    actors: ['dj'],
    guards: [],
    effects: ['refund_in_full'],
    timers: { start: [], cancel: ['booking.start', 'booking.complete', 'booking.remind_24h', 'booking.remind_1h'] },
    mails: [
      { to: 'host', template: 'booking.cancelled_by_dj' },
      { to: 'dj', template: 'booking.cancelled_by_you' },
    ],
    realtime: BOTH,
  },
  start: {
    name: 'start',
    from: ['confirmed'],
    to: 'live',
    actors: ['system'],
    guards: [],
    effects: [],
    timers: { start: [], cancel: ['booking.start', 'booking.remind_24h', 'booking.remind_1h'] },
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
  // An admin decides a dispute or a host's complaint before the DJ is paid: a full or partial refund, taken from
  // the DJ's share and the platform fee in proportion (issue 16). After the pay-out it is the provider's dispute.
  refund_by_admin: {
    name: 'refund_by_admin',
    from: ['completed'],
    to: 'completed',
    actors: ['admin'],
    guards: ['no_card_dispute'],
    effects: ['refund_decided'],
    timers: { start: [], cancel: [] },
    mails: [
      { to: 'host', template: 'booking.refunded_by_admin' },
      { to: 'dj', template: 'booking.refunded_by_admin' },
    ],
    realtime: UPDATED,
    repeatable: true,
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
    timers: {
      start: [],
      cancel: ['booking.start', 'booking.complete', 'booking.payout', 'booking.remind_24h', 'booking.remind_1h'],
    },
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

/** The host's card is held and the DJ has not answered yet: the answer deadline applies. */
export const isAwaitingAnswer = (s: BookingState) => statesWithDeadline('answer').includes(s);
/** The booking waits for the host's payment: the payment window applies. */
export const isAwaitingPayment = (s: BookingState) => statesWithDeadline('hold').includes(s);
/** No row leaves it but a compensation (a pay-out refused after `paid_out` reopens it). */
export const isFinal = (s: BookingState) => TRANSITION_NAMES.every((n) => !leaves(n, s) || rowOf(n).compensation === true);
/** Still going somewhere: a row other than a compensation leaves it. */
export const isOpen = (s: BookingState) => !isFinal(s);
/** The DJ's share has been sent (the `payout` row's state). */
export const isPaidOut = (s: BookingState) => s === TRANSITIONS.payout.to;
/** The DJ may stream: the party is on and its pay-out not sent yet (a late stream after the end is allowed). */
export const mayStream = (s: BookingState) => isPaid(s) && !isPaidOut(s);
/** The host reported that the DJ did not play (the `report_no_show` row's state). */
export const isNoShow = (s: BookingState) => s === TRANSITIONS.report_no_show.to;
/** The provider refused the capture for good (the `capture_failed` compensation's state). */
export const isPaymentFailed = (s: BookingState) => s === TRANSITIONS.capture_failed.to;
