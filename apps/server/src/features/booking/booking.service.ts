/**
 * Bookings: the process table in packages/shared/src/booking/booking.process.ts, enforced here. Every
 * transition runs in ONE database transaction: lock the row, check state and actor, compare-and-set the state,
 * write the audit event, apply the money effects (payment provider call + balanced ledger transaction, both
 * keyed by an idempotency key derived from booking + effect), and enqueue timers and mails as jobs. After
 * commit, dashboards and open profile pages are told over Socket.io.
 */
import { z } from 'zod';
import {
  ACCEPT_WITHIN_MINUTES,
  HOLD_MINUTES,
  TRANSITIONS,
  availableTransitions,
  policyRefund,
  type Actor,
  type BookingState,
  type Transition,
  type TransitionName,
} from '@partystream/shared/booking/booking.process';
import type { Booking, CreateBookingRequest, PayRequest } from '@partystream/shared/booking/booking.schemas';
import type { Checkout, Receipt } from '@partystream/shared/payment/payment.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { formatMoney, type Currency } from '@partystream/shared/money';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob, enqueueJob, type JobDefinition } from '../../jobs/jobs.ts';
import type { PaymentsProvider, ProviderRefund } from '../../providers/payments/payments.ts';
import type { MailMessage } from '../../providers/mail/mail.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { canBePaid as canPay, type BookingTerms, type DjService } from '../dj/dj.service.ts';
import type { LedgerService } from '../payment/ledger.service.ts';
import * as repo from './booking.repo.ts';
import { computePrice, splitRefund, type Price } from './pricing.ts';
import { buildReceipt, receiptMail } from './receipt.ts';

const DEFAULT_FEE_BPS = 1500;

export interface BookingServiceDeps {
  db: Db;
  clock: Clock;
  dj: DjService;
  availability: AvailabilityService;
  ledger: LedgerService;
  payments: PaymentsProvider;
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
}

interface TransitionContext {
  actor: Actor;
  actorUserId: string | null;
  reason?: string;
}

const BookingJobSchema = z.object({ bookingId: z.uuid() });
const MailJobSchema = z.object({ toUserId: z.uuid(), subject: z.string(), text: z.string() });
const ReceiptJobSchema = z.object({ bookingId: z.uuid(), occasion: z.enum(['charged', 'refunded']) });

/** Payment statuses after which the host has paid something (a receipt exists). */
const CHARGED = ['captured', 'partially_refunded', 'refunded'];
const RANK_AUTHORIZED = ['authorized', ...CHARGED];

export function createBookingService(d: BookingServiceDeps, mailSend: (m: MailMessage) => Promise<unknown>) {
  const now = () => d.clock.now();

  function priceOf(b: repo.BookingRow): Price {
    return { totalMinor: b.totalMinor, feeMinor: b.feeMinor, djShareMinor: b.djShareMinor, currency: b.currency as Currency, feeBps: b.feeBps };
  }

  /** Bookings need a DJ the provider can pay (Stripe: a connected account with transfers and payouts enabled). */
  const canBePaid = (t: Pick<BookingTerms, 'stripeAccountId' | 'payoutsReady'>) => canPay(d.payments.kind, t);

  async function destinationOf(tx: Tx, b: repo.BookingRow): Promise<string | null> {
    return (await d.dj.getBookingTerms(b.djProfileId, tx)).stripeAccountId;
  }

  async function feeBps(q: Db | Tx): Promise<number> {
    const v = await repo.getSetting(q, 'fee_bps');
    return v === null ? DEFAULT_FEE_BPS : Number(v);
  }

  /** Mail goes out after commit through the jobs table; the address is looked up when it is sent. */
  async function mail(tx: Tx, key: string, toUserId: string, subject: string, text: string) {
    await enqueueJob(tx, 'mail.send', { toUserId, subject, text }, { key: `mail:${key}` });
  }

  /** Applies one money effect; idempotent through the keys. */
  async function applyEffect(tx: Tx, b: repo.BookingRow, effect: Transition['effects'][number]): Promise<Partial<repo.BookingRow>> {
    const payment = await repo.findPayment(tx, b.id);
    const price = priceOf(b);
    switch (effect) {
      case 'authorize_payment':
        return {}; // done by pay(), which has the card
      case 'release_authorization':
        if (payment && payment.status !== 'released') {
          await d.payments.release({ providerPaymentId: payment.providerPaymentId, idempotencyKey: `release:${b.id}` });
          await repo.setPaymentStatus(tx, b.id, 'released');
        }
        return {};
      case 'capture_payment': {
        if (!payment) throw new AppError('CONFLICT', { detail: 'No authorised payment to capture.' });
        await d.payments.capture({ providerPaymentId: payment.providerPaymentId, amountMinor: b.totalMinor, idempotencyKey: `capture:${b.id}` });
        await repo.setPaymentStatus(tx, b.id, 'captured');
        await enqueueJob(tx, 'booking.receipt_mail', { bookingId: b.id, occasion: 'charged' }, { key: `receipt:${b.id}:charged` });
        await d.ledger.post(tx, {
          bookingId: b.id,
          kind: 'capture',
          idempotencyKey: `ledger:capture:${b.id}`,
          currency: b.currency,
          lines: [
            { account: 'customer', amountMinor: -price.totalMinor },
            { account: 'dj_payable', amountMinor: price.djShareMinor },
            { account: 'platform_revenue', amountMinor: price.feeMinor },
          ],
        });
        return {};
      }
      case 'refund_by_policy':
      case 'refund_in_full': {
        if (!payment) return {};
        const remaining = b.totalMinor - b.refundedMinor;
        const notice = (b.startsAt.getTime() - now().getTime()) / 60_000;
        const amount = effect === 'refund_in_full' ? remaining : Math.min(remaining, policyRefund(b.cancellationPolicy as 'flexible', b.totalMinor, notice));
        if (amount <= 0) return {};
        const split = splitRefund(price, amount);
        await d.payments.refund({ providerPaymentId: payment.providerPaymentId, amountMinor: amount, refundApplicationFee: split.fromFee > 0, idempotencyKey: `refund:${b.id}:${effect}` });
        await repo.setPaymentStatus(tx, b.id, b.refundedMinor + amount >= b.totalMinor ? 'refunded' : 'partially_refunded');
        await enqueueJob(tx, 'booking.receipt_mail', { bookingId: b.id, occasion: 'refunded' }, { key: `receipt:${b.id}:refunded:${effect}` });
        await d.ledger.post(tx, {
          bookingId: b.id,
          kind: 'refund',
          idempotencyKey: `ledger:refund:${b.id}:${effect}`,
          currency: b.currency,
          lines: [
            { account: 'customer', amountMinor: amount },
            { account: 'dj_payable', amountMinor: -split.fromDj },
            { account: 'platform_revenue', amountMinor: -split.fromFee },
          ],
        });
        return { refundedMinor: b.refundedMinor + amount };
      }
      case 'pay_out_dj': {
        const bal = await d.ledger.balances(tx, b.id);
        const owed = bal.dj_payable ?? 0;
        if (owed <= 0) return {};
        await d.payments.payout({ destinationAccount: await destinationOf(tx, b), amountMinor: owed, currency: b.currency, idempotencyKey: `payout:${b.id}` });
        await d.ledger.post(tx, {
          bookingId: b.id,
          kind: 'payout',
          idempotencyKey: `ledger:payout:${b.id}`,
          currency: b.currency,
          lines: [
            { account: 'dj_payable', amountMinor: -owed },
            { account: 'dj_paid_out', amountMinor: owed },
          ],
        });
        return {};
      }
      case 'create_party':
        if (d.createParty) await d.createParty(b.id, tx);
        return {};
    }
  }

  /** The one way a booking changes state. Must be called inside `tx` with the row locked. */
  async function transition(tx: Tx, b: repo.BookingRow, name: TransitionName, ctx: TransitionContext): Promise<repo.BookingRow> {
    const t: Transition = TRANSITIONS[name];
    if (!t.from.includes(b.state as BookingState) || !t.actors.includes(ctx.actor)) {
      throw new AppError('BOOKING_INVALID_TRANSITION', { detail: `A booking that is ${b.state.replace(/_/g, ' ')} cannot be ${name.replace(/_/g, ' ')}.` });
    }
    let set: Partial<repo.BookingRow> = {};
    for (const e of t.effects) set = { ...set, ...(await applyEffect(tx, { ...b, ...set } as repo.BookingRow, e)) };
    const at = now();
    if (t.to === 'pending_acceptance') set.acceptBy = new Date(at.getTime() + ACCEPT_WITHIN_MINUTES * 60_000);
    if (!(await repo.setState(tx, b.id, b.state as BookingState, t.to, set, at))) {
      throw new AppError('CONFLICT', { detail: 'The booking changed at the same moment. Reload and try again.' });
    }
    await repo.insertEvent(tx, { bookingId: b.id, transition: name, fromState: b.state, toState: t.to, actor: ctx.actor, actorUserId: ctx.actorUserId, reason: ctx.reason ?? null, at });
    for (const timer of t.timers ?? []) {
      const anchor = timer.anchor === 'now' ? at : timer.anchor === 'starts_at' ? b.startsAt : b.endsAt;
      await enqueueJob(tx, timer.job, { bookingId: b.id }, { runAt: new Date(anchor.getTime() + timer.minutes * 60_000), key: `${timer.job}:${b.id}` });
    }
    const next = { ...b, ...set, state: t.to };
    await notify(tx, next, name);
    return next;
  }

  async function notify(tx: Tx, b: repo.BookingRow, name: TransitionName | 'request') {
    const link = `${d.publicUrl}/bookings/${b.id}`;
    const host = b.hostUserId;
    const dj = b.djUserId;
    const when = b.startsAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    const msgs: Partial<Record<TransitionName | 'request', [string, string, string][]>> = {
      pay: [[dj, 'New booking request', `You have a new booking request for ${when}. Accept or decline: ${link}`]],
      accept: [[host, 'Your party is confirmed', `The DJ confirmed your party on ${when}. Details and invites: ${link}`]],
      decline: [[host, 'Your booking request was declined', `The DJ could not take your party on ${when}. Your card was not charged. ${link}`]],
      expire_acceptance: [[host, 'Your booking request expired', `The DJ did not answer in time; your card was not charged. ${link}`]],
      cancel_by_host: [[dj, 'A party was cancelled', `The host cancelled the party on ${when}. ${link}`]],
      cancel_by_host_pending: [[dj, 'A booking request was withdrawn', `The host withdrew the request for ${when}. ${link}`]],
      cancel_by_dj: [[host, 'The DJ cancelled your party', `The DJ cancelled the party on ${when}. You are refunded in full. ${link}`]],
      payout: [[dj, 'Payout sent', `Your earnings for the party on ${when} are on their way. ${link}`]],
    };
    for (const [i, [to, subject, text]] of (msgs[name] ?? []).entries()) await mail(tx, `${b.id}:${name}:${i}`, to, subject, text);
  }

  function afterCommit(b: { id: string; hostUserId: string; djUserId: string; djProfileId: string; state: string }) {
    for (const u of [b.hostUserId, b.djUserId]) d.emit(`user:${u}`, 'booking.updated', { bookingId: b.id, state: b.state });
    d.emit(`dj:${b.djProfileId}`, 'availability.changed', { djProfileId: b.djProfileId });
  }

  /** Loads, checks access (not yours = 404), locks, runs. */
  async function act(user: User, id: string, actor: Actor, fn: (tx: Tx, b: repo.BookingRow) => Promise<repo.BookingRow>) {
    const result = await d.db.transaction(async (tx) => {
      const b = await repo.lockBooking(tx, id);
      if (!b || !canSee(user, b) || (actor === 'host' && b.hostUserId !== user.id) || (actor === 'dj' && b.djUserId !== user.id)) {
        throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      }
      return fn(tx, b);
    });
    afterCommit(result);
    return get(user, id);
  }

  const canSee = (user: User, b: repo.BookingRow) => user.role === 'admin' || b.hostUserId === user.id || b.djUserId === user.id;

  async function toBooking(row: NonNullable<Awaited<ReturnType<typeof repo.findWithNames>>>, withEvents: boolean): Promise<Booking> {
    const b = row.b;
    const payment = await repo.findPayment(d.db, b.id);
    return {
      id: b.id,
      state: b.state as BookingState,
      djProfileId: b.djProfileId,
      djStageName: row.stageName,
      djTimeZone: row.djTimeZone,
      hostUserId: b.hostUserId,
      hostName: row.hostName,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      note: b.note,
      price: { totalMinor: b.totalMinor, feeMinor: b.feeMinor, djShareMinor: b.djShareMinor, currency: b.currency as Currency, feeBps: b.feeBps },
      refundedMinor: b.refundedMinor,
      holdExpiresAt: b.state === 'pending_payment' ? (b.holdExpiresAt?.toISOString() ?? null) : null,
      acceptBy: b.state === 'pending_acceptance' ? (b.acceptBy?.toISOString() ?? null) : null,
      paymentStatus: payment?.status ?? null,
      partyToken: d.partyTokenOf && ['confirmed', 'live', 'completed', 'paid_out'].includes(b.state) ? await d.partyTokenOf(b.id) : null,
      createdAt: b.createdAt.toISOString(),
      ...(withEvents
        ? {
            events: (await repo.listEvents(d.db, b.id)).map((e) => ({ at: e.at.toISOString(), transition: e.transition, from: e.fromState, to: e.toState, actor: e.actor, reason: e.reason })),
          }
        : {}),
    };
  }

  async function get(user: User, id: string): Promise<Booking> {
    const row = await repo.findWithNames(d.db, id);
    if (!row || !canSee(user, row.b)) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
    return toBooking(row, true);
  }

  async function runSystem(bookingId: string, name: TransitionName) {
    const result = await d.db.transaction(async (tx) => {
      const b = await repo.lockBooking(tx, bookingId);
      // Idempotent: a timer whose booking already moved on does nothing.
      if (!b || !(TRANSITIONS[name].from as readonly string[]).includes(b.state)) return null;
      return transition(tx, b, name, { actor: 'system', actorUserId: null });
    });
    if (result) afterCommit(result);
  }

  const jobs: JobDefinition[] = [
    defineJob({ name: 'booking.expire_hold', schema: BookingJobSchema, handle: (p) => runSystem(p.bookingId, 'expire_hold') }),
    defineJob({ name: 'booking.expire_acceptance', schema: BookingJobSchema, handle: (p) => runSystem(p.bookingId, 'expire_acceptance') }),
    defineJob({ name: 'booking.start', schema: BookingJobSchema, handle: (p) => runSystem(p.bookingId, 'start') }),
    defineJob({ name: 'booking.complete', schema: BookingJobSchema, handle: (p) => runSystem(p.bookingId, 'complete') }),
    defineJob({ name: 'booking.payout', schema: BookingJobSchema, handle: (p) => runSystem(p.bookingId, 'payout') }),
    defineJob({
      name: 'booking.receipt_mail',
      schema: ReceiptJobSchema,
      // Rendered when sent, from the booking as it is then: a receipt states what was paid and refunded so far.
      handle: async (p) => {
        const receipt = await loadReceipt(p.bookingId);
        if (!receipt) return;
        const to = await d.userEmail(receipt.hostUserId);
        if (to) await mailSend(receiptMail(to, receipt.receipt, p.occasion, `${d.publicUrl}/bookings/${p.bookingId}/receipt`));
      },
    }),
    defineJob({
      name: 'mail.send',
      schema: MailJobSchema,
      handle: async (m) => {
        const to = await d.userEmail(m.toUserId);
        if (to) await mailSend({ to, subject: m.subject, text: m.text });
      },
    }),
  ];

  /** The receipt of a booking the host was charged for, or null (never charged, or no such booking). */
  async function loadReceipt(id: string): Promise<{ receipt: Receipt; hostUserId: string } | null> {
    const row = await repo.findWithNames(d.db, id);
    if (!row) return null;
    const payment = await repo.findPayment(d.db, id);
    if (!payment || !CHARGED.includes(payment.status)) return null;
    const movements = await d.ledger.customerMovements(d.db, id);
    const events = await repo.listEvents(d.db, id);
    const timeZone = await d.userTimeZone(row.b.hostUserId);
    return { receipt: buildReceipt({ booking: row.b, djStageName: row.stageName, hostName: row.hostName, timeZone, djTimeZone: row.djTimeZone, payment, movements, events, issuedAt: now() }), hostUserId: row.b.hostUserId };
  }

  return {
    jobs,
    get,

    /** A host's receipt: only the host and admins see it (others, the DJ included, get 404 like for any booking not theirs). */
    async getReceipt(user: User, id: string): Promise<Receipt> {
      const b = await repo.findBooking(d.db, id);
      if (!b || !(user.role === 'admin' || b.hostUserId === user.id)) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      const r = await loadReceipt(id);
      if (!r) throw new AppError('NOT_FOUND', { detail: 'This booking has no receipt: the card was not charged.' });
      return r.receipt;
    },

    /**
     * How the host pays this booking. With Stripe: the booking's manual-capture PaymentIntent (made once per
     * booking, same key on every call) with its client secret for the Payment Element, to the host only.
     */
    async checkout(host: User, id: string): Promise<Checkout> {
      return d.db.transaction(async (tx) => {
        const b = await repo.lockBooking(tx, id);
        if (!b || b.hostUserId !== host.id) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
        if (b.state === 'expired' || (b.state === 'pending_payment' && b.holdExpiresAt && b.holdExpiresAt <= now())) {
          throw new AppError('BOOKING_HOLD_EXPIRED', { detail: 'The 15-minute payment window has passed and the slot was released. Please book again.' });
        }
        if (b.state !== 'pending_payment') throw new AppError('BOOKING_INVALID_TRANSITION', { detail: `This booking is ${b.state.replace(/_/g, ' ')}; there is nothing to pay.` });
        if (!d.stripeCheckout) return { provider: 'local' as const };
        const existing = await repo.findPayment(tx, b.id);
        if (existing && existing.status !== 'pending') throw new AppError('CONFLICT', { detail: 'A payment for this booking is already under way.' });
        const terms = await d.dj.getBookingTerms(b.djProfileId, tx);
        if (!canBePaid(terms)) throw new AppError('DJ_PAYOUTS_NOT_READY', { detail: 'This DJ cannot take payments right now (payout setup not finished).' });
        const started = await d.payments.startCheckout({
          amountMinor: b.totalMinor,
          currency: b.currency,
          idempotencyKey: `checkout:${b.id}`,
          destinationAccount: terms.stripeAccountId,
          applicationFeeMinor: b.feeMinor,
          bookingId: b.id,
        });
        if (!started) return { provider: 'local' as const };
        if (!existing) {
          await repo.upsertPayment(tx, { bookingId: b.id, provider: d.payments.kind, providerPaymentId: started.providerPaymentId, status: 'pending', amountMinor: b.totalMinor, currency: b.currency, cardLast4: null });
        }
        return { provider: 'stripe' as const, clientSecret: started.clientSecret, publishableKey: d.stripeCheckout.publishableKey, stripeJsUrl: d.stripeCheckout.stripeJsUrl };
      });
    },

    /**
     * The provider says a browser-confirmed payment is held (webhook). Moves a booking still waiting for payment
     * on, in the caller's transaction; returns the after-commit notification, or null when nothing changed.
     */
    async applyProviderAuthorization(tx: Tx, providerPaymentId: string): Promise<(() => void) | null> {
      const payment = await repo.findPaymentByProviderId(tx, d.payments.kind, providerPaymentId);
      if (!payment) return null;
      const b = await repo.lockBooking(tx, payment.bookingId);
      if (!b || b.state !== 'pending_payment' || !['pending', 'requires_action'].includes(payment.status)) return null;
      // Too late: the hold's expiry releases the authorisation.
      if (b.holdExpiresAt && b.holdExpiresAt <= now()) return null;
      await repo.setPaymentStatus(tx, b.id, 'authorized');
      const next = await afterAuthorized(tx, b, b.hostUserId);
      return () => afterCommit(next);
    },

    /**
     * Refunds made at the provider outside the app (the Stripe dashboard), as read back from the provider. Each
     * succeeded one is booked once (ledger key by its refund id) in the caller's transaction, under the booking
     * row lock; refunds carrying our own key are booked by the transition that made them, never here. Money only:
     * the booking's state does not change (decision 011). Who bears the refund follows what the provider did:
     * with the transfer reversed, DJ and platform share it in proportion (as our own refunds do); without, the
     * platform pays it from its own pocket (`platform_refund_cost`) and the DJ is still owed their share.
     */
    async applyProviderRefunds(tx: Tx, providerPaymentId: string, refunds: ProviderRefund[]): Promise<{ applied: string[]; after: (() => void) | null }> {
      const payment = await repo.findPaymentByProviderId(tx, d.payments.kind, providerPaymentId);
      if (!payment) return { applied: [], after: null };
      const b = await repo.lockBooking(tx, payment.bookingId);
      if (!b) return { applied: [], after: null };
      const price = priceOf(b);
      const bal = await d.ledger.balances(tx, b.id);
      const succeeded = refunds.filter((r) => r.status === 'succeeded');
      // Never book more than the provider says was refunded in all (a refund of ours made before refunds carried
      // our key looks like an outside one) nor more than was charged.
      let room = Math.min(succeeded.reduce((s, r) => s + r.amountMinor, 0) - b.refundedMinor, b.totalMinor - b.refundedMinor);
      let refunded = b.refundedMinor;
      const applied: string[] = [];
      const at = now();
      for (const r of succeeded) {
        if (r.appKey !== null) continue;
        const amount = Math.min(r.amountMinor, room);
        if (amount <= 0) continue;
        const lines: { account: string; amountMinor: number }[] = [{ account: 'customer', amountMinor: amount }];
        if (r.transferReversed) {
          const split = splitRefund(price, amount);
          const fromFee = Math.min(split.fromFee, Math.max(0, bal.platform_revenue ?? 0));
          const fromDj = amount - fromFee;
          // Already paid out: the reversal claws it back from what the DJ was paid.
          const fromPayable = Math.min(fromDj, Math.max(0, bal.dj_payable ?? 0));
          lines.push({ account: 'platform_revenue', amountMinor: -fromFee }, { account: 'dj_payable', amountMinor: -fromPayable }, { account: 'dj_paid_out', amountMinor: -(fromDj - fromPayable) });
        } else {
          lines.push({ account: 'platform_refund_cost', amountMinor: -amount });
        }
        const posted = await d.ledger.post(tx, {
          bookingId: b.id,
          kind: 'provider_refund',
          idempotencyKey: `ledger:provider_refund:${r.id}`,
          currency: b.currency,
          lines,
        });
        if (!posted) continue;
        for (const l of lines) bal[l.account] = (bal[l.account] ?? 0) + l.amountMinor;
        room -= amount;
        refunded += amount;
        applied.push(r.id);
        const money = formatMoney(amount, b.currency as Currency, 'en');
        await repo.insertEvent(tx, { bookingId: b.id, transition: 'provider_refund', fromState: b.state, toState: b.state, actor: 'admin', actorUserId: null, reason: `${money} refunded in the payment provider’s dashboard (${r.id})`, at });
        await enqueueJob(tx, 'booking.receipt_mail', { bookingId: b.id, occasion: 'refunded' }, { key: `receipt:${b.id}:refunded:${r.id}` });
        if (r.transferReversed) {
          await mail(tx, `${b.id}:provider_refund:${r.id}`, b.djUserId, 'A refund was made for your party', `PartyStream refunded ${money} to the host of the party on ${b.startsAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; your share of it is taken from your earnings. ${d.publicUrl}/bookings/${b.id}`);
        }
      }
      if (!applied.length) return { applied, after: null };
      await repo.setRefunded(tx, b.id, refunded, at);
      await repo.setPaymentStatus(tx, b.id, refunded >= b.totalMinor ? 'refunded' : 'partially_refunded');
      return { applied, after: () => afterCommit(b) };
    },

    /** Price preview for a DJ and a time range (what the booking page shows before requesting). */
    async quote(djProfileId: string, startsAt: Date, endsAt: Date): Promise<Price> {
      const terms = await d.dj.getBookingTerms(djProfileId);
      const r = computePrice(terms.pricing, terms.currency, (endsAt.getTime() - startsAt.getTime()) / 60_000, await feeBps(d.db));
      if (!r.ok) throw new AppError('BOOKING_LENGTH_INVALID', { detail: r.reason });
      return r.price;
    },

    /** A host requests a slot: the booking holds it for HOLD_MINUTES while the host pays. */
    async request(host: User, input: CreateBookingRequest, requestKey?: string): Promise<{ booking: Booking; created: boolean }> {
      if (requestKey) {
        const existing = await repo.findByRequestKey(d.db, host.id, requestKey);
        if (existing) return { booking: await get(host, existing.id), created: false };
      }
      const startsAt = new Date(input.startsAt);
      const endsAt = new Date(input.endsAt);
      const row = await d.db.transaction(async (tx) => {
        const terms = await d.dj.getBookingTerms(input.djProfileId, tx);
        if (terms.djUserId === host.id) throw new AppError('FORBIDDEN', { detail: 'You cannot book yourself.' });
        if (!canBePaid(terms)) throw new AppError('DJ_PAYOUTS_NOT_READY', { detail: 'This DJ cannot take bookings yet: their payout setup is not finished. Try again later or pick another DJ.' });
        const r = computePrice(terms.pricing, terms.currency, (endsAt.getTime() - startsAt.getTime()) / 60_000, await feeBps(tx));
        if (!r.ok) throw new AppError('BOOKING_LENGTH_INVALID', { detail: r.reason, errors: [{ path: 'body.endsAt', message: r.reason }] });
        await d.availability.assertSlotBookable(input.djProfileId, startsAt, endsAt, tx);
        const at = now();
        const b = await repo.insertBooking(tx, {
          djProfileId: terms.djProfileId,
          djUserId: terms.djUserId,
          hostUserId: host.id,
          state: 'pending_payment',
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
          holdExpiresAt: new Date(at.getTime() + HOLD_MINUTES * 60_000),
          requestKey: requestKey ?? null,
          createdAt: at,
          updatedAt: at,
        });
        await repo.insertEvent(tx, { bookingId: b.id, transition: 'request', fromState: null, toState: 'pending_payment', actor: 'host', actorUserId: host.id, at });
        await enqueueJob(tx, 'booking.expire_hold', { bookingId: b.id }, { runAt: b.holdExpiresAt!, key: `booking.expire_hold:${b.id}` });
        return b;
      });
      afterCommit(row);
      return { booking: await get(host, row.id), created: true };
    },

    /** The host pays with the test-mode card form (authorisation only; captured when the DJ accepts). */
    async pay(host: User, id: string, card: PayRequest): Promise<Booking> {
      return act(host, id, 'host', async (tx, b) => {
        if (b.state === 'expired' || (b.state === 'pending_payment' && b.holdExpiresAt && b.holdExpiresAt <= now())) {
          throw new AppError('BOOKING_HOLD_EXPIRED', { detail: 'The 15-minute payment window has passed and the slot was released. Please book again.' });
        }
        if (b.state !== 'pending_payment') throw new AppError('BOOKING_INVALID_TRANSITION', { detail: `This booking is ${b.state.replace(/_/g, ' ')}; there is nothing to pay.` });
        const existing = await repo.findPayment(tx, b.id);
        if (existing?.status === 'requires_action') throw new AppError('CONFLICT', { detail: 'Confirm the pending payment first.' });
        if (existing?.status === 'pending') throw new AppError('CONFLICT', { detail: 'A payment for this booking was started on the checkout page; finish it there.' });
        const terms = await d.dj.getBookingTerms(b.djProfileId, tx);
        if (!canBePaid(terms)) throw new AppError('DJ_PAYOUTS_NOT_READY', { detail: 'This DJ cannot take payments right now (payout setup not finished).' });
        const res = await d.payments.authorize({
          amountMinor: b.totalMinor,
          currency: b.currency,
          card: { number: card.cardNumber, expiry: card.expiry, cvc: card.cvc, name: card.name },
          idempotencyKey: `authorize:${b.id}`,
          destinationAccount: terms.stripeAccountId,
          applicationFeeMinor: b.feeMinor,
        });
        if (res.status === 'declined') throw new AppError('PAYMENT_DECLINED', { detail: res.reason, errors: [{ path: 'body.cardNumber', message: res.reason }] });
        await repo.upsertPayment(tx, { bookingId: b.id, provider: d.payments.kind, providerPaymentId: res.providerPaymentId, status: res.status, amountMinor: b.totalMinor, currency: b.currency, cardLast4: res.last4 });
        if (res.status === 'requires_action') return b;
        return afterAuthorized(tx, b, host.id);
      });
    },

    /** Completes a payment that needed an extra confirmation step. */
    async confirmPayment(host: User, id: string): Promise<Booking> {
      return act(host, id, 'host', async (tx, b) => {
        const p = await repo.findPayment(tx, b.id);
        // The webhook may have been first: then there is nothing left to do.
        if (b.state !== 'pending_payment' && p && RANK_AUTHORIZED.includes(p.status)) return b;
        if (b.state !== 'pending_payment' || !p || !['requires_action', 'pending'].includes(p.status)) throw new AppError('BOOKING_INVALID_TRANSITION', { detail: 'There is no payment waiting for confirmation.' });
        if (b.holdExpiresAt && b.holdExpiresAt <= now()) throw new AppError('BOOKING_HOLD_EXPIRED', { detail: 'The payment window has passed. Please book again.' });
        const r = await d.payments.confirmAction({ providerPaymentId: p.providerPaymentId, idempotencyKey: `confirm:${b.id}` });
        if (r.status === 'pending') return b;
        if (r.status === 'declined') throw new AppError('PAYMENT_DECLINED', { detail: r.reason });
        await repo.setPaymentStatus(tx, b.id, 'authorized');
        return afterAuthorized(tx, b, host.id);
      });
    },

    accept: (dj: User, id: string) =>
      act(dj, id, 'dj', async (tx, b) => {
        if (b.state === 'pending_acceptance' && !canBePaid(await d.dj.getBookingTerms(b.djProfileId, tx))) {
          throw new AppError('DJ_PAYOUTS_NOT_READY', { detail: 'Finish your payout setup (My bookings → Payouts) before accepting paid bookings.' });
        }
        return transition(tx, b, 'accept', { actor: 'dj', actorUserId: dj.id });
      }),
    decline: (dj: User, id: string, reason?: string) => act(dj, id, 'dj', (tx, b) => transition(tx, b, 'decline', { actor: 'dj', actorUserId: dj.id, reason })),

    /** Cancels as host or DJ, choosing the transition for the current state; refunds follow the process table. */
    async cancel(user: User, id: string, reason?: string): Promise<Booking> {
      const probe = await repo.findBooking(d.db, id);
      if (!probe || !canSee(user, probe)) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      const actor: Actor = probe.hostUserId === user.id ? 'host' : probe.djUserId === user.id ? 'dj' : 'admin';
      return act(user, id, actor, (tx, b) => {
        const options = availableTransitions(b.state as BookingState, actor).filter((n) => n.startsWith('cancel'));
        if (!options[0]) throw new AppError('BOOKING_INVALID_TRANSITION', { detail: `A booking that is ${b.state.replace(/_/g, ' ')} can no longer be cancelled.` });
        return transition(tx, b, options[0], { actor, actorUserId: user.id, reason });
      });
    },

    reportNoShow: (host: User, id: string, reason?: string) => act(host, id, 'host', (tx, b) => transition(tx, b, 'report_no_show', { actor: 'host', actorUserId: host.id, reason })),

    async listMine(user: User): Promise<Booking[]> {
      const rows = await repo.listForUser(d.db, user.id, user.role === 'dj' ? 'dj' : 'host');
      return Promise.all(rows.map((r) => toBooking(r, false)));
    },

    async getFeeBps(): Promise<number> {
      return feeBps(d.db);
    },
    async setFeeBps(admin: User, bps: number): Promise<void> {
      await repo.putSetting(d.db, 'fee_bps', String(bps), admin.id);
    },

    /** For availability: slot-holding bookings as intervals. */
    async busy(djProfileIds: string[], from: Date, to: Date, q: Db | Tx) {
      return repo.busyRanges(q, djProfileIds, from, to);
    },

    busyMultirangeSql: repo.busyMultirangeSql,
  };

  async function afterAuthorized(tx: Tx, b: repo.BookingRow, hostId: string): Promise<repo.BookingRow> {
    const paid = await transition(tx, b, 'pay', { actor: 'host', actorUserId: hostId });
    // A DJ whose payouts stopped working after the request is not auto-accepted; they are asked (and told why on accept).
    if (b.autoAccept && canBePaid(await d.dj.getBookingTerms(b.djProfileId, tx))) return transition(tx, paid, 'accept', { actor: 'system', actorUserId: null, reason: 'auto-accept' });
    return paid;
  }
}

export type BookingService = ReturnType<typeof createBookingService>;
