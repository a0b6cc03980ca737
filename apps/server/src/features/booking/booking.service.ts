/**
 * Bookings: the process table in packages/shared/src/booking/booking.process.ts, enforced here. Every
 * transition runs in ONE database transaction: lock the row, check state and actor, compare-and-set the state,
 * write the audit event, apply the money effects (a balanced ledger transaction into a "pending" account plus a
 * `payment.*` job that will make the provider call, both keyed by an idempotency key derived from booking +
 * effect), and enqueue timers and mails as jobs. After commit the booking's payment jobs are tried at once
 * (`runPaymentsNow`); each calls the provider with the effect's key and records the result — or compensates
 * when the provider refuses for good — in its own transaction (decision 015). Dashboards and open profile
 * pages are then told over Socket.io.
 */
import { z } from 'zod';
import {
  LATE_REQUEST_MINUTES,
  availableTransitions,
  isAwaitingAnswer,
  isAwaitingPayment,
  isPaid,
  leaves,
  policyRefund,
  type Actor,
  type BookingState,
  type Effect,
  type TransitionName,
} from '@partystream/shared/booking/booking.process';
import type { Booking, CreateBookingRequest, PayRequest } from '@partystream/shared/booking/booking.schemas';
import type { Checkout, Receipt } from '@partystream/shared/payment/payment.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { formatMoney, type Currency } from '@partystream/shared/money';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob, enqueueJob, JobDeferred, type JobDefinition } from '../../jobs/jobs.ts';
import { createBookingEngine, type GuardCheck } from './booking.engine.ts';
import { enqueueMail } from './booking.mails.ts';
import {
  isPermanentProviderError,
  type PaymentsProvider,
  type ProviderDispute,
  type ProviderRefund,
} from '../../providers/payments/payments.ts';
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
  /** Runs this booking's due payment jobs now (after commit); the jobs runner retries what fails. */
  runPaymentsNow?: (bookingId: string) => Promise<number>;
}

const BookingJobSchema = z.object({ bookingId: z.uuid() });
const MailJobSchema = z.object({ toUserId: z.uuid(), subject: z.string(), text: z.string() });
const ReceiptJobSchema = z.object({ bookingId: z.uuid(), occasion: z.enum(['charged', 'refunded']) });
/**
 * One provider call decided by a committed transition. `key`: the provider's idempotency key (also the job's);
 * `ref`: for refunds the effect (`refund_in_full` …), for pay-outs the attempt suffix ('' or `:2` …).
 */
const PaymentJobSchema = z.object({
  bookingId: z.uuid(),
  op: z.enum(['capture', 'release', 'refund', 'payout']),
  key: z.string().min(1),
  amountMinor: z.number().int().nonnegative(),
  refundApplicationFee: z.boolean().default(false),
  ref: z.string().default(''),
});
type PaymentJob = z.infer<typeof PaymentJobSchema>;
/** Transient provider errors are retried with the runner's backoff (1, 2, 4 … 60 min) this many times. */
const PAYMENT_JOB_ATTEMPTS = 10;

/** Payment statuses after which the host has paid something (a receipt exists). */
const CHARGED = ['captured', 'partially_refunded', 'refunded'];
const RANK_AUTHORIZED = ['authorized', ...CHARGED];

export function createBookingService(d: BookingServiceDeps, mailSend: (m: MailMessage) => Promise<unknown>) {
  const now = () => d.clock.now();

  function priceOf(b: repo.BookingRow): Price {
    return {
      totalMinor: b.totalMinor,
      feeMinor: b.feeMinor,
      djShareMinor: b.djShareMinor,
      currency: b.currency as Currency,
      feeBps: b.feeBps,
    };
  }

  /** Bookings need a DJ the provider can pay (Stripe: a connected account with transfers and payouts enabled). */
  const canBePaid = (t: Pick<BookingTerms, 'stripeAccountId' | 'payoutsReady'>) => canPay(d.payments.kind, t);

  /** The DJ's current connected account (read when the pay-out is made). */
  async function destinationOf(b: repo.BookingRow): Promise<string | null> {
    return (await d.dj.getBookingTerms(b.djProfileId)).stripeAccountId;
  }

  async function feeBps(q: Db | Tx): Promise<number> {
    const v = await repo.getSetting(q, 'fee_bps');
    return v === null ? DEFAULT_FEE_BPS : Number(v);
  }

  const mail = (tx: Tx, key: string, toUserId: string, subject: string, text: string) =>
    enqueueMail(tx, now(), key, toUserId, subject, text);

  /** Enqueues the provider call of an effect (after commit, by the job); the job's key is the provider's key. */
  async function enqueuePayment(tx: Tx, job: PaymentJob) {
    await enqueueJob(tx, `payment.${job.op}`, job, { runAt: now(), key: `payment:${job.key}` });
  }

  /**
   * Applies one money effect: the ledger moves money into a pending account now and the provider call follows
   * after commit (payment job). Idempotent through the keys.
   */
  async function applyEffect(tx: Tx, b: repo.BookingRow, effect: Effect): Promise<Partial<repo.BookingRow>> {
    const payment = await repo.findPayment(tx, b.id);
    const price = priceOf(b);
    switch (effect) {
      case 'authorize_payment':
        return {}; // done by pay(), which has the card
      case 'release_authorization':
        if (payment && payment.status !== 'released')
          await enqueuePayment(tx, {
            bookingId: b.id,
            op: 'release',
            key: `release:${b.id}`,
            amountMinor: 0,
            refundApplicationFee: false,
            ref: '',
          });
        return {};
      case 'capture_payment': {
        if (!payment) throw new AppError('CONFLICT', { detail: 'No authorised payment to capture.' });
        await d.ledger.post(tx, {
          bookingId: b.id,
          kind: 'capture_requested',
          idempotencyKey: `ledger:capture_requested:${b.id}`,
          currency: b.currency,
          lines: [
            { account: 'capture_pending', amountMinor: -price.totalMinor },
            { account: 'dj_payable', amountMinor: price.djShareMinor },
            { account: 'platform_revenue', amountMinor: price.feeMinor },
          ],
        });
        await enqueuePayment(tx, {
          bookingId: b.id,
          op: 'capture',
          key: `capture:${b.id}`,
          amountMinor: b.totalMinor,
          refundApplicationFee: false,
          ref: '',
        });
        return {};
      }
      case 'refund_by_policy':
      case 'refund_in_full': {
        if (!payment) return {};
        const remaining = b.totalMinor - b.refundedMinor;
        const notice = (b.startsAt.getTime() - now().getTime()) / 60_000;
        const amount =
          effect === 'refund_in_full'
            ? remaining
            : Math.min(remaining, policyRefund(b.cancellationPolicy as 'flexible', b.totalMinor, notice));
        if (amount <= 0) return {};
        const split = splitRefund(price, amount);
        await d.ledger.post(tx, {
          bookingId: b.id,
          kind: 'refund_requested',
          idempotencyKey: `ledger:refund_requested:${b.id}:${effect}`,
          currency: b.currency,
          lines: [
            { account: 'refund_pending', amountMinor: amount },
            { account: 'dj_payable', amountMinor: -split.fromDj },
            { account: 'platform_revenue', amountMinor: -split.fromFee },
          ],
        });
        await enqueuePayment(tx, {
          bookingId: b.id,
          op: 'refund',
          key: `refund:${b.id}:${effect}`,
          amountMinor: amount,
          refundApplicationFee: split.fromFee > 0,
          ref: effect,
        });
        return { refundedMinor: b.refundedMinor + amount };
      }
      case 'pay_out_dj': {
        const bal = await d.ledger.balances(tx, b.id);
        // The pay-out waits for the capture (its timer job is put back, not failed).
        if ((bal.capture_pending ?? 0) !== 0) throw new JobDeferred('the capture is not settled yet', 10 * 60_000);
        const owed = bal.dj_payable ?? 0;
        if (owed <= 0) return {};
        // Each attempt after a failed one needs its own keys: the provider answers a reused key with the old refusal.
        const tries = await d.ledger.countKind(tx, b.id, 'payout_failed');
        const sfx = tries ? `:${tries + 1}` : '';
        await d.ledger.post(tx, {
          bookingId: b.id,
          kind: 'payout_requested',
          idempotencyKey: `ledger:payout_requested:${b.id}${sfx}`,
          currency: b.currency,
          lines: [
            { account: 'dj_payable', amountMinor: -owed },
            { account: 'payout_pending', amountMinor: owed },
          ],
        });
        await enqueuePayment(tx, {
          bookingId: b.id,
          op: 'payout',
          key: `payout:${b.id}${sfx}`,
          amountMinor: owed,
          refundApplicationFee: false,
          ref: sfx,
        });
        return {};
      }
      case 'create_party':
        if (d.createParty) await d.createParty(b.id, tx);
        return {};
    }
  }

  const payHold = 'The 15-minute payment window has passed and the slot was released. Please book again.';
  const guards: Record<'hold_open' | 'dj_can_be_paid' | 'time_to_answer', GuardCheck> = {
    hold_open: {
      holds: async (_q, b) => !(b.holdExpiresAt && b.holdExpiresAt <= now()),
      detail: () => payHold,
    },
    dj_can_be_paid: {
      holds: async (q, b) => canBePaid(await d.dj.getBookingTerms(b.djProfileId, q)),
      detail: (name, actor) =>
        name === 'request'
          ? 'This DJ cannot take bookings yet: their payout setup is not finished. Try again later or pick another DJ.'
          : actor === 'dj'
            ? 'Finish your payout setup (My bookings → Payouts) before accepting paid bookings.'
            : 'This DJ cannot take payments right now (payout setup not finished).',
    },
    time_to_answer: {
      holds: async (_q, b) => b.autoAccept || b.startsAt.getTime() - now().getTime() >= LATE_REQUEST_MINUTES * 60_000,
      detail: () =>
        `This party starts in less than ${LATE_REQUEST_MINUTES} minutes: too soon for the DJ to answer. Pick a later time.`,
    },
  };

  const engine = createBookingEngine({ clock: d.clock, publicUrl: d.publicUrl, guards, applyEffect, emit: d.emit });
  const transition = engine.apply;

  const afterCommit = engine.announce;

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
    return get(user, id);
  }

  const nothingToPay = (b: repo.BookingRow) => `This booking is ${b.state.replace(/_/g, ' ')}; there is nothing to pay.`;

  const canSee = (user: User, b: repo.BookingRow) => user.role === 'admin' || b.hostUserId === user.id || b.djUserId === user.id;

  async function toBooking(
    row: NonNullable<Awaited<ReturnType<typeof repo.findWithNames>>>,
    withEvents: boolean,
  ): Promise<Booking> {
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
      price: {
        totalMinor: b.totalMinor,
        feeMinor: b.feeMinor,
        djShareMinor: b.djShareMinor,
        currency: b.currency as Currency,
        feeBps: b.feeBps,
      },
      refundedMinor: b.refundedMinor,
      holdExpiresAt: isAwaitingPayment(b.state as BookingState) ? (b.holdExpiresAt?.toISOString() ?? null) : null,
      acceptBy: isAwaitingAnswer(b.state as BookingState) ? (b.acceptBy?.toISOString() ?? null) : null,
      paymentStatus: payment?.status ?? null,
      dispute: b.disputeStatus ? { status: b.disputeStatus as 'open' | 'won' | 'lost', amountMinor: b.disputeMinor } : null,
      partyToken: d.partyTokenOf && isPaid(b.state as BookingState) ? await d.partyTokenOf(b.id) : null,
      createdAt: b.createdAt.toISOString(),
      ...(withEvents
        ? {
            events: (await repo.listEvents(d.db, b.id)).map((e) => ({
              at: e.at.toISOString(),
              transition: e.transition,
              from: e.fromState,
              to: e.toState,
              actor: e.actor,
              reason: e.reason,
            })),
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
      if (!b || !leaves(name, b.state as BookingState)) return null;
      return transition(tx, b, name, { actor: 'system', actorUserId: null });
    });
    if (result) await settle(bookingId);
  }

  // ---- Payment jobs: the provider call of a committed effect, then its result in a transaction of its own ----

  const hasTx = (key: string) => d.ledger.exists(d.db, key);

  /** A payment job: call the provider with the effect's key, then record the result or compensate. */
  async function runPayment(p: PaymentJob): Promise<void> {
    const b = await repo.findBooking(d.db, p.bookingId);
    const payment = b && (await repo.findPayment(d.db, b.id));
    if (!b || !payment) return;
    if (p.op === 'refund' || p.op === 'payout') {
      // Nothing was charged: the capture's compensation already unwound this effect's ledger too.
      if (await hasTx(`ledger:capture_failed:${b.id}`)) return;
      if (!(await hasTx(`ledger:capture:${b.id}`))) throw new JobDeferred('waiting for the capture', 60_000);
      // Reversed already (the provider reported the refund failed): never book it after all.
      if (p.op === 'refund' && (await hasTx(`ledger:refund_failed:${b.id}:${p.ref}`))) return;
    }
    try {
      switch (p.op) {
        case 'capture':
          await d.payments.capture({
            providerPaymentId: payment.providerPaymentId,
            amountMinor: p.amountMinor,
            idempotencyKey: p.key,
          });
          break;
        case 'release':
          await d.payments.release({ providerPaymentId: payment.providerPaymentId, idempotencyKey: p.key });
          break;
        case 'refund': {
          const refund = await d.payments.refund({
            providerPaymentId: payment.providerPaymentId,
            amountMinor: p.amountMinor,
            refundApplicationFee: p.refundApplicationFee,
            idempotencyKey: p.key,
          });
          if (refund.status === 'failed' || refund.status === 'canceled')
            throw Object.assign(new Error(`the refund ${refund.id} ${refund.status}`), { permanent: true });
          break;
        }
        case 'payout':
          await d.payments.payout({
            destinationAccount: await destinationOf(b),
            amountMinor: p.amountMinor,
            currency: b.currency,
            idempotencyKey: p.key,
          });
          break;
      }
    } catch (e) {
      const permanent = isPermanentProviderError(e) || (e as { permanent?: boolean }).permanent === true;
      if (!permanent) throw e; // transient: the runner retries with backoff, same key
      await compensate(p, (e as Error).message);
      return;
    }
    await record(p);
  }

  /** The provider did it: move the money out of the pending account (once, by key) in one transaction. */
  async function record(p: PaymentJob) {
    await d.db.transaction(async (tx) => {
      const b = await repo.lockBooking(tx, p.bookingId);
      if (!b) return;
      const line = (account: string, amountMinor: number) => ({ account, amountMinor });
      switch (p.op) {
        case 'release':
          await repo.setPaymentStatus(tx, b.id, 'released', now());
          return;
        case 'capture': {
          const posted = await d.ledger.post(tx, {
            bookingId: b.id,
            kind: 'capture',
            idempotencyKey: `ledger:capture:${b.id}`,
            currency: b.currency,
            lines: [line('customer', -p.amountMinor), line('capture_pending', p.amountMinor)],
          });
          if (!posted) return;
          const pay = await repo.findPayment(tx, b.id);
          if (pay && ['authorized', 'pending', 'requires_action'].includes(pay.status))
            await repo.setPaymentStatus(tx, b.id, 'captured', now());
          await enqueueJob(
            tx,
            'booking.receipt_mail',
            { bookingId: b.id, occasion: 'charged' },
            { runAt: now(), key: `receipt:${b.id}:charged` },
          );
          return;
        }
        case 'refund': {
          if (await d.ledger.exists(tx, `ledger:refund_failed:${b.id}:${p.ref}`)) return;
          const posted = await d.ledger.post(tx, {
            bookingId: b.id,
            kind: 'refund',
            idempotencyKey: `ledger:refund:${b.id}:${p.ref}`,
            currency: b.currency,
            lines: [line('customer', p.amountMinor), line('refund_pending', -p.amountMinor)],
          });
          if (!posted) return;
          await setRefundStatus(tx, b);
          await enqueueJob(
            tx,
            'booking.receipt_mail',
            { bookingId: b.id, occasion: 'refunded' },
            { runAt: now(), key: `receipt:${b.id}:refunded:${p.ref}` },
          );
          return;
        }
        case 'payout':
          await d.ledger.post(tx, {
            bookingId: b.id,
            kind: 'payout',
            idempotencyKey: `ledger:payout:${b.id}${p.ref}`,
            currency: b.currency,
            lines: [line('payout_pending', -p.amountMinor), line('dj_paid_out', p.amountMinor)],
          });
          return;
      }
    });
  }

  /** Payment status from what the ledger has refunded to the card so far. */
  async function setRefundStatus(tx: Tx, b: repo.BookingRow) {
    const bal = await d.ledger.balances(tx, b.id);
    const charged = (await d.ledger.exists(tx, `ledger:capture:${b.id}`)) ? b.totalMinor : 0;
    const back = charged + (bal.customer ?? 0);
    if (charged)
      await repo.setPaymentStatus(tx, b.id, back <= 0 ? 'captured' : back >= charged ? 'refunded' : 'partially_refunded', now());
  }

  /**
   * The provider refused for good: undo the effect's ledger (once, by key), write the audit row, tell the people
   * concerned, and — for a capture or a pay-out — take the compensating transition.
   */
  async function compensate(p: PaymentJob, why: string) {
    await d.db.transaction(async (tx) => {
      const b = await repo.lockBooking(tx, p.bookingId);
      if (!b) return;
      const at = now();
      const reason = `The payment provider refused: ${why}`.slice(0, 500);
      switch (p.op) {
        case 'release':
          // No money moved; leave a trace for admins.
          await repo.insertEvent(tx, {
            bookingId: b.id,
            transition: 'release_failed',
            fromState: b.state,
            toState: b.state,
            actor: 'system',
            actorUserId: null,
            reason,
            at,
          });
          return;
        case 'capture': {
          // Nothing was charged: unwind everything this booking's ledger holds (the capture request and any
          // refund requested meanwhile) back to zero.
          const bal = await d.ledger.balances(tx, b.id);
          const lines = Object.entries(bal)
            .filter(
              ([account, v]) =>
                v !== 0 && ['capture_pending', 'refund_pending', 'dj_payable', 'platform_revenue'].includes(account),
            )
            .map(([account, v]) => ({ account, amountMinor: -v }));
          const posted = await d.ledger.post(tx, {
            bookingId: b.id,
            kind: 'capture_failed',
            idempotencyKey: `ledger:capture_failed:${b.id}`,
            currency: b.currency,
            lines,
          });
          if (!posted) return;
          await repo.setRefunded(tx, b.id, 0, at);
          await repo.setPaymentStatus(tx, b.id, 'failed', now());
          // The authorisation may still be held: release it (a release of an already-cancelled payment is fine).
          await enqueuePayment(tx, {
            bookingId: b.id,
            op: 'release',
            key: `release:${b.id}`,
            amountMinor: 0,
            refundApplicationFee: false,
            ref: '',
          });
          if (leaves('capture_failed', b.state as BookingState)) {
            await transition(tx, { ...b, refundedMinor: 0 }, 'capture_failed', { actor: 'system', actorUserId: null, reason });
          } else {
            // Cancelled before the capture went through: the state stays, the money is unwound, both are told.
            await engine.record(tx, b, 'capture_failed', reason);
            await engine.sendMails(tx, b, 'capture_failed');
          }
          return;
        }
        case 'refund':
          await reverseRefund(tx, b, p.ref, reason, at);
          return;
        case 'payout': {
          const posted = await d.ledger.post(tx, {
            bookingId: b.id,
            kind: 'payout_failed',
            idempotencyKey: `ledger:payout_failed:${b.id}${p.ref}`,
            currency: b.currency,
            lines: [
              { account: 'payout_pending', amountMinor: -p.amountMinor },
              { account: 'dj_payable', amountMinor: p.amountMinor },
            ],
          });
          if (posted && leaves('payout_failed', b.state as BookingState))
            await transition(tx, b, 'payout_failed', { actor: 'system', actorUserId: null, reason });
          return;
        }
      }
    });
  }

  /**
   * Undoes one of our refunds (effect `ref`) in the ledger, once (key `ledger:refund_failed:<id>:<ref>`): the
   * refund's request is reversed, and its settlement too when it was booked. The host is told and gets a receipt
   * that shows it; the booking's state does not change. Returns whether anything was reversed.
   */
  async function reverseRefund(tx: Tx, b: repo.BookingRow, ref: string, reason: string, at: Date): Promise<boolean> {
    const requested = await d.ledger.linesOf(tx, `ledger:refund_requested:${b.id}:${ref}`);
    const settled = await d.ledger.linesOf(tx, `ledger:refund:${b.id}:${ref}`);
    if (!requested.length && !settled.length) return false;
    const sum = new Map<string, number>();
    for (const l of [...requested, ...settled]) sum.set(l.account, (sum.get(l.account) ?? 0) - l.amountMinor);
    const lines = [...sum].map(([account, amountMinor]) => ({ account, amountMinor }));
    const amount =
      settled.find((l) => l.account === 'customer')?.amountMinor ??
      requested.find((l) => l.account === 'refund_pending')?.amountMinor ??
      0;
    const posted = await d.ledger.post(tx, {
      bookingId: b.id,
      kind: 'refund_failed',
      idempotencyKey: `ledger:refund_failed:${b.id}:${ref}`,
      currency: b.currency,
      lines,
    });
    if (!posted) return false;
    await afterRefundReversed(tx, b, amount, reason, `${b.id}:${ref}`, at);
    return true;
  }

  async function afterRefundReversed(tx: Tx, b: repo.BookingRow, amount: number, reason: string, key: string, at: Date) {
    await repo.setRefunded(tx, b.id, Math.max(0, b.refundedMinor - amount), at);
    await setRefundStatus(tx, { ...b, refundedMinor: Math.max(0, b.refundedMinor - amount) });
    await repo.insertEvent(tx, {
      bookingId: b.id,
      transition: 'refund_failed',
      fromState: b.state,
      toState: b.state,
      actor: 'system',
      actorUserId: null,
      reason,
      at,
    });
    const money = formatMoney(amount, b.currency as Currency, 'en');
    await mail(
      tx,
      `refund_failed:${key}`,
      b.hostUserId,
      'Your refund did not go through',
      `The refund of ${money} for your party could not be completed by the card network, so it was not paid to your card. PartyStream support will contact you to pay it another way. ${d.publicUrl}/bookings/${b.id}`,
    );
    if (await d.ledger.exists(tx, `ledger:capture:${b.id}`))
      await enqueueJob(
        tx,
        'booking.receipt_mail',
        { bookingId: b.id, occasion: 'refunded' },
        { runAt: now(), key: `receipt:${b.id}:refund_failed:${key}` },
      );
  }

  const jobs: JobDefinition[] = [
    ...engine.timerJobs.map(({ job, fires }) =>
      defineJob({ name: job, schema: BookingJobSchema, handle: (p) => runSystem(p.bookingId, fires) }),
    ),
    ...(['capture', 'release', 'refund', 'payout'] as const).map((op) =>
      defineJob({ name: `payment.${op}`, schema: PaymentJobSchema, maxAttempts: PAYMENT_JOB_ATTEMPTS, handle: runPayment }),
    ),
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
    return {
      receipt: buildReceipt({
        booking: row.b,
        djStageName: row.stageName,
        hostName: row.hostName,
        timeZone,
        djTimeZone: row.djTimeZone,
        payment,
        movements,
        events,
        issuedAt: now(),
      }),
      hostUserId: row.b.hostUserId,
    };
  }

  return {
    jobs,
    get,

    /** A host's receipt: only the host and admins see it (others, the DJ included, get 404 like for any booking not theirs). */
    async getReceipt(user: User, id: string): Promise<Receipt> {
      const b = await repo.findBooking(d.db, id);
      if (!b || !(user.role === 'admin' || b.hostUserId === user.id))
        throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
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
        await engine.assertCanTake(tx, b, 'pay', 'host', { invalidDetail: nothingToPay(b) });
        if (!d.stripeCheckout) return { provider: 'local' as const };
        const existing = await repo.findPayment(tx, b.id);
        if (existing && existing.status !== 'pending')
          throw new AppError('CONFLICT', { detail: 'A payment for this booking is already under way.' });
        const terms = await d.dj.getBookingTerms(b.djProfileId, tx);
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
          await repo.upsertPayment(
            tx,
            {
              bookingId: b.id,
              provider: d.payments.kind,
              providerPaymentId: started.providerPaymentId,
              status: 'pending',
              amountMinor: b.totalMinor,
              currency: b.currency,
              cardLast4: null,
            },
            now(),
          );
        }
        return {
          provider: 'stripe' as const,
          clientSecret: started.clientSecret,
          publishableKey: d.stripeCheckout.publishableKey,
          stripeJsUrl: d.stripeCheckout.stripeJsUrl,
        };
      });
    },

    /**
     * The provider says a browser-confirmed payment is held (webhook). Moves a booking still waiting for payment
     * on, in the caller's transaction; returns the after-commit notification, or null when nothing changed.
     */
    async applyProviderAuthorization(tx: Tx, providerPaymentId: string): Promise<(() => Promise<void>) | null> {
      const payment = await repo.findPaymentByProviderId(tx, d.payments.kind, providerPaymentId);
      if (!payment) return null;
      const b = await repo.lockBooking(tx, payment.bookingId);
      if (!b || !leaves('pay', b.state as BookingState) || !['pending', 'requires_action'].includes(payment.status)) return null;
      // Too late: the hold's expiry releases the authorisation.
      if (!(await guards.hold_open.holds(tx, b, 'system'))) return null;
      await repo.setPaymentStatus(tx, b.id, 'authorized', now());
      await afterAuthorized(tx, b, b.hostUserId);
      return () => settle(b.id);
    },

    /**
     * Refunds as read back from the provider, in the caller's transaction under the booking row lock.
     * - Made outside the app (the Stripe dashboard) and succeeded: each is booked once (ledger key by its refund
     *   id); refunds carrying our own key are booked by the payment job that made them, never here. Money only:
     *   the booking's state does not change (decision 011). Who bears it follows what the provider did: with the
     *   transfer reversed, DJ and platform share it in proportion (as our own refunds do); without, the platform
     *   pays it from its own pocket (`platform_refund_cost`) and the DJ is still owed their share.
     * - Failed or cancelled after we booked it (ours or a dashboard one): reversed once (decision 015).
     */
    async applyProviderRefunds(
      tx: Tx,
      providerPaymentId: string,
      refunds: ProviderRefund[],
    ): Promise<{ applied: string[]; after: (() => Promise<void>) | null }> {
      const payment = await repo.findPaymentByProviderId(tx, d.payments.kind, providerPaymentId);
      if (!payment) return { applied: [], after: null };
      let b = await repo.lockBooking(tx, payment.bookingId);
      if (!b) return { applied: [], after: null };
      const price = priceOf(b);
      const applied: string[] = [];
      const at = now();

      for (const r of refunds.filter((x) => x.status === 'failed' || x.status === 'canceled')) {
        const reason = `A refund of ${formatMoney(r.amountMinor, b.currency as Currency, 'en')} ${r.status === 'failed' ? 'failed' : 'was cancelled'} at the payment provider (${r.id})`;
        const ref = r.appKey?.startsWith(`refund:${b.id}:`) ? r.appKey.slice(`refund:${b.id}:`.length) : null;
        if (ref !== null) {
          if (await reverseRefund(tx, b, ref, reason, at)) applied.push(`${r.id}:reversed`);
        } else {
          const booked = await d.ledger.linesOf(tx, `ledger:provider_refund:${r.id}`);
          if (!booked.length) continue;
          const posted = await d.ledger.post(tx, {
            bookingId: b.id,
            kind: 'refund_failed',
            idempotencyKey: `ledger:provider_refund_failed:${r.id}`,
            currency: b.currency,
            lines: booked.map((l) => ({ account: l.account, amountMinor: -l.amountMinor })),
          });
          if (!posted) continue;
          await afterRefundReversed(tx, b, booked.find((l) => l.account === 'customer')?.amountMinor ?? 0, reason, r.id, at);
          applied.push(`${r.id}:reversed`);
        }
        b = (await repo.findBooking(tx, b.id))!;
      }

      const bal = await d.ledger.balances(tx, b.id);
      const succeeded = refunds.filter((r) => r.status === 'succeeded');
      // Never book more than the provider says was refunded in all, less what our ledger already counts as paid
      // back and our own refunds it has not recorded yet (a refund of ours made before refunds carried our key
      // looks like an outside one), nor more than is left of the charge.
      const settledBack = (await d.ledger.exists(tx, `ledger:capture:${b.id}`)) ? b.totalMinor + (bal.customer ?? 0) : 0;
      let unrecordedOurs = 0;
      for (const r of succeeded)
        if (r.appKey !== null && !(await d.ledger.exists(tx, `ledger:${r.appKey}`))) unrecordedOurs += r.amountMinor;
      let room = Math.min(
        succeeded.reduce((s, r) => s + r.amountMinor, 0) - settledBack - unrecordedOurs,
        b.totalMinor - b.refundedMinor,
      );
      let refunded = b.refundedMinor;
      let booked = 0;
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
          lines.push(
            { account: 'platform_revenue', amountMinor: -fromFee },
            { account: 'dj_payable', amountMinor: -fromPayable },
            { account: 'dj_paid_out', amountMinor: -(fromDj - fromPayable) },
          );
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
        booked++;
        applied.push(r.id);
        const money = formatMoney(amount, b.currency as Currency, 'en');
        await repo.insertEvent(tx, {
          bookingId: b.id,
          transition: 'provider_refund',
          fromState: b.state,
          toState: b.state,
          actor: 'admin',
          actorUserId: null,
          reason: `${money} refunded in the payment provider’s dashboard (${r.id})`,
          at,
        });
        await enqueueJob(
          tx,
          'booking.receipt_mail',
          { bookingId: b.id, occasion: 'refunded' },
          { runAt: now(), key: `receipt:${b.id}:refunded:${r.id}` },
        );
        if (r.transferReversed) {
          await mail(
            tx,
            `${b.id}:provider_refund:${r.id}`,
            b.djUserId,
            'A refund was made for your party',
            `PartyStream refunded ${money} to the host of the party on ${b.startsAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; your share of it is taken from your earnings. ${d.publicUrl}/bookings/${b.id}`,
          );
        }
      }
      if (!applied.length) return { applied, after: null };
      if (booked) {
        await repo.setRefunded(tx, b.id, refunded, at);
        await setRefundStatus(tx, { ...b, refundedMinor: refunded });
      }
      const id = b.id;
      return { applied, after: () => settle(id) };
    },

    /**
     * A card dispute (chargeback) as read back from the provider, in the caller's transaction under the booking
     * row lock (decision 015). Whatever order the events come in, the ledger is brought to the dispute's current
     * status by keyed steps, each once: opened (the bank took the money back for the host: `chargeback` +A,
     * the platform's `dispute_reserve` −A), then won (both undone) or lost (the platform bears it:
     * `dispute_reserve` +A, `platform_dispute_loss` −A; the DJ keeps their share). Inquiries (`warning_*`) move
     * no money and are not flagged. The booking's state does not change; it carries a dispute flag.
     */
    async applyProviderDispute(
      tx: Tx,
      dispute: ProviderDispute,
    ): Promise<{ applied: string[]; after: (() => Promise<void>) | null }> {
      if (!dispute.providerPaymentId || dispute.status.startsWith('warning_')) return { applied: [], after: null };
      const payment = await repo.findPaymentByProviderId(tx, d.payments.kind, dispute.providerPaymentId);
      if (!payment) return { applied: [], after: null };
      const b = await repo.lockBooking(tx, payment.bookingId);
      if (!b || !(await d.ledger.exists(tx, `ledger:capture:${b.id}`))) return { applied: [], after: null };
      const at = now();
      const applied: string[] = [];
      const opened = await d.ledger.linesOf(tx, `ledger:dispute_opened:${dispute.id}`);
      // The amount is fixed when the dispute is first booked (never more than the host still has paid).
      const bal = await d.ledger.balances(tx, b.id);
      const amount =
        opened.find((l) => l.account === 'chargeback')?.amountMinor ??
        Math.min(dispute.amountMinor, Math.max(0, -((bal.customer ?? 0) + (bal.chargeback ?? 0))));
      if (amount <= 0) return { applied: [], after: null };
      const money = formatMoney(amount, b.currency as Currency, 'en');
      const step = async (
        name: 'dispute_opened' | 'dispute_won' | 'dispute_lost',
        lines: { account: string; amountMinor: number }[],
        reason: string,
      ) => {
        const posted = await d.ledger.post(tx, {
          bookingId: b.id,
          kind: name,
          idempotencyKey: `ledger:${name}:${dispute.id}`,
          currency: b.currency,
          lines,
        });
        if (!posted) return;
        applied.push(name);
        await repo.insertEvent(tx, {
          bookingId: b.id,
          transition: name,
          fromState: b.state,
          toState: b.state,
          actor: 'system',
          actorUserId: null,
          reason,
          at,
        });
      };
      await step(
        'dispute_opened',
        [
          { account: 'chargeback', amountMinor: amount },
          { account: 'dispute_reserve', amountMinor: -amount },
        ],
        `The host’s bank disputed ${money} of the payment (${dispute.id}); the money is withdrawn while the dispute is open`,
      );
      if (dispute.status === 'won')
        await step(
          'dispute_won',
          [
            { account: 'chargeback', amountMinor: -amount },
            { account: 'dispute_reserve', amountMinor: amount },
          ],
          `Dispute ${dispute.id} won: ${money} returned`,
        );
      if (dispute.status === 'lost')
        await step(
          'dispute_lost',
          [
            { account: 'dispute_reserve', amountMinor: amount },
            { account: 'platform_dispute_loss', amountMinor: -amount },
          ],
          `Dispute ${dispute.id} lost: PartyStream bears ${money}; the DJ keeps their share`,
        );
      if (!applied.length) return { applied, after: null };
      const status = dispute.status === 'won' || dispute.status === 'lost' ? dispute.status : 'open';
      await repo.setDispute(tx, b.id, { disputeId: dispute.id, disputeStatus: status, disputeMinor: amount }, at);
      const when = b.startsAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
      const link = `${d.publicUrl}/bookings/${b.id}`;
      if (applied.includes('dispute_opened')) {
        await mail(
          tx,
          `dispute:${dispute.id}:dj`,
          b.djUserId,
          'A payment for your party is disputed',
          `The host’s bank disputed ${money} of the payment for the party on ${when}. PartyStream handles the dispute and bears its cost; your earnings are not affected. ${link}`,
        );
      }
      if (status !== 'open') {
        await mail(
          tx,
          `dispute:${dispute.id}:${status}`,
          b.hostUserId,
          `Your payment dispute is closed`,
          `The dispute about ${money} for the party on ${when} was decided by your bank: ${status === 'won' ? 'the payment stands' : 'the money stays with you'}. ${link}`,
        );
      }
      const id = b.id;
      return { applied, after: () => settle(id) };
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
        const draft = { djProfileId: terms.djProfileId, startsAt, autoAccept: terms.autoAccept, holdExpiresAt: null };
        await engine.assertGuards(tx, draft, 'request', 'host', ['dj_can_be_paid']);
        const r = computePrice(terms.pricing, terms.currency, (endsAt.getTime() - startsAt.getTime()) / 60_000, await feeBps(tx));
        if (!r.ok)
          throw new AppError('BOOKING_LENGTH_INVALID', {
            detail: r.reason,
            errors: [{ path: 'body.endsAt', message: r.reason }],
          });
        await d.availability.assertSlotBookable(input.djProfileId, startsAt, endsAt, tx);
        // Past and unavailable times are refused above with their own reasons first.
        await engine.assertGuards(tx, draft, 'request', 'host', ['time_to_answer']);
        return engine.create(
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
      });
      afterCommit(row);
      return { booking: await get(host, row.id), created: true };
    },

    /** The host pays with the test-mode card form (authorisation only; captured when the DJ accepts). */
    async pay(host: User, id: string, card: PayRequest): Promise<Booking> {
      return act(host, id, 'host', async (tx, b) => {
        await engine.assertCanTake(tx, b, 'pay', 'host', { invalidDetail: nothingToPay(b) });
        const existing = await repo.findPayment(tx, b.id);
        if (existing?.status === 'requires_action')
          throw new AppError('CONFLICT', { detail: 'Confirm the pending payment first.' });
        if (existing?.status === 'pending')
          throw new AppError('CONFLICT', {
            detail: 'A payment for this booking was started on the checkout page; finish it there.',
          });
        const terms = await d.dj.getBookingTerms(b.djProfileId, tx);
        const res = await d.payments.authorize({
          amountMinor: b.totalMinor,
          currency: b.currency,
          card: { number: card.cardNumber, expiry: card.expiry, cvc: card.cvc, name: card.name },
          idempotencyKey: `authorize:${b.id}`,
          destinationAccount: terms.stripeAccountId,
          applicationFeeMinor: b.feeMinor,
        });
        if (res.status === 'declined')
          throw new AppError('PAYMENT_DECLINED', {
            detail: res.reason,
            errors: [{ path: 'body.cardNumber', message: res.reason }],
          });
        await repo.upsertPayment(
          tx,
          {
            bookingId: b.id,
            provider: d.payments.kind,
            providerPaymentId: res.providerPaymentId,
            status: res.status,
            amountMinor: b.totalMinor,
            currency: b.currency,
            cardLast4: res.last4,
          },
          now(),
        );
        if (res.status === 'requires_action') return b;
        return afterAuthorized(tx, b, host.id);
      });
    },

    /** Completes a payment that needed an extra confirmation step. */
    async confirmPayment(host: User, id: string): Promise<Booking> {
      return act(host, id, 'host', async (tx, b) => {
        const p = await repo.findPayment(tx, b.id);
        // The webhook may have been first: then there is nothing left to do.
        const payable = leaves('pay', b.state as BookingState);
        if (!payable && p && RANK_AUTHORIZED.includes(p.status)) return b;
        if (!payable || !p || !['requires_action', 'pending'].includes(p.status))
          throw new AppError('BOOKING_INVALID_TRANSITION', { detail: 'There is no payment waiting for confirmation.' });
        if (!(await guards.hold_open.holds(tx, b, 'host')))
          throw new AppError('BOOKING_HOLD_EXPIRED', { detail: 'The payment window has passed. Please book again.' });
        const r = await d.payments.confirmAction({ providerPaymentId: p.providerPaymentId, idempotencyKey: `confirm:${b.id}` });
        if (r.status === 'pending') return b;
        if (r.status === 'declined') throw new AppError('PAYMENT_DECLINED', { detail: r.reason });
        await repo.setPaymentStatus(tx, b.id, 'authorized', now());
        return afterAuthorized(tx, b, host.id);
      });
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
        return (await transition(q, b, name, { actor: ctx.actor, actorUserId: null, reason: ctx.reason })).state;
      };
      if (tx) return run(tx);
      const state = await d.db.transaction(run);
      await settle(id);
      return state;
    },

    async listMine(user: User): Promise<Booking[]> {
      const rows = await repo.listForUser(d.db, user.id, user.role === 'dj' ? 'dj' : 'host');
      return Promise.all(rows.map((r) => toBooking(r, false)));
    },

    async getFeeBps(): Promise<number> {
      return feeBps(d.db);
    },
    async setFeeBps(admin: User, bps: number): Promise<void> {
      await repo.putSetting(d.db, 'fee_bps', String(bps), admin.id, now());
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
    if (b.autoAccept && (await engine.canTake(tx, paid, 'accept', 'system')))
      return transition(tx, paid, 'accept', { actor: 'system', actorUserId: null, reason: 'auto-accept' });
    return paid;
  }
}

export type BookingService = ReturnType<typeof createBookingService>;
