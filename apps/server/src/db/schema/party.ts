import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bookings } from './booking.ts';

/** One party per confirmed booking, reached at /party/<token> (256 random bits, base64url). */
export const parties = pgTable(
  'parties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => bookings.id),
    token: text('token').notNull(),
    theme: text('theme').notNull().default('neon'),
    /** SHA-256 of the DJ's current WHIP stream key (the key itself is shown once, when generated). */
    streamKeyHash: text('stream_key_hash'),
    /** ARN of the party's Amazon IVS Real-Time stage while one exists (STREAMING_PROVIDER=ivs); null otherwise. */
    stageArn: text('stage_arn'),
    /**
     * When the DJ let the guests in after the pre-show check; null = not yet (the doors then open by themselves at
     * the party's start). The host and the DJ can watch before that.
     */
    doorsOpenedAt: timestamp('doors_opened_at', { withTimezone: true }),
    /** When the party ended for everyone (the DJ ended it, or its time ran out); null while it is on (issue 19). */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Who ended it: `dj` (the End party button) or `time` (the stream window closed). */
    endedBy: text('ended_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('parties_booking_key').on(t.bookingId),
    uniqueIndex('parties_token_key').on(t.token),
    uniqueIndex('parties_stream_key').on(t.streamKeyHash),
    check('parties_ended_by_valid', sql`${t.endedBy} in ('dj','time')`),
    check('parties_ended_together', sql`(${t.endedAt} is null) = (${t.endedBy} is null)`),
  ],
);

/** Per-guest invite codes (128 random bits); revoking one cuts that guest off. */
export const partyInvites = pgTable(
  'party_invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: rows written at the same clock time keep the order they were written in. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    code: text('code').notNull(),
    label: text('label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    firstJoinedAt: timestamp('first_joined_at', { withTimezone: true }),
    joinCount: integer('join_count').notNull().default(0),
  },
  (t) => [uniqueIndex('party_invites_code_key').on(t.code), index('party_invites_party_idx').on(t.partyId)],
);
