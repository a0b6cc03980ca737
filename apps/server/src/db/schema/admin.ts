import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sessions, users } from './user.ts';
import { djProfiles } from './dj.ts';
import { LICENCE_KINDS } from '@partystream/shared/admin/admin.schemas';

/**
 * Every admin action: who, what, on what, why, when (from the app clock). Append-only: the migration adds a
 * trigger that refuses UPDATE and DELETE, so not even a bug in the app can rewrite history (issue 16).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order for rows written at the same clock time. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    /** Dotted past-tense name, e.g. `user.suspended`, `fee.changed`, `licence.approved`. */
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    reason: text('reason'),
    /** Extra facts of the action (old and new fee, report kind…); never secrets. */
    detail: jsonb('detail').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('audit_log_created_idx').on(t.createdAt, t.seq),
    index('audit_log_target_idx').on(t.targetType, t.targetId),
    check('audit_log_reason_len', sql`char_length(${t.reason}) <= 1000`),
  ],
);

/** An admin's TOTP secret (RFC 6238); `enabledAt` is set once a code from the authenticator app was verified. */
export const adminTotp = pgTable('admin_totp', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Base32 secret; never logged or answered after enrolment. */
  secret: text('secret').notNull(),
  enabledAt: timestamp('enabled_at', { withTimezone: true }),
  /** The last accepted time step: a code cannot be replayed within its window. */
  lastStep: bigint('last_step', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** Single-use recovery codes; only a SHA-256 of each is stored. */
export const adminRecoveryCodes = pgTable(
  'admin_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('admin_recovery_codes_hash_key').on(t.userId, t.codeHash)],
);

/** Sessions whose holder passed the second factor (the admin console and routes need one). */
export const sessionSecondFactors = pgTable('session_second_factors', {
  sessionId: uuid('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull(),
});

/** A suspended account: cannot log in; a suspended DJ is not searchable, bookable or able to go live. */
export const userSuspensions = pgTable('user_suspensions', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  reason: text('reason').notNull(),
  suspendedBy: uuid('suspended_by').references(() => users.id),
  suspendedAt: timestamp('suspended_at', { withTimezone: true }).notNull(),
});

/** A DJ's proof of music licensing (PRD 5.6): the file lives in the storage provider. */
export const djLicences = pgTable(
  'dj_licences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    djProfileId: uuid('dj_profile_id')
      .notNull()
      .references(() => djProfiles.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: LICENCE_KINDS }).notNull(),
    /** ISO 3166-1 alpha-2 country, or `WW` for worldwide. */
    territory: text('territory').notNull(),
    expiresOn: date('expires_on').notNull(),
    fileKey: text('file_key').notNull(),
    fileType: text('file_type').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'lapsed'] })
      .notNull()
      .default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    /** Set when the 30-day expiry warning was mailed (once per licence). */
    expiryWarnedAt: timestamp('expiry_warned_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('dj_licences_profile_idx').on(t.djProfileId, t.status),
    check('dj_licences_status_valid', sql`${t.status} in ('pending','approved','rejected','lapsed')`),
    check('dj_licences_territory', sql`${t.territory} ~ '^[A-Z]{2}$'`),
  ],
);

/**
 * The moderation queue for chat messages and DJ profiles (review reports live with features/review and are read
 * through its service): one row per report per reporter. An admin
 * decides each open report once: dismiss, remove (hidden with a reason shown to the author) or suspend.
 */
export const moderationReports = pgTable(
  'moderation_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['chat_message', 'profile'] }).notNull(),
    targetId: text('target_id').notNull(),
    /** `user:<id>` or `invite:<id>`. */
    reporterKey: text('reporter_key').notNull(),
    /** The author of the reported content (user id), when it is a user. */
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    excerpt: text('excerpt').notNull().default(''),
    reason: text('reason'),
    status: text('status', { enum: ['open', 'dismissed', 'removed', 'suspended'] })
      .notNull()
      .default('open'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('moderation_reports_once_key').on(t.kind, t.targetId, t.reporterKey),
    index('moderation_reports_open_idx')
      .on(t.kind, t.createdAt)
      .where(sql`${t.status} = 'open'`),
    check('moderation_reports_status_valid', sql`${t.status} in ('open','dismissed','removed','suspended')`),
  ],
);

/** Content removed by moderation: hidden, with the reason its author is shown. */
export const moderationRemovals = pgTable(
  'moderation_removals',
  {
    kind: text('kind', { enum: ['chat_message', 'review', 'profile'] }).notNull(),
    targetId: text('target_id').notNull(),
    reason: text('reason').notNull(),
    removedBy: uuid('removed_by').references(() => users.id),
    removedAt: timestamp('removed_at', { withTimezone: true }).notNull(),
    /** Who is shown the notice (the author of the removed content), and what it said. */
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    excerpt: text('excerpt').notNull().default(''),
  },
  (t) => [
    uniqueIndex('moderation_removals_key').on(t.kind, t.targetId),
    index('moderation_removals_author_idx').on(t.authorUserId),
  ],
);

/**
 * Content an admin restored after a removal (issue 16): the removal row is deleted in the same transaction (so
 * search, the profile page and the review's status read as before) and its facts move here with the restore's
 * own reason, who and when. The author's notices list both; a second restore finds no removal and is a 409.
 */
export const moderationRestorations = pgTable(
  'moderation_restorations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['review', 'profile'] }).notNull(),
    targetId: text('target_id').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    excerpt: text('excerpt').notNull().default(''),
    removalReason: text('removal_reason').notNull(),
    removedBy: uuid('removed_by').references(() => users.id),
    removedAt: timestamp('removed_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    restoredBy: uuid('restored_by').references(() => users.id),
    restoredAt: timestamp('restored_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('moderation_restorations_author_idx').on(t.authorUserId),
    index('moderation_restorations_target_idx').on(t.kind, t.targetId),
    check('moderation_restorations_kind_valid', sql`${t.kind} in ('review','profile')`),
    check('moderation_restorations_order', sql`${t.restoredAt} >= ${t.removedAt}`),
  ],
);
