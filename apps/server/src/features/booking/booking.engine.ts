/**
 * The engine of the booking process: applies one row of TRANSITIONS (packages/shared/src/booking/booking.process.ts)
 * inside the caller's database transaction, with the booking row locked — check state and actor, run the money
 * effects (the payment feature's ledger lines and after-commit payment jobs), compare-and-set the state with the
 * row's deadline, write the audit row, cancel and start the row's timers, enqueue its mails — and remembers the
 * row's realtime events for after commit (`announce`). It knows no state by name: everything comes from the row.
 * Guards are checked when a person asks (`assertCanTake`), before any provider call; a row applied after the
 * provider has held the money (a webhook) is not refused by them.
 */
import {
  GUARDS,
  TIMERS,
  TRANSITION_NAMES,
  timerFires,
  timerReminds,
  leaves,
  rowOf,
  type Actor,
  type Effect,
  type Guard,
  type RealtimeEvent,
  type TimerJob,
  type TimerStart,
  type Transition,
  type TransitionName,
} from '@partystream/shared/booking/booking.process';
import { type BookingState } from '@partystream/shared/booking/booking.states';
import { answerDeadline, holdDeadline, payoutRetryMinutes } from '@partystream/shared/booking/booking.rules';
import type { Clock } from '../../clock.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { cancelJobs, enqueueJob } from '../../jobs/jobs.ts';
import * as repo from './booking.repo.ts';
import { enqueueTemplateMail, type TemplateMailJob } from '../../jobs/mail.job.ts';

export interface TransitionContext {
  actor: Actor;
  actorUserId: string | null;
  reason?: string;
  /** The amount of a `refund_decided` effect (an admin's decision), in minor units. */
  refundMinor?: number;
}

/** What a guard looks at: a booking, or the draft of one (`request`). */
export type GuardSubject = Pick<repo.BookingRow, 'djProfileId' | 'startsAt' | 'autoAccept' | 'holdExpiresAt'> &
  Partial<Pick<repo.BookingRow, 'disputeStatus'>>;
/** A guard: whether it holds, and what a refusal says (the code is the table's) to `actor` asking for `name`. */
export interface GuardCheck {
  holds(q: Queryable, b: GuardSubject, actor: Actor): Promise<boolean>;
  detail(name: TransitionName, actor: Actor): string;
}

export interface BookingEngineDeps {
  clock: Clock;
  publicUrl: string;
  guards: Record<Guard, GuardCheck>;
  /** A money effect of the row (the payment feature): ledger lines and payment jobs; answers fields to set. */
  applyEffect(tx: Tx, b: repo.BookingRow, effect: Effect, ctx: TransitionContext): Promise<Partial<repo.BookingRow>>;
  emit(room: string, event: string, payload: unknown): void;
  /** The in-app inbox (features/notification, decision 031): one item per mail of the row, written in `tx`. */
  inbox?: BookingInbox;
}

/** What the engine needs of the inbox: write items in the transaction, announce them after commit. */
export interface BookingInbox {
  add(tx: Tx, items: { userId: string; kind: string; data: Record<string, unknown>; key: string }[]): Promise<string[]>;
  announce(userIds: Iterable<string>): Promise<void>;
}

const humanize = (s: string) => s.replace(/_/g, ' ');

type MailedBooking = Pick<repo.BookingRow, 'id' | 'startsAt' | 'endsAt' | 'hostUserId' | 'djUserId' | 'djProfileId'>;
/** What a mail about the booking needs of it. */
export const mailedBooking = (b: MailedBooking): TemplateMailJob['booking'] => ({
  id: b.id,
  startsAt: b.startsAt.toISOString(),
  endsAt: b.endsAt.toISOString(),
  hostUserId: b.hostUserId,
  djUserId: b.djUserId,
  djProfileId: b.djProfileId,
});

export function createBookingEngine(d: BookingEngineDeps) {
  const now = () => d.clock.now();
  /** Realtime events of committed-or-about-to-commit rows, per booking, raised by `announce` after commit. */
  const pending = new Map<string, Set<RealtimeEvent>>();
  /** Users with new inbox items, per booking, told by `announce` after commit. */
  const inboxPending = new Map<string, Set<string>>();

  /**
   * The row's inbox items: every mail a row sends is also an item in the recipient's inbox, with the mail's key,
   * so the process table's `mails` decide who hears about what, on both channels (decision 031).
   */
  async function tellInbox(
    tx: Tx,
    b: Pick<repo.BookingRow, 'id' | 'startsAt' | 'hostUserId' | 'djUserId'> & { endsAt?: Date },
    name: TransitionName,
    occurrence = 1,
  ) {
    if (!d.inbox) return;
    const items = rowOf(name).mails.map((m, i) => ({
      userId: m.to === 'host' ? b.hostUserId : b.djUserId,
      kind: m.template,
      data: { bookingId: b.id, startsAt: b.startsAt.toISOString(), ...(b.endsAt ? { endsAt: b.endsAt.toISOString() } : {}) },
      key: occurrence > 1 ? `${b.id}:${name}:${occurrence}:${i}` : `${b.id}:${name}:${i}`,
    }));
    const told = await d.inbox.add(tx, items);
    if (told.length) inboxPending.set(b.id, new Set([...(inboxPending.get(b.id) ?? []), ...told]));
  }

  /**
   * The row's mails, each keyed by booking, row, position (and occurrence for repeatable rows), rendered by the
   * `mail.template` job in the recipient's language and zone. The booking's revision (its audit rows so far) is
   * the SEQUENCE of the .ics a confirmation or cancellation carries, as in the calendar feed.
   */
  async function sendMails(tx: Tx, b: MailedBooking, name: TransitionName, occurrence = 1) {
    const sequence = await repo.countEvents(tx, b.id);
    for (const [i, m] of rowOf(name).mails.entries()) {
      const key = occurrence > 1 ? `${b.id}:${name}:${occurrence}:${i}` : `${b.id}:${name}:${i}`;
      await enqueueTemplateMail(tx, now(), key, {
        template: m.template,
        to: { userId: m.to === 'host' ? b.hostUserId : b.djUserId },
        booking: mailedBooking(b),
        sequence,
        ...(m.template === 'booking.payout_failed' ? { retryDays: payoutRetryMinutes(occurrence) / 1440 } : {}),
      });
    }
  }

  function deadlineOf(t: Transition, b: Pick<repo.BookingRow, 'startsAt'>, at: Date): Partial<repo.BookingRow> {
    if (t.deadline === 'hold') return { holdExpiresAt: holdDeadline(at) };
    if (t.deadline === 'answer') return { acceptBy: answerDeadline(at, b.startsAt) };
    return {};
  }

  function runAtOf(t: Transition, timer: TimerStart, b: repo.BookingRow, at: Date, occurrence: number): Date {
    const deadline = t.deadline === 'hold' ? b.holdExpiresAt : t.deadline === 'answer' ? b.acceptBy : null;
    const anchor =
      timer.anchor === 'now' ? at : timer.anchor === 'starts_at' ? b.startsAt : timer.anchor === 'ends_at' ? b.endsAt : deadline;
    if (!anchor) throw new Error(`the row's timer ${timer.job} counts from a deadline the row does not set`);
    const minutes = timer.delay === 'payout_backoff' ? payoutRetryMinutes(occurrence) : timer.delay;
    return new Date(anchor.getTime() + minutes * 60_000);
  }

  /** After entering the row's `to`: cancel the timers it leaves behind, start its own, send its mails. */
  async function afterEntering(tx: Tx, b: repo.BookingRow, name: TransitionName, at: Date) {
    const t = rowOf(name);
    const occurrence = t.repeatable ? await repo.countEvents(tx, b.id, name) : 1;
    await cancelJobs(
      tx,
      t.timers.cancel.map((job) => `${job}:${b.id}`),
    );
    for (const timer of t.timers.start) {
      // A repeatable row's timer gets a key of its own each time (the earlier one has run).
      const key = t.repeatable ? `${timer.job}:${b.id}:after:${at.getTime()}` : `${timer.job}:${b.id}`;
      await enqueueJob(tx, timer.job, { bookingId: b.id }, { runAt: runAtOf(t, timer, b, at, occurrence), key });
    }
    await sendMails(tx, b, name, occurrence);
    await tellInbox(tx, b, name, occurrence);
    const events = pending.get(b.id) ?? new Set<RealtimeEvent>();
    for (const e of t.realtime) events.add(e);
    pending.set(b.id, events);
  }

  /** Refuses unless `actor` may take `name` from the booking's state now (guards included). */
  async function assertCanTake(
    q: Queryable,
    b: repo.BookingRow,
    name: TransitionName,
    actor: Actor,
    o: { invalidDetail?: string } = {},
  ): Promise<void> {
    const t = rowOf(name);
    const state = b.state as BookingState;
    if (!leaves(name, state)) {
      // A window a timer closed is reported as such ("the payment window has passed"), not as a wrong state.
      for (const g of t.guards) {
        const lapsedBy = (GUARDS[g] as { lapsedBy?: TransitionName }).lapsedBy;
        if (lapsedBy && rowOf(lapsedBy).to === state) {
          throw new AppError(GUARDS[g].error, { detail: d.guards[g].detail(name, actor) });
        }
      }
    }
    if (!leaves(name, state) || !t.actors.includes(actor)) {
      throw new AppError('BOOKING_INVALID_TRANSITION', {
        detail: o.invalidDetail ?? `A booking that is ${humanize(b.state)} cannot be ${humanize(name)}.`,
      });
    }
    await assertGuards(q, b, name, actor);
  }

  /** The row's guards (or those of them in `only`, for a caller that must check some before others). */
  async function assertGuards(q: Queryable, b: GuardSubject, name: TransitionName, actor: Actor, only?: readonly Guard[]) {
    for (const g of rowOf(name).guards.filter((x) => !only || only.includes(x))) {
      if (!(await d.guards[g].holds(q, b, actor)))
        throw new AppError(GUARDS[g].error, { detail: d.guards[g].detail(name, actor) });
    }
  }

  /** Whether `actor` may take `name` now (state, actor and guards), without throwing. */
  async function canTake(q: Queryable, b: repo.BookingRow, name: TransitionName, actor: Actor): Promise<boolean> {
    if (!leaves(name, b.state as BookingState) || !rowOf(name).actors.includes(actor)) return false;
    for (const g of rowOf(name).guards) if (!(await d.guards[g].holds(q, b, actor))) return false;
    return true;
  }

  /** The one way a booking changes state. Must be called inside `tx` with the row locked. */
  async function apply(tx: Tx, b: repo.BookingRow, name: TransitionName, ctx: TransitionContext): Promise<repo.BookingRow> {
    const t = rowOf(name);
    if (!leaves(name, b.state as BookingState) || !t.actors.includes(ctx.actor)) {
      throw new AppError('BOOKING_INVALID_TRANSITION', {
        detail: `A booking that is ${humanize(b.state)} cannot be ${humanize(name)}.`,
      });
    }
    let set: Partial<repo.BookingRow> = {};
    for (const e of t.effects) set = { ...set, ...(await d.applyEffect(tx, { ...b, ...set }, e, ctx)) };
    const at = now();
    set = { ...set, ...deadlineOf(t, b, at) };
    if (!(await repo.setState(tx, b.id, b.state as BookingState, t.to, set, at))) {
      throw new AppError('CONFLICT', { detail: 'The booking changed at the same moment. Reload and try again.' });
    }
    await repo.insertEvent(tx, {
      bookingId: b.id,
      transition: name,
      fromState: b.state,
      toState: t.to,
      actor: ctx.actor,
      actorUserId: ctx.actorUserId,
      reason: ctx.reason ?? null,
      at,
    });
    const next = { ...b, ...set, state: t.to };
    await afterEntering(tx, next, name, at);
    // Rows the system takes at once on entering their state when the booking says so (the DJ's auto-accept).
    for (const n of TRANSITION_NAMES) {
      if (rowOf(n).automatic === 'auto_accept' && next.autoAccept && (await canTake(tx, next, n, 'system')))
        return apply(tx, next, n, { actor: 'system', actorUserId: null, reason: 'auto-accept' });
    }
    return next;
  }

  return {
    assertCanTake,
    assertGuards,
    canTake,
    sendMails,
    /** A row's mails and inbox items without its state change (money.port `mailRow`). */
    async mailRow(tx: Tx, b: Pick<repo.BookingRow, 'id'>, name: TransitionName) {
      const row = await repo.findBooking(tx, b.id);
      if (!row) return;
      await sendMails(tx, row, name);
      await tellInbox(tx, row, name);
    },

    /** The `request` row: the booking is created in its `to` state with its deadline, audit row and timers. */
    async create(
      tx: Tx,
      v: Omit<repo.NewBookingRow, 'state' | 'holdExpiresAt' | 'acceptBy' | 'createdAt' | 'updatedAt'>,
      ctx: TransitionContext,
    ): Promise<repo.BookingRow> {
      const t = rowOf('request');
      const at = now();
      const b = await repo.insertBooking(tx, { ...v, state: t.to, ...deadlineOf(t, v, at), createdAt: at, updatedAt: at });
      await repo.insertEvent(tx, {
        bookingId: b.id,
        transition: t.name,
        fromState: null,
        toState: t.to,
        actor: ctx.actor,
        actorUserId: ctx.actorUserId,
        at,
      });
      await afterEntering(tx, b, 'request', at);
      return b;
    },

    apply,

    /** An audit row for something that happened to the booking's money without a state change. */
    async record(tx: Tx, b: Pick<repo.BookingRow, 'id' | 'state'>, what: string, reason: string, actor: Actor = 'system') {
      await repo.insertEvent(tx, {
        bookingId: b.id,
        transition: what,
        fromState: b.state,
        toState: b.state,
        actor,
        actorUserId: null,
        reason,
        at: now(),
      });
    },

    /** After commit: tell host, DJ (and, when a row moved the slot, the DJ's profile watchers) the booking as it is. */
    announce(b: { id: string; hostUserId: string; djUserId: string; djProfileId: string; state: string }) {
      const events = pending.get(b.id) ?? new Set<RealtimeEvent>();
      pending.delete(b.id);
      for (const u of [b.hostUserId, b.djUserId]) d.emit(`user:${u}`, 'booking.updated', { bookingId: b.id, state: b.state });
      if (events.has('availability.changed'))
        d.emit(`dj:${b.djProfileId}`, 'availability.changed', { djProfileId: b.djProfileId });
      const told = inboxPending.get(b.id);
      inboxPending.delete(b.id);
      if (told && d.inbox) void d.inbox.announce(told);
    },

    /** Which timer job takes which system row (the jobs runner's handlers). */
    timerJobs: (Object.keys(TIMERS) as TimerJob[])
      .filter((job) => timerFires(job))
      .map((job) => ({ job, fires: timerFires(job) as TransitionName })),
    /** Which timer job sends which reminder. */
    reminderJobs: (Object.keys(TIMERS) as TimerJob[])
      .filter((job) => timerReminds(job))
      .map((job) => ({ job, template: timerReminds(job)! })),
  };
}

export type BookingEngine = ReturnType<typeof createBookingEngine>;
