import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { djProfiles } from './dj.ts';
import { users } from './user.ts';

/**
 * "Every first Friday, 18:00–02:00": an RFC 5545 RRULE (no DTSTART) with a local start date and local times in
 * the DJ's zone. Expanded when availability is computed (features/availability/recurring.ts), never stored
 * occurrence by occurrence, so it has no horizon to roll forward.
 */
export const djRecurringBlocks = pgTable(
  'dj_recurring_blocks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id, { onDelete: 'cascade' }),
    rrule: text('rrule').notNull(),
    startDate: date('start_date').notNull(),
    /** HH:MM local; an end at or before the start runs past midnight. */
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('dj_recurring_blocks_dj_idx').on(t.djProfileId)],
);

/** Another calendar of the DJ's (a private ICS address), whose busy times count as blocked. */
export const djCalendarSources = pgTable(
  'dj_calendar_sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id, { onDelete: 'cascade' }),
    /** The private address (a secret: never logged, never returned whole). */
    url: text('url').notNull(),
    label: text('label').notNull(),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    lastError: text('last_error'),
    failures: integer('failures').notNull().default(0),
    nextSyncAt: timestamp('next_sync_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('dj_calendar_sources_dj_idx').on(t.djProfileId)],
);

/** Busy times read from a calendar source; replaced as a whole on every successful refresh. */
export const djImportedBusy = pgTable(
  'dj_imported_busy',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => djCalendarSources.id, { onDelete: 'cascade' }),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** The event's UID (and recurrence instance), for the calendar view; the summary is not kept (private). */
    uid: text('uid').notNull(),
  },
  (t) => [
    index('dj_imported_busy_dj_idx').on(t.djProfileId, t.startsAt),
    index('dj_imported_busy_source_idx').on(t.sourceId),
    check('dj_imported_busy_valid', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A user's private calendar feed of their parties (`/api/calendar/feeds/<token>.ics`): 256 random bits, like a
 * party link. Revoking deletes the row (the old address then answers 404); a new one can be made any time.
 */
export const calendarFeedTokens = pgTable(
  'calendar_feed_tokens',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('calendar_feed_tokens_token_key').on(t.token)],
);
