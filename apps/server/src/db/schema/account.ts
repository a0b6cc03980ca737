import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './user.ts';

/**
 * What a user agreed to and when (GDPR art. 7(1): the controller must be able to show consent): one row per
 * accepted document version, the time from the injected clock. Kept after the account is anonymised, with the
 * anonymised user id, as the record of the legal basis.
 */
export const userConsents = pgTable(
  'user_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['terms', 'privacy'] }).notNull(),
    version: text('version').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('user_consents_user_idx').on(t.userId)],
);

/**
 * A requested email change: the new address takes effect only when the link mailed to it is followed. Only a
 * SHA-256 of the token is stored; a newer request replaces older ones.
 */
export const emailChanges = pgTable(
  'email_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    newEmail: text('new_email').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('email_changes_token_key').on(t.tokenHash), index('email_changes_user_idx').on(t.userId)],
);
