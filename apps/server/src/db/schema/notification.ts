import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { partyInvites } from './party.ts';
import { users } from './user.ts';

/**
 * The in-app inbox: one row per thing a user should notice (new request, accepted, cancelled, reminder, payout).
 * `kind` + `data` are rendered by the web app in the reader's language; `read_at` is set per item.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order: rows written at the same clock time keep the order they were written in. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    data: jsonb('data').notNull(),
    /** The same event twice (a retried job) makes one item: unique per user (migration 0030). */
    key: text('key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.seq), uniqueIndex('notifications_user_key').on(t.userId, t.key)],
);

/**
 * Addresses that said "no more" to a category of non-essential mail (reminders, invites), by one-click
 * unsubscribe (RFC 8058) or the notification settings page. Keyed by address so guests without an account count.
 */
export const mailUnsubscribes = pgTable(
  'mail_unsubscribes',
  {
    email: text('email').notNull(),
    category: text('category').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.email, t.category] })],
);

/** A guest invited by email from the invite page, with their RSVP. */
export const partyInviteEmails = pgTable(
  'party_invite_emails',
  {
    inviteId: uuid('invite_id')
      .primaryKey()
      .references(() => partyInvites.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** 'yes' | 'no'; null until the guest answers. */
    rsvp: text('rsvp', { enum: ['yes', 'no'] }),
    rsvpAt: timestamp('rsvp_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    /** The mail's language (the guest's own when they have an account, else the host's choice) and time zone. */
    locale: text('locale').notNull().default('en'),
    timeZone: text('time_zone'),
  },
  (t) => [
    index('party_invite_emails_email_idx').on(t.email),
    check('party_invite_emails_rsvp_valid', sql`${t.rsvp} in ('yes','no')`),
  ],
);

/**
 * A user's own "no more" per category of non-essential mail (issue 18, decision 038): set on the notification
 * settings page or by a one-click link mailed to the account, so it follows the user across address changes.
 * `mail_unsubscribes` keeps the per-address switch for guests without an account.
 */
export const mailOptOuts = pgTable(
  'mail_opt_outs',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category] })],
);
