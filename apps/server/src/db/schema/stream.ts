import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
