import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { parties } from './party.ts';

/**
 * The order in which devices take an invite's seats, across every server process (issue 17): a join draws the
 * next value, and the newest draws keep the seats — no wall clock, and two joins at the same instant still order.
 */
export const partySeatOrder = pgSequence('party_seat_order');

/** Chat messages of a party room (text only; rendered as text, never HTML). */
export const partyMessages = pgTable(
  'party_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    /** `user:<id>` or `invite:<id>`: who wrote it, for moderation. */
    authorKey: text('author_key').notNull(),
    authorName: text('author_name').notNull(),
    authorRole: text('author_role').notNull(),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    reportCount: integer('report_count').notNull().default(0),
    /** Arrival order, for messages within the same millisecond. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('party_messages_party_idx').on(t.partyId, t.createdAt),
    // The chat rate limit counts a participant's recent messages: shared by every server process.
    index('party_messages_author_idx').on(t.partyId, t.authorKey, t.createdAt),
    check('party_messages_len', sql`char_length(${t.text}) between 1 and 500`),
  ],
);

export const songRequests = pgTable(
  'song_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: rows written at the same clock time keep the order they were written in. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    title: text('title').notNull(),
    artist: text('artist').notNull(),
    link: text('link'),
    requestedBy: text('requested_by').notNull(),
    requestedByName: text('requested_by_name').notNull(),
    status: text('status').notNull().default('queued'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    playedAt: timestamp('played_at', { withTimezone: true }),
  },
  (t) => [
    index('song_requests_party_idx').on(t.partyId),
    check('song_requests_status', sql`${t.status} in ('queued','playing','played','declined')`),
  ],
);

/** One vote per participant per request, enforced by the key. */
export const songVotes = pgTable(
  'song_votes',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => songRequests.id),
    voterKey: text('voter_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.voterKey] })],
);

export const polls = pgTable(
  'polls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: rows written at the same clock time keep the order they were written in. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    question: text('question').notNull(),
    options: jsonb('options').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('polls_party_idx').on(t.partyId)],
);

/** One vote per participant per poll (changeable until it closes: the row is updated). */
export const pollVotes = pgTable(
  'poll_votes',
  {
    pollId: uuid('poll_id')
      .notNull()
      .references(() => polls.id),
    voterKey: text('voter_key').notNull(),
    option: smallint('option').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pollId, t.voterKey] })],
);

/** Guests the DJ or host muted: kept in the database so every server process (and a restart) honours it. */
export const partyMutes = pgTable(
  'party_mutes',
  {
    partyId: uuid('party_id')
      .notNull()
      .references(() => parties.id),
    participantKey: text('participant_key').notNull(),
    mutedBy: text('muted_by').notNull(),
    mutedAt: timestamp('muted_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.partyId, t.participantKey] })],
);
