/**
 * Bookings: the lifecycle of packages/shared/src/booking/booking.process.ts as the API offers it — request,
 * accept, decline, cancel, no-show, the timers' system rows — each a row applied by the engine
 * (booking.engine.ts) inside one transaction with the booking row locked. Money is the payment feature's
 * (features/payment/payment.money.ts): the engine calls its effects, and it moves bookings back through
 * `moneyPort.move`. After commit the booking's payment jobs are tried at once (`settle`) and dashboards told.
 * The parts: guards (booking.guards.ts), checkout (booking.checkout.ts),
 * receipts (booking.receipts.ts), the fee setting and quotes (booking.fees.ts), the wire view (booking.view.ts).
 */
import { z } from 'zod';
import {
  TIMERS,
  TRANSITION_NAMES,
  availableTransitions,
  leaves,
  rowOf,
  type ReminderTemplate,
  type TimerJob,
  type Actor,
  type TransitionName,
} from '@partystream/shared/booking/booking.process';
import { type BookingState } from '@partystream/shared/booking/booking.states';
import type { Booking, CreateBookingRequest } from '@partystream/shared/booking/booking.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob, type JobDefinition } from '../../jobs/jobs.ts';
import { enqueueTemplateMail, mailJob, type NoticeMail } from '../../jobs/mail.job.ts';
import type { Receipt } from '@partystream/shared/payment/payment.schemas';
import type { MailMessage } from '../../providers/mail/mail.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import type { DjService } from '../dj/dj.service.ts';
import type { BookingMoneyPort } from '../payment/money.port.ts';
import type { PaymentMoney } from '../payment/payment.money.ts';
import { createBookingEngine, mailedBooking, type BookingInbox } from './booking.engine.ts';
import { createCheckout } from './booking.checkout.ts';
import { createFees } from './booking.fees.ts';
import { createBookingGuards } from './booking.guards.ts';
import { createReceipts } from './booking.receipts.ts';
import * as repo from './booking.repo.ts';
import { canSee, createBookingView } from './booking.view.ts';
import { computePrice } from './pricing.ts';

export interface BookingServiceDeps {
  db: Db;
  clock: Clock;
  dj: DjService;
  availability: AvailabilityService;
  /** The payment feature's money side: effects, payments row, provider calls. */
  money: PaymentMoney;
  /** What the browser needs to pay with Stripe.js (publishable key; Stripe.js URL only when overridden). */
  stripeCheckout: { publishableKey: string; stripeJsUrl: string | null } | null;
  publicUrl: string;
  emit(room: string, event: string, payload: unknown): void;
  userEmail(userId: string): Promise<string | null>;
  /** The host's chosen IANA zone, if any (receipts show dates in it). */
  userTimeZone(userId: string): Promise<string | null>;
  /** Creates the party of a confirmed booking (party feature); optional until that feature exists. */
  createParty?: (bookingId: string, tx: Tx) => Promise<void>;
  partyTokenOf?: (bookingId: string) => Promise<string | null>;
  /** Runs this booking's due payment jobs now (after commit); the jobs runner retries what fails. */
  runPaymentsNow?: (bookingId: string) => Promise<number>;
  /** The in-app inbox: items written with each row's mails (decision 031). */
  inbox?: BookingInbox;
  /** The party's guests who gave an email and did not decline, with their own party link (reminders). */
  guestEmailsOf?: (bookingId: string) => Promise<{ email: string; link: string }[]>;
  /** Sends a notice now (receipts), rendered by features/notification/mail. */
  sendNotice(n: NoticeMail & { receipt: Receipt }): Promise<unknown>;
}

const BookingJobSchema = z.object({ bookingId: z.uuid() });

/** Who acted, for the audit row, when another feature moves a booking as host or DJ (a confirmed payment). */
const actingUser = (b: repo.BookingRow, actor: Actor) => (actor === 'host' ? b.hostUserId : actor === 'dj' ? b.djUserId : null);

export function createBookingService(d: BookingServiceDeps, mailSend: (m: MailMessage) => Promise<unknown>) {
  const now = () => d.clock.now();
  const guards = createBookingGuards({ clock: d.clock, dj: d.dj, paymentsKind: d.money.kind });
  const engine = createBookingEngine({
    clock: d.clock,
    publicUrl: d.publicUrl,
    guards,
    emit: d.emit,
    inbox: d.inbox,
    async applyEffect(tx, b, effect, ctx) {
      if (effect !== 'create_party') return d.money.applyEffect(tx, b, effect, { refundMinor: ctx.refundMinor });
      if (d.createParty) await d.createParty(b.id, tx);
      return {};
    },
  });
  const transition = engine.apply;
  const afterCommit = engine.announce;
  const fees = createFees(d);
  const view = createBookingView({ db: d.db, paymentOf: d.money.paymentOf, partyTokenOf: d.partyTokenOf });
  const receipts = createReceipts(d);

  /**
   * After commit: try the booking's payment jobs at once (what fails stays with the runner's retries), then tell
   * dashboards the state as it is after them.
   */
  async function settle(bookingId: string) {
    // A compensation may enqueue a further call (a release after a failed capture): a few rounds at most.
    for (let i = 0; i < 3 && d.runPaymentsNow; i++) if (!(await d.runPaymentsNow(bookingId))) break;
    const b = await repo.findBooking(d.db, bookingId);
    if (b) afterCommit(b);
  }

  /** Loads, checks access (not yours = 404), locks, runs. */
  async function act(user: User, id: string, actor: Actor, fn: (tx: Tx, b: repo.BookingRow) => Promise<repo.BookingRow>) {
    await d.db.transaction(async (tx) => {
      const b = await repo.lockBooking(tx, id);
      if (
        !b ||
        !canSee(user, b) ||
        (actor === 'host' && b.hostUserId !== user.id) ||
        (actor === 'dj' && b.djUserId !== user.id)
      ) {
        throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      }
      return fn(tx, b);
    });
    await settle(id);
    return view.get(user, id);
  }

  /** A system row (a timer's, or another feature's, e.g. a stream ending a party early); false when it did not apply. */
  async function runSystem(bookingId: string, name: TransitionName): Promise<boolean> {
    const result = await d.db.transaction(async (tx) => {
      const b = await repo.lockBooking(tx, bookingId);
      // Idempotent: a timer whose booking already moved on does nothing.
      if (!b || !leaves(name, b.state as BookingState)) return null;
      return transition(tx, b, name, { actor: 'system', actorUserId: null });
    });
    if (result) await settle(bookingId);
    return result !== null;
  }

  /** Told in the request's transaction when a host books a DJ (the licence feature warns an unlicensed DJ). */
  const requestedListeners: ((tx: Tx, b: repo.BookingRow) => Promise<unknown>)[] = [];
  /**
   * A reminder timer: mails host, DJ and the guests who gave an email, each once (keyed), while the booking is
   * still in the timer's states. One that runs so late that less than half its lead is left (the server was
   * down, or the party was confirmed at short notice) is skipped: the confirmation or the next reminder says it.
   */
  async function remind(bookingId: string, job: TimerJob, template: ReminderTemplate) {
    const b = await repo.findBooking(d.db, bookingId);
    if (!b || !(TIMERS[job].pendingIn as readonly string[]).includes(b.state)) return;
    const start = TRANSITION_NAMES.flatMap((n) => rowOf(n).timers.start).find((t) => t.job === job);
    const leadMs = -Number(start?.delay ?? 0) * 60_000;
    if (b.startsAt.getTime() - now().getTime() < leadMs / 2) return;
    const guests = (await d.guestEmailsOf?.(b.id)) ?? [];
    // The mails and the inbox items (host and DJ) in one transaction: both or neither, each once (keyed).
    const told = await d.db.transaction(async (tx) => {
      const sequence = await repo.countEvents(tx, b.id);
      const base = { template, booking: mailedBooking(b), sequence };
      for (const userId of [b.hostUserId, b.djUserId])
        await enqueueTemplateMail(tx, now(), `${job}:${b.id}:${userId}`, { ...base, to: { userId } });
      for (const g of guests)
        await enqueueTemplateMail(tx, now(), `${job}:${b.id}:${g.email}`, { ...base, to: { guestEmail: g.email, link: g.link } });
      const data = { bookingId: b.id, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString() };
      return (
        (await d.inbox?.add(
          tx,
          [b.hostUserId, b.djUserId].map((userId) => ({ userId, kind: template, data, key: `${job}:${b.id}` })),
        )) ?? []
      );
    });
    if (told.length) await d.inbox?.announce(told);
  }

  const checkout = createCheckout({ ...d, engine, holdOpen: guards.hold_open, act });

  /** What the payment feature may do to a booking (money.port.ts). */
  const moneyPort: BookingMoneyPort = {
    lock: (tx, id) => repo.lockBooking(tx, id),
    find: (q, id) => repo.findBooking(q, id),
    async move(tx, id, name, o) {
      const b = await repo.lockBooking(tx, id);
      if (!b) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      await transition(tx, b, name, { actor: o.actor, actorUserId: actingUser(b, o.actor), reason: o.reason });
    },
    note: (tx, b, what, reason, actor) => engine.record(tx, b, what, reason, actor),
    mailRow: (tx, b, name) => engine.mailRow(tx, b, name),
    setRefunded: (tx, id, refundedMinor) => repo.setRefunded(tx, id, refundedMinor, now()),
    setDispute: (tx, id, v) => repo.setDispute(tx, id, v, now()),
    settle,
  };

  const jobs: JobDefinition[] = [
    ...engine.timerJobs.map(({ job, fires }) =>
      defineJob({ name: job, schema: BookingJobSchema, handle: async (p) => void (await runSystem(p.bookingId, fires)) }),
    ),
    ...engine.reminderJobs.map(({ job, template }) =>
      defineJob({ name: job, schema: BookingJobSchema, handle: (p) => remind(p.bookingId, job, template) }),
    ),
    receipts.job,
    mailJob({ userEmail: d.userEmail, send: mailSend }),
  ];

  return {
    jobs,
    moneyPort,
    get: view.get,
    listMine: view.listMine,
    getReceipt: receipts.getReceipt,
    checkout: checkout.checkout,
    pay: checkout.pay,
    confirmPayment: checkout.confirmPayment,
    quote: fees.quote,
    getFeeBps: fees.getFeeBps,
    setFeeBps: fees.setFeeBps,

    /** A host requests a slot: the booking holds it for HOLD_MINUTES while the host pays. */
    async request(host: User, input: CreateBookingRequest, requestKey?: string): Promise<{ booking: Booking; created: boolean }> {
      if (requestKey) {
        const existing = await repo.findByRequestKey(d.db, host.id, requestKey);
        if (existing) return { booking: await view.get(host, existing.id), created: false };
      }
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      const row = await d.db.transaction(async (tx) => {
        const terms = await d.dj.getBookingTerms(input.djProfileId, tx);
        if (terms.djUserId === host.id) throw new AppError('FORBIDDEN', { detail: 'You cannot book yourself.' });
        const draft = { djProfileId: terms.djProfileId, startsAt, autoAccept: terms.autoAccept, holdExpiresAt: null };
        await engine.assertGuards(tx, draft, 'request', 'host', ['dj_can_be_paid']);
        const r = computePrice(
          terms.pricing,
          terms.currency,
          (endsAt.getTime() - startsAt.getTime()) / 60_000,
          await fees.feeBps(tx),
        );
        if (!r.ok)
          throw new AppError('BOOKING_LENGTH_INVALID', {
            detail: r.reason,
            errors: [{ path: 'body.endsAt', message: r.reason }],
          });
        await d.availability.assertSlotBookable(input.djProfileId, startsAt, endsAt, tx);
        // Past and unavailable times are refused above with their own reasons first.
        await engine.assertGuards(tx, draft, 'request', 'host', ['time_to_answer']);
        const created = await engine.create(
          tx,
          {
            djProfileId: terms.djProfileId,
            djUserId: terms.djUserId,
            hostUserId: host.id,
            startsAt,
            endsAt,
            bufferMinutes: terms.bufferMinutes,
            slotFrom: new Date(startsAt.getTime() - terms.bufferMinutes * 60_000),
            slotUntil: new Date(endsAt.getTime() + terms.bufferMinutes * 60_000),
            note: input.note,
            currency: r.price.currency,
            totalMinor: r.price.totalMinor,
            feeMinor: r.price.feeMinor,
            djShareMinor: r.price.djShareMinor,
            feeBps: r.price.feeBps,
            cancellationPolicy: terms.cancellationPolicy,
            autoAccept: terms.autoAccept,
            requestKey: requestKey ?? null,
          },
          { actor: 'host', actorUserId: host.id },
        );
        for (const fn of requestedListeners) await fn(tx, created);
        return created;
      });
      afterCommit(row);
      return { booking: await view.get(host, row.id), created: true };
    },

    accept: (dj: User, id: string) =>
      act(dj, id, 'dj', async (tx, b) => {
        await engine.assertCanTake(tx, b, 'accept', 'dj');
        return transition(tx, b, 'accept', { actor: 'dj', actorUserId: dj.id });
      }),
    decline: (dj: User, id: string, reason?: string) =>
      act(dj, id, 'dj', (tx, b) => transition(tx, b, 'decline', { actor: 'dj', actorUserId: dj.id, reason })),

    /** Cancels as host or DJ, choosing the transition for the current state; refunds follow the process table. */
    async cancel(user: User, id: string, reason?: string): Promise<Booking> {
      const probe = await repo.findBooking(d.db, id);
      if (!probe || !canSee(user, probe)) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      const actor: Actor = probe.hostUserId === user.id ? 'host' : probe.djUserId === user.id ? 'dj' : 'admin';
      return act(user, id, actor, (tx, b) => {
        const options = availableTransitions(b.state as BookingState, actor).filter((n) => n.startsWith('cancel'));
        if (!options[0])
          throw new AppError('BOOKING_INVALID_TRANSITION', {
            detail: `A booking that is ${b.state.replace(/_/g, ' ')} can no longer be cancelled.`,
          });
        return transition(tx, b, options[0], { actor, actorUserId: user.id, reason });
      });
    },

    /**
     * An admin's refund decision (a dispute or a host's complaint): the `refund_by_admin` row, in the caller's
     * transaction (the admin feature writes its audit row there); the caller settles after commit. The amount is
     * at most what is left to refund (`amountMinor` null: all of it). Answers the amount refunded now.
     */
    async refundByAdmin(tx: Tx, admin: User, id: string, amountMinor: number | null, reason: string) {
      const b = await repo.lockBooking(tx, id);
      if (!b) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      await engine.assertCanTake(tx, b, 'refund_by_admin', 'admin', {
        invalidDetail: `A booking that is ${b.state.replace(/_/g, ' ')} cannot be refunded here: only a completed party not yet paid out.`,
      });
      const left = b.totalMinor - b.refundedMinor;
      const amount = amountMinor ?? left;
      if (amount < 1 || amount > left)
        throw new AppError('VALIDATION_FAILED', {
          detail: `The refund must be between 1 and ${left} (minor units left to refund).`,
          errors: [{ path: 'body.amountMinor', message: `At most ${left} is left to refund.` }],
        });
      await transition(tx, b, 'refund_by_admin', { actor: 'admin', actorUserId: admin.id, reason, refundMinor: amount });
      return { refundedMinor: amount, currency: b.currency };
    },

    /** Registers a listener told in the transaction of each new request. */
    onRequested(fn: (tx: Tx, b: repo.BookingRow) => Promise<unknown>) {
      requestedListeners.push(fn);
    },

    /** After commit of a caller's transaction that moved the booking: payment jobs now, dashboards told. */
    settle,

    reportNoShow: (host: User, id: string, reason?: string) =>
      act(host, id, 'host', (tx, b) => transition(tx, b, 'report_no_show', { actor: 'host', actorUserId: host.id, reason })),

    /**
     * The narrow call other features move a booking with: take row `name` of the process table as `actor`, with
     * `reason` in the audit row. No guards (the caller acts on what already happened, e.g. money the provider
     * refused); refused with BOOKING_INVALID_TRANSITION when the row does not leave the booking's state or does
     * not list the actor. With `tx` it runs in the caller's transaction (which must hold the row lock) and the
     * caller settles after commit; without, in its own transaction, settled here.
     */
    async move(id: string, name: TransitionName, ctx: { actor: Actor; reason?: string }, tx?: Tx): Promise<string> {
      const run = async (q: Tx) => {
        const b = await repo.lockBooking(q, id);
        if (!b) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
        return (await transition(q, b, name, { actor: ctx.actor, actorUserId: actingUser(b, ctx.actor), reason: ctx.reason }))
          .state;
      };
      if (tx) return run(tx);
      const state = await d.db.transaction(run);
      await settle(id);
      return state;
    },

    /**
     * The narrow call for a system row another feature decides on (e.g. streaming ends a party early: `complete`).
     * Runs the row through the engine in its own transaction as the `system` actor, idempotently: false when the
     * booking is gone or the row does not leave its state; a row that does not list `system` is refused
     * (BOOKING_INVALID_TRANSITION).
     */
    runSystemTransition: runSystem,

    /** For availability: slot-holding bookings as intervals. */
    async busy(djProfileIds: string[], from: Date, to: Date, q: Db | Tx) {
      return repo.busyRanges(q, djProfileIds, from, to);
    },

    busyMultirangeSql: repo.busyMultirangeSql,
    playedCountSql: repo.playedCountSql,

    /** For profiles and search cards: parties each DJ has played (the proof a landing page shows). */
    async playedCounts(djProfileIds: string[]): Promise<Map<string, number>> {
      return repo.playedCounts(d.db, djProfileIds);
    },
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
