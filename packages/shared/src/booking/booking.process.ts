/**
 * The booking lifecycle as data (after Sharetribe's process.edn): every state, every transition with who may
 * take it, the money effects it has, and the timers it starts. booking.service.ts enforces this table inside
 * one transaction per transition; the web reads it to decide which buttons to show.
 *
 *   request ─► pending_payment ──pay──► pending_acceptance ──accept──► confirmed ──start──► live ──complete──► completed ──payout──► paid_out
 *                  │ expire_hold           │ decline / expire_acceptance  │                    │ no_show
 *                  ▼                       ▼                              ▼                    ▼
 *               expired                 declined / expired      cancelled_by_host / _dj     no_show
 *
 * Provider calls (capture, release, refund, pay-out) run after commit, from payment jobs (decision 015). When
 * the provider refuses a capture for good, `capture_failed` ends a confirmed (or live, or completed) booking in
 * `payment_failed` and frees the slot; a pay-out refused for good takes `paid_out` back to `completed`.
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

export interface Transition {
  name: string;
  from: readonly BookingState[];
  to: BookingState;
  actors: readonly Actor[];
  effects: readonly Effect[];
  /** Timers started on entering `to`: the job named runs at (anchor + minutes). */
  timers?: readonly { job: TimerJob; anchor: 'now' | 'starts_at' | 'ends_at'; minutes: number }[];
}

export type TimerJob =
  'booking.expire_hold' | 'booking.expire_acceptance' | 'booking.start' | 'booking.complete' | 'booking.payout';

/** How long a host has to pay, and how long a DJ has to accept. */
export const HOLD_MINUTES = 15;
export const ACCEPT_WITHIN_MINUTES = 48 * 60;
/** Payouts are released this long after the party ends (time for no-show reports). */
export const PAYOUT_DELAY_MINUTES = 24 * 60;

/**
 * When a pay-out the provider refused is tried again: 1, 2, 4 … days after the n-th refusal, at most a week apart
 * (the DJ usually has to fix their payout account first; daily retries would only repeat the refusal and the mail).
 */
export function payoutRetryMinutes(failures: number): number {
  return Math.min(PAYOUT_DELAY_MINUTES * 2 ** Math.max(0, failures - 1), 7 * 24 * 60);
}

export const TRANSITIONS = {
  pay: {
    name: 'pay',
    from: ['pending_payment'],
    to: 'pending_acceptance',
    actors: ['host'],
    effects: ['authorize_payment'],
    timers: [{ job: 'booking.expire_acceptance', anchor: 'now', minutes: ACCEPT_WITHIN_MINUTES }],
  },
  accept: {
    name: 'accept',
    from: ['pending_acceptance'],
    to: 'confirmed',
    actors: ['dj', 'system'],
    effects: ['capture_payment', 'create_party'],
    timers: [
      { job: 'booking.start', anchor: 'starts_at', minutes: 0 },
      { job: 'booking.complete', anchor: 'ends_at', minutes: 0 },
    ],
  },
  decline: { name: 'decline', from: ['pending_acceptance'], to: 'declined', actors: ['dj'], effects: ['release_authorization'] },
  // Release: a payment started in the browser (Stripe.js) may be held by now even though it came too late.
  expire_hold: {
    name: 'expire_hold',
    from: ['pending_payment'],
    to: 'expired',
    actors: ['system'],
    effects: ['release_authorization'],
  },
  expire_acceptance: {
    name: 'expire_acceptance',
    from: ['pending_acceptance'],
    to: 'expired',
    actors: ['system'],
    effects: ['release_authorization'],
  },
  cancel_by_host_unpaid: {
    name: 'cancel_by_host_unpaid',
    from: ['pending_payment'],
    to: 'cancelled_by_host',
    actors: ['host'],
    effects: ['release_authorization'],
  },
  cancel_by_host_pending: {
    name: 'cancel_by_host_pending',
    from: ['pending_acceptance'],
    to: 'cancelled_by_host',
    actors: ['host'],
    effects: ['release_authorization'],
  },
  cancel_by_host: {
    name: 'cancel_by_host',
    from: ['confirmed'],
    to: 'cancelled_by_host',
    actors: ['host'],
    effects: ['refund_by_policy'],
  },
  cancel_by_dj: { name: 'cancel_by_dj', from: ['confirmed'], to: 'cancelled_by_dj', actors: ['dj'], effects: ['refund_in_full'] },
  start: { name: 'start', from: ['confirmed'], to: 'live', actors: ['system'], effects: [] },
  complete: {
    name: 'complete',
    from: ['live'],
    to: 'completed',
    actors: ['system'],
    effects: [],
    timers: [{ job: 'booking.payout', anchor: 'now', minutes: PAYOUT_DELAY_MINUTES }],
  },
  report_no_show: {
    name: 'report_no_show',
    from: ['live', 'completed'],
    to: 'no_show',
    actors: ['host', 'admin'],
    effects: ['refund_in_full'],
  },
  payout: { name: 'payout', from: ['completed'], to: 'paid_out', actors: ['system'], effects: ['pay_out_dj'] },
  // Compensations, taken by the payment jobs when the provider refuses a call for good (the ledger is unwound there).
  capture_failed: {
    name: 'capture_failed',
    from: ['confirmed', 'live', 'completed'],
    to: 'payment_failed',
    actors: ['system'],
    effects: [],
  },
  payout_failed: {
    name: 'payout_failed',
    from: ['paid_out'],
    to: 'completed',
    actors: ['system'],
    effects: [],
    timers: [{ job: 'booking.payout', anchor: 'now', minutes: PAYOUT_DELAY_MINUTES }],
  },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof TRANSITIONS;

/** Transitions `actor` may take from `state` (what buttons to show). */
export function availableTransitions(state: BookingState, actor: Actor): TransitionName[] {
  return (Object.keys(TRANSITIONS) as TransitionName[]).filter((n) => {
    const t: Transition = TRANSITIONS[n];
    return t.from.includes(state) && t.actors.includes(actor);
  });
}

export const isHoldingSlot = (s: BookingState) => SLOT_HOLDING_STATES.includes(s);
export const isPaid = (s: BookingState) => ['confirmed', 'live', 'completed', 'paid_out'].includes(s);
export const isFinal = (s: BookingState) =>
  ['paid_out', 'expired', 'declined', 'cancelled_by_host', 'cancelled_by_dj', 'no_show', 'payment_failed'].includes(s);
export const isRefunded = (s: BookingState) => ['cancelled_by_dj', 'no_show'].includes(s);

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
