/**
 * The payment feature's money side, as the rest of the server sees it: the money effects of the process
 * table's rows, the payment jobs, reconciliation of what the provider reports, and the payments table behind
 * the checkout (card form with the embedded processor, Stripe's Payment Element). The booking lifecycle reaches
 * money only through this; money reaches bookings only through `BookingMoneyPort` (money.port.ts).
 */
import type { Clock } from '../../clock.ts';
import type { Db, Queryable, Tx } from '../../db/client.ts';
import type { CardInput, PaymentsProvider } from '../../providers/payments/payments.ts';
import type { DjService } from '../dj/dj.service.ts';
import type { LedgerService } from './ledger.service.ts';
import type { BookedMoney, BookingMoneyPort } from './money.port.ts';
import { createPaymentEffects } from './payment.effects.ts';
import { createPaymentJobs } from './payment.jobs.ts';
import { createReconciliation } from './payment.reconcile.ts';
import { createRefundBook } from './payment.refunds.ts';
import * as repo from './payment.repo.ts';

export interface MoneyDeps {
  db: Db;
  clock: Clock;
  ledger: LedgerService;
  payments: PaymentsProvider;
  dj: DjService;
  publicUrl: string;
  /** The booking feature's port, read when called (deps.ts builds the booking service after this one). */
  bookings(): BookingMoneyPort;
}

export function createPaymentMoney(d: MoneyDeps) {
  const now = () => d.clock.now();
  const effects = createPaymentEffects(d);
  const refunds = createRefundBook(d);
  const { jobs } = createPaymentJobs(d, effects, refunds);
  const reconcile = createReconciliation(d, refunds);

  const record = (tx: Tx, b: BookedMoney, status: string, providerPaymentId: string, cardLast4: string | null) =>
    repo.upsertPayment(
      tx,
      {
        bookingId: b.id,
        provider: d.payments.kind,
        providerPaymentId,
        status,
        amountMinor: b.totalMinor,
        currency: b.currency,
        cardLast4,
      },
      now(),
    );

  return {
    kind: d.payments.kind,
    jobs,
    applyEffect: effects.applyEffect,
    ...reconcile,

    /** The booking's payment row (status, provider id, card), or null before the host started paying. */
    paymentOf: (q: Queryable, bookingId: string) => repo.findPayment(q, bookingId),
    /** Money taken from (capture, negative) and returned to (refund, positive) the host's card, for receipts. */
    customerMovements: (q: Queryable, bookingId: string) => d.ledger.customerMovements(q, bookingId),

    /** Authorises the booking's total on a card (test-mode form); the payment row records the outcome. */
    async authorizeCard(tx: Tx, b: BookedMoney, card: CardInput, destinationAccount: string | null) {
      const res = await d.payments.authorize({
        amountMinor: b.totalMinor,
        currency: b.currency,
        card,
        idempotencyKey: `authorize:${b.id}`,
        destinationAccount,
        applicationFeeMinor: b.feeMinor,
      });
      if (res.status !== 'declined') await record(tx, b, res.status, res.providerPaymentId, res.last4);
      return res;
    },

    /** Starts (once per booking, same key every time) a payment the host confirms in the browser; null = use the card form. */
    async startCheckout(tx: Tx, b: BookedMoney, destinationAccount: string | null, existing: repo.PaymentRow | null) {
      const started = await d.payments.startCheckout({
        amountMinor: b.totalMinor,
        currency: b.currency,
        idempotencyKey: `checkout:${b.id}`,
        destinationAccount,
        applicationFeeMinor: b.feeMinor,
        bookingId: b.id,
      });
      if (started && !existing) await record(tx, b, 'pending', started.providerPaymentId, null);
      return started;
    },

    /** Completes an extra confirmation step; `authorized` is recorded on the payment row. */
    async confirmAction(tx: Tx, b: BookedMoney, payment: repo.PaymentRow) {
      const r = await d.payments.confirmAction({
        providerPaymentId: payment.providerPaymentId,
        idempotencyKey: `confirm:${b.id}`,
      });
      if (r.status === 'authorized') await repo.setPaymentStatus(tx, b.id, 'authorized', now());
      return r;
    },
  };
}

export type PaymentMoney = ReturnType<typeof createPaymentMoney>;
export type { PaymentRow } from './payment.repo.ts';
