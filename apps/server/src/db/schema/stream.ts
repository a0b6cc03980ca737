import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { parties, partyInvites } from './party.ts';

/**
 * Stage participants minted for invited guests (STREAMING_PROVIDER=ivs): which invite each IVS participant id
 * belongs to, so revoking the invite disconnects them from the stage from any server process, also after a
 * restart. Rows go when the guest is disconnected or the party's stage is deleted.
 */
export const streamGuestParticipants = pgTable(
  'stream_guest_participants',
  {
    participantId: text('participant_id').primaryKey(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    inviteId: uuid('invite_id')
      .notNull()
      .references(() => partyInvites.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('stream_guest_participants_invite_idx').on(t.inviteId),
    index('stream_guest_participants_party_idx').on(t.partyId),
  ],
);

/**
 * What the party's stream was, for receipts, reviews and payouts (issue 19): when it was first live, how long the
 * DJ was on air in total, the most viewers connected at once, and how many invited guests joined. One row per
 * party, written as the stream runs (embedded SFU); a party that never went live has no row.
 */
export const streamFacts = pgTable('stream_facts', {
  partyId: uuid('party_id')
    .primaryKey()
    .references(() => parties.id),
  firstLiveAt: timestamp('first_live_at', { withTimezone: true }),
  lastLiveAt: timestamp('last_live_at', { withTimezone: true }),
  secondsLive: integer('seconds_live').notNull().default(0),
  peakViewers: integer('peak_viewers').notNull().default(0),
  guestsJoined: integer('guests_joined').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
