import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './user.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A DJ's public profile and booking rules. One per DJ user. */
export const djProfiles = pgTable(
  'dj_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stageName: text('stage_name').notNull(),
    /**
     * The profile's readable URL name (`/djs/dj-quinn-berlin`, issue 20): made from the stage name and city when the
     * profile is created and kept after (shared links stay valid); unique (decision 039).
     */
    slug: text('slug').notNull(),
    bio: text('bio').notNull().default(''),
    genres: text('genres').array().notNull(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    yearsExperience: integer('years_experience').notNull(),
    equipment: text('equipment')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull(),
    cityId: text('city_id').notNull(),
    cityName: text('city_name').notNull(),
    country: text('country').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    timeZone: text('time_zone').notNull(),
    currency: text('currency').notNull(),
    pricingKind: text('pricing_kind', { enum: ['hourly', 'per_event'] }).notNull(),
    hourlyRateMinor: integer('hourly_rate_minor'),
    minHours: smallint('min_hours'),
    maxHours: smallint('max_hours'),
    eventPriceMinor: integer('event_price_minor'),
    eventMinutes: smallint('event_minutes'),
    /**
     * The price a card shows (the hourly rate for hourly DJs, the event price otherwise) in EUR cents, for
     * cross-currency price filters and sorting. Until migration 0019 it was rate × min hours (issue 20).
     */
    fromPriceEurMinor: integer('from_price_eur_minor').notNull(),
    sampleLinks: jsonb('sample_links')
      .notNull()
      .default(sql`'[]'::jsonb`),
    cancellationPolicy: text('cancellation_policy', { enum: ['flexible', 'moderate', 'strict'] }).notNull(),
    autoAccept: boolean('auto_accept').notNull().default(false),
    bufferMinutes: smallint('buffer_minutes').notNull().default(30),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(1440),
    maxAdvanceDays: smallint('max_advance_days').notNull().default(180),
    photoKey: text('photo_key'),
    /** Storage keys of the profile gallery, in the order shown (issue 20); at most GALLERY_MAX (a check says so too). */
    galleryKeys: text('gallery_keys')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ratingAvg: real('rating_avg'),
    ratingCount: integer('rating_count').notNull().default(0),
    /**
     * Bayesian ranking score of the published host reviews (decision 018); what "Top rated", the min-rating filter
     * and the search cards use. Written with rating_avg/rating_count in the transaction that publishes a review.
     */
    ratingScore: real('rating_score'),
    /** The DJ's Stripe Express connected account (destination of their bookings' charges); null until onboarding starts. */
    stripeAccountId: text('stripe_account_id'),
    /** The payments provider can pay this DJ out (Stripe: transfers active and payouts enabled; embedded: at once). */
    payoutsReady: boolean('payouts_ready').notNull().default(false),
    /** Full-text document over stage name, genres, tags and bio; written by the repo on every save. */
    search: tsvector('search'),
    /** Set when the DJ deleted their account: the empty profile stays for its bookings, out of search and profile pages. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    /**
     * Shown in search: payouts ready, not hidden, the user not suspended, the profile not removed by moderators.
     * Written only by triggers (migration 0039, decision 040), so search filters, sorts and counts on one column.
     */
    listed: boolean('listed').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('dj_profiles_user_key').on(t.userId),
    uniqueIndex('dj_profiles_slug_key').on(t.slug),
    uniqueIndex('dj_profiles_stripe_account_key').on(t.stripeAccountId),
    index('dj_profiles_search_idx').using('gin', t.search),
    index('dj_profiles_genres_idx').using('gin', t.genres),
    index('dj_profiles_languages_idx').using('gin', t.languages),
    index('dj_profiles_price_idx').on(t.fromPriceEurMinor),
    // Listed DJs in each sort order of search, so a page is an index walk with LIMIT (decision 040).
    index('dj_profiles_listed_rating_idx')
      .on(t.ratingScore.desc().nullsLast(), t.ratingCount.desc().nullsLast(), t.id)
      .where(sql`${t.listed}`),
    index('dj_profiles_listed_price_asc_idx')
      .on(t.fromPriceEurMinor, t.id)
      .where(sql`${t.listed}`),
    index('dj_profiles_listed_price_desc_idx')
      .on(t.fromPriceEurMinor.desc(), t.id)
      .where(sql`${t.listed}`),
    index('dj_profiles_country_idx').on(t.country),
    index('dj_profiles_lat_idx').on(t.lat, t.lng),
    check(
      'dj_profiles_pricing_valid',
      sql`(${t.pricingKind} = 'hourly' and ${t.hourlyRateMinor} > 0 and ${t.minHours} >= 1 and ${t.maxHours} >= ${t.minHours})
      or (${t.pricingKind} = 'per_event' and ${t.eventPriceMinor} > 0 and ${t.eventMinutes} >= 30)`,
    ),
    check('dj_profiles_buffer_valid', sql`${t.bufferMinutes} between 0 and 240`),
    check('dj_profiles_notice_valid', sql`${t.minNoticeMinutes} >= 0 and ${t.maxAdvanceDays} >= 1`),
    check('dj_profiles_gallery_max', sql`cardinality(${t.galleryKeys}) <= 8`),
    check('dj_profiles_rating_valid', sql`${t.ratingAvg} is null or ${t.ratingAvg} between 1 and 5`),
    check('dj_profiles_rating_score_valid', sql`${t.ratingScore} is null or ${t.ratingScore} between 1 and 5`),
  ],
);

/** How many profiles are listed (one row, kept by a trigger on dj_profiles): the total of an unfiltered search. */
export const djListingStats = pgTable(
  'dj_listing_stats',
  {
    id: smallint('id').primaryKey().default(1),
    listed: integer('listed').notNull(),
  },
  (t) => [check('dj_listing_stats_one_row', sql`${t.id} = 1`), check('dj_listing_stats_listed_valid', sql`${t.listed} >= 0`)],
);

/** Weekly recurring hours in the DJ's zone; minutes from local midnight; end <= start crosses midnight. */
export const djWeeklyHours = pgTable(
  'dj_weekly_hours',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id, { onDelete: 'cascade' }),
    weekday: smallint('weekday').notNull(),
    startMinute: smallint('start_minute').notNull(),
    endMinute: smallint('end_minute').notNull(),
  },
  (t) => [
    index('dj_weekly_hours_dj_idx').on(t.djProfileId, t.weekday),
    check(
      'dj_weekly_hours_valid',
      sql`${t.weekday} between 1 and 7 and ${t.startMinute} between 0 and 1439 and ${t.endMinute} between 0 and 1439 and ${t.startMinute} <> ${t.endMinute}`,
    ),
  ],
);

/** A local date whose hours replace the weekly ones (empty ranges = closed that day). */
export const djDateOverrides = pgTable(
  'dj_date_overrides',
  {
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id, { onDelete: 'cascade' }),
    date: date('date').notNull(),
    ranges: jsonb('ranges').notNull(),
  },
  (t) => [primaryKey({ columns: [t.djProfileId, t.date] })],
);

/** Holidays, other gigs: the DJ is not bookable in [starts_at, ends_at). */
export const djBlockedPeriods = pgTable(
  'dj_blocked_periods',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('dj_blocked_dj_idx').on(t.djProfileId, t.startsAt), check('dj_blocked_valid', sql`${t.endsAt} > ${t.startsAt}`)],
);

const tstzmultirange = customType<{ data: string }>({ dataType: () => 'tstzmultirange' });

/**
 * Search index of availability: each DJ's working hours minus blocked periods, as UTC instants over
 * [valid_from, valid_until), computed by the same Luxon maths as the calendar (slots.ts). Bookings, minimum notice
 * and the booking horizon change with every booking and every minute, so search applies them in SQL at query time.
 * Rewritten in the same transaction as every availability or profile edit.
 */
export const djOpenWindows = pgTable(
  'dj_open_windows',
  {
    djProfileId: uuid('dj_profile_id')
      .primaryKey()
      .references(() => djProfiles.id, { onDelete: 'cascade' }),
    windows: tstzmultirange('windows').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('dj_open_windows_gist').using('gist', t.windows),
    index('dj_open_windows_valid_idx').on(t.validUntil),
    index('dj_open_windows_valid_from_idx').on(t.validFrom),
  ],
);
