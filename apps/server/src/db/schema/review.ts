import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, integer } from 'drizzle-orm/pg-core';
import { users } from './user.ts';
import { djProfiles } from './dj.ts';
import { bookings } from './booking.ts';
import { partyInvites } from './party.ts';

/**
 * The review window of a completed booking (issue 15): opened by the review feature when it sees the completion
 * (`review.scan` job, or on demand when someone reviews first), closed when both reviews are in or `closes_at`
 * passes; `published_at` marks the moment both reviews became public. One row per booking.
 */
export const reviewWindows = pgTable(
  'review_windows',
  {
    bookingId: uuid('booking_id')
      .primaryKey()
      .references(() => bookings.id),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id),
    hostUserId: uuid('host_user_id')
      .notNull()
      .references(() => users.id),
    djUserId: uuid('dj_user_id')
      .notNull()
      .references(() => users.id),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    index('review_windows_open_idx')
      .on(t.closesAt)
      .where(sql`${t.publishedAt} is null`),
    check('review_windows_time_valid', sql`${t.closesAt} > ${t.completedAt}`),
  ],
);

/**
 * One review per side per booking (unique index). Stars 1–5 by CHECK; a published review cannot be changed or
 * deleted (trigger `reviews_immutable`, migration `reviews`). The verified facts are measured when the review is
 * written (the party is over by then); all null when the booking never went live.
 */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => reviewWindows.bookingId),
    direction: text('direction', { enum: ['host_to_dj', 'dj_to_host'] }).notNull(),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    subjectUserId: uuid('subject_user_id')
      .notNull()
      .references(() => users.id),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id),
    stars: smallint('stars').notNull(),
    text: text('text').notNull().default(''),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** `removed`: a published review an admin hid after a report (features/review/review.moderation.ts). */
    status: text('status', { enum: ['pending', 'published', 'removed'] })
      .notNull()
      .default('pending'),
    verifiedMinutesLive: integer('verified_minutes_live'),
    verifiedGuestsJoined: integer('verified_guests_joined'),
    verifiedRequestsPlayed: integer('verified_requests_played'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('reviews_booking_direction_key').on(t.bookingId, t.direction),
    index('reviews_dj_published_idx')
      .on(t.djProfileId, t.publishedAt.desc(), t.id)
      .where(sql`${t.status} = 'published' and ${t.direction} = 'host_to_dj'`),
    index('reviews_subject_idx').on(t.subjectUserId, t.status),
    check('reviews_stars_valid', sql`${t.stars} between 1 and 5`),
    check('reviews_text_len', sql`char_length(${t.text}) <= 2000`),
    check('reviews_direction_valid', sql`${t.direction} in ('host_to_dj','dj_to_host')`),
    check('reviews_status_valid', sql`${t.status} in ('pending','published','removed')`),
    check('reviews_published_valid', sql`(${t.status} in ('published','removed')) = (${t.publishedAt} is not null)`),
  ],
);

/** Host → DJ sub-ratings, one per aspect. */
export const reviewSubRatings = pgTable(
  'review_sub_ratings',
  {
    reviewId: uuid('review_id')
      .notNull()
      .references(() => reviews.id),
    aspect: text('aspect').notNull(),
    stars: smallint('stars').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reviewId, t.aspect] }),
    check('review_sub_ratings_stars_valid', sql`${t.stars} between 1 and 5`),
    check(
      'review_sub_ratings_aspect_valid',
      sql`${t.aspect} in ('music_selection','sound_and_picture','interaction','punctuality')`,
    ),
  ],
);

/** The reviewed side's one public reply (primary key = review). */
export const reviewReplies = pgTable(
  'review_replies',
  {
    reviewId: uuid('review_id')
      .primaryKey()
      .references(() => reviews.id),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('review_replies_text_len', sql`char_length(${t.text}) between 1 and 1000`)],
);

/** Reports of published reviews, kept for the moderation queue (one per reporter per review). */
export const reviewReports = pgTable(
  'review_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => reviews.id),
    reporterUserId: uuid('reporter_user_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    note: text('note').notNull().default(''),
    status: text('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('review_reports_reporter_key').on(t.reviewId, t.reporterUserId),
    index('review_reports_open_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'open'`),
    check(
      'review_reports_reason_valid',
      sql`${t.reason} in ('spam','offensive','false_information','private_information','other')`,
    ),
    check('review_reports_status_valid', sql`${t.status} in ('open','kept','removed')`),
    check('review_reports_note_len', sql`char_length(${t.note}) <= 500`),
  ],
);

/** The crowd's one-tap rating: one per invite, from guests who watched at least 15 minutes. */
export const crowdRatings = pgTable(
  'crowd_ratings',
  {
    inviteId: uuid('invite_id')
      .primaryKey()
      .references(() => partyInvites.id),
    bookingId: uuid('booking_id')
      .notNull()
      .references(() => bookings.id),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id),
    stars: smallint('stars').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('crowd_ratings_dj_idx').on(t.djProfileId), check('crowd_ratings_stars_valid', sql`${t.stars} between 1 and 5`)],
);
