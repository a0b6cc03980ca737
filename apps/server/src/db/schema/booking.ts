import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './user.ts';
import { djProfiles } from './dj.ts';
import { BOOKING_STATES } from '@partystream/shared/booking/booking.states';

/**
 * A booking of one DJ by one host. The time range (widened by the DJ's buffer) of every slot-holding booking is
 * protected by an exclusion constraint (migration `booking_no_overlap`): two such bookings of one DJ can never
 * overlap, whatever the application does.
 */
export const bookings = pgTable(
  'bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id),
    djUserId: uuid('dj_user_id')
      .notNull()
      .references(() => users.id),
    hostUserId: uuid('host_user_id')
      .notNull()
      .references(() => users.id),
    state: text('state').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    bufferMinutes: integer('buffer_minutes').notNull(),
    /** The time the booking keeps the DJ from other bookings: [starts_at − buffer, ends_at + buffer). */
    slotFrom: timestamp('slot_from', { withTimezone: true }).notNull(),
    slotUntil: timestamp('slot_until', { withTimezone: true }).notNull(),
    note: text('note').notNull().default(''),
    currency: text('currency').notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    feeMinor: bigint('fee_minor', { mode: 'number' }).notNull(),
    djShareMinor: bigint('dj_share_minor', { mode: 'number' }).notNull(),
    feeBps: integer('fee_bps').notNull(),
    refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull().default(0),
    cancellationPolicy: text('cancellation_policy').notNull(),
    autoAccept: boolean('auto_accept').notNull().default(false),
    holdExpiresAt: timestamp('hold_expires_at', { withTimezone: true }),
    acceptBy: timestamp('accept_by', { withTimezone: true }),
    /**
     * A card dispute (chargeback) on the booking's charge, as last read from the provider (decision 015):
     * null, or `open` / `won` / `lost`, with the disputed amount and the provider's dispute id.
     */
    disputeStatus: text('dispute_status'),
    disputeMinor: bigint('dispute_minor', { mode: 'number' }).notNull().default(0),
    disputeId: text('dispute_id'),
    /** Idempotency key the host's client sent with the request, so a retried POST returns the first booking. */
    requestKey: text('request_key'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('bookings_dj_idx').on(t.djProfileId, t.startsAt),
    // Parties played per DJ on search cards: counted from this index alone (decision 040).
    index('bookings_dj_state_idx').on(t.djProfileId, t.state),
    index('bookings_host_idx').on(t.hostUserId, t.startsAt),
    index('bookings_dj_user_idx').on(t.djUserId, t.startsAt),
    check(
      'bookings_time_valid',
      sql`${t.endsAt} > ${t.startsAt} and ${t.slotFrom} <= ${t.startsAt} and ${t.slotUntil} >= ${t.endsAt}`,
    ),
    check(
      'bookings_money_valid',
      sql`${t.totalMinor} >= 0 and ${t.feeMinor} >= 0 and ${t.djShareMinor} >= 0 and ${t.feeMinor} + ${t.djShareMinor} = ${t.totalMinor} and ${t.refundedMinor} between 0 and ${t.totalMinor}`,
    ),
    check(
      'bookings_state_valid',
      // The states of the process table, spelled out as SQL (a state added there needs a migration here).
      sql`${t.state} in (${sql.raw(BOOKING_STATES.map((s) => `'${s}'`).join(','))})`,
    ),
    check('bookings_dispute_valid', sql`${t.disputeStatus} is null or ${t.disputeStatus} in ('open','won','lost')`),
  ],
);

/** Audit trail: one row per transition (who, when, from, to, why). */
export const bookingEvents = pgTable(
  'booking_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => bookings.id),
    transition: text('transition').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actor: text('actor').notNull(),
    actorUserId: uuid('actor_user_id'),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** Insertion order, for events written within the same instant. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('booking_events_booking_idx').on(t.bookingId, t.at)],
);

/** Platform settings an admin changes (fee in basis points applies to bookings requested afterwards). */
export const platformSettings = pgTable('platform_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by'),
});
