import { integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Fixed-window counters shared by every server process (login attempts per account and per IP). */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/**
 * The store of `rate-limiter-flexible`'s Drizzle limiter (http/limits.ts): one row per limited key (the limiter's
 * prefix + an IP, an account+IP pair, a guest…), points used and when they expire. On the app database, so every
 * server process sees the same counts (issue 17).
 */
export const rateLimiterFlexible = pgTable('rate_limiter_flexible', {
  key: text('key').primaryKey(),
  points: integer('points').notNull(),
  expire: timestamp('expire', { withTimezone: true, mode: 'date' }),
});
