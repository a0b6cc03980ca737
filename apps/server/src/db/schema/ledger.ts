import { bigserial, bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bookings } from './booking.ts';

/**
 * Double-entry ledger. Each transaction's lines sum to zero — enforced by a deferred constraint trigger
 * (migration `ledger_balanced`) at commit. Accounts are names: `customer`, `platform_revenue`,
 * `dj_payable`, `dj_paid_out`, `platform_refund_cost` (decision 011), each line tagged with the booking it belongs to.
 */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: rows written at the same clock time keep the order they were written in. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    bookingId: uuid('booking_id').references(() => bookings.id),
    kind: text('kind').notNull(),
    /** A retried effect with the same key cannot write twice. */
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('ledger_transactions_key').on(t.idempotencyKey), index('ledger_transactions_booking_idx').on(t.bookingId)],
);

export const ledgerLines = pgTable(
  'ledger_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    bookingId: uuid('booking_id').references(() => bookings.id),
    account: text('account').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
  },
  (t) => [index('ledger_lines_tx_idx').on(t.transactionId), index('ledger_lines_booking_idx').on(t.bookingId, t.account)],
);

/** The payment processor's view of a booking's payment (local test-mode processor or Stripe). */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => bookings.id),
    provider: text('provider').notNull(),
    providerPaymentId: text('provider_payment_id').notNull(),
    status: text('status').notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    cardLast4: text('card_last4'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('payments_booking_key').on(t.bookingId),
    uniqueIndex('payments_provider_key').on(t.provider, t.providerPaymentId),
  ],
);

/** Payment-provider webhook events received (the provider's event id, so replays change nothing) and when their job applied them. */
export const webhookEvents = pgTable('webhook_events', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  type: text('type').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  /** When the event's job applied it (null: waiting for its job; decision 027). */
  processedAt: timestamp('processed_at', { withTimezone: true }),
  /** What the job changed (`payouts_ready`, `authorized`, `refunds:<id>` …), null when nothing. */
  applied: text('applied'),
});
