/**
 * The admin console's wire contract (issue 16): second factor, users, audit log, moderation, jobs, overview, and
 * the DJ's music-licence proof.
 */
import { z } from 'zod';

/** A six-digit TOTP code or an `xxxx-xxxx-xx` recovery code. */
export const SecondFactorCodeSchema = z.object({
  code: z
    .string()
    .trim()
    .min(6, 'Enter the 6-digit code from your authenticator app or a recovery code.')
    .max(32, 'Enter the 6-digit code from your authenticator app or a recovery code.'),
});

export const SecondFactorStatusSchema = z.object({
  /** `none`: not enrolled yet; `enrolled`: enrolled, this session not verified; `verified`: console open. */
  state: z.enum(['none', 'enrolled', 'verified']),
});
export type SecondFactorStatus = z.infer<typeof SecondFactorStatusSchema>;

export const EnrolmentSchema = z.object({
  /** `otpauth://totp/…` for authenticator apps, and the same as a QR code (data: URL of a PNG). */
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
  /** Base32, for typing into an app by hand. Shown once, during enrolment only. */
  secret: z.string(),
});

export const reason = z
  .string({ error: 'Give a reason.' })
  .trim()
  .min(3, 'Give a reason (at least 3 characters).')
  .max(1000, 'At most 1000 characters.');
export const ReasonSchema = z.object({ reason });

export const AuditEntrySchema = z.object({
  id: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  reason: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  action: z
    .string()
    .regex(/^[a-z_.]{1,60}$/, 'An action name such as user.suspended.')
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const AdminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['dj', 'host', 'admin']),
  createdAt: z.string(),
  suspended: z.object({ reason: z.string(), at: z.string() }).nullable(),
  djProfileId: z.string().nullable(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const UserSearchQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  role: z.enum(['dj', 'host', 'admin']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const InviteAdminSchema = z.object({
  email: z.email({ error: 'Enter an email address.' }).transform((e) => e.toLowerCase()),
  displayName: z.string().trim().min(1, 'Enter a name.').max(80),
});

export const LICENCE_KINDS = [
  'ascap',
  'bmi',
  'sesac',
  'prs',
  'gema',
  'sacem',
  'socan',
  'apra',
  'venue_platform',
  'own_music_declaration',
] as const;
export type LicenceKind = (typeof LICENCE_KINDS)[number];

/** The form fields sent with the proof file (multipart). */
export const LicenceUploadSchema = z.object({
  kind: z.enum(LICENCE_KINDS, { error: 'Choose the kind of licence.' }),
  territory: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'A two-letter country code (or WW for worldwide).'),
  expiresOn: z.iso.date({ error: 'The expiry date as YYYY-MM-DD.' }),
});

export const LicenceSchema = z.object({
  id: z.string(),
  djProfileId: z.string(),
  stageName: z.string().optional(),
  kind: z.enum(LICENCE_KINDS),
  territory: z.string(),
  expiresOn: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'lapsed']),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  fileType: z.string(),
  createdAt: z.string(),
});
export type Licence = z.infer<typeof LicenceSchema>;

export const LicencePolicySchema = z.enum(['off', 'warn', 'required']);
export type LicencePolicy = z.infer<typeof LicencePolicySchema>;

export const SetlistQuerySchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month as YYYY-MM.'),
});

export const ModerationKindSchema = z.enum(['chat_message', 'review', 'profile']);
export type ModerationKind = z.infer<typeof ModerationKindSchema>;

export const ModerationItemSchema = z.object({
  id: z.string(),
  kind: ModerationKindSchema,
  targetId: z.string(),
  excerpt: z.string(),
  reason: z.string().nullable(),
  authorUserId: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
});
export type ModerationItem = z.infer<typeof ModerationItemSchema>;

export const ModerationActionSchema = z.enum(['dismiss', 'remove', 'suspend']);

export const CountsSchema = z.object({
  moderation: z.number(),
  licences: z.number(),
  failedJobs: z.number(),
  disputes: z.number(),
});
export type Counts = z.infer<typeof CountsSchema>;

export const OverviewSchema = z.object({
  days: z.array(
    z.object({
      day: z.string(),
      bookings: z.number(),
      grossMinor: z.number(),
      platformMinor: z.number(),
      newDjs: z.number(),
      newHosts: z.number(),
    }),
  ),
  currency: z.string(),
  liveParties: z.array(z.object({ partyId: z.string(), stageName: z.string(), viewers: z.number() })),
  ledgerOk: z.boolean(),
});
export type Overview = z.infer<typeof OverviewSchema>;

export const JobViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  runAt: z.string(),
  lockedUntil: z.string().nullable(),
});
export type JobView = z.infer<typeof JobViewSchema>;

/** A signed-in user reports a DJ profile (issue 16): the reason is shown to the moderators. */
export const ReportProfileSchema = z.object({ reason });

/** Content of the signed-in user's that moderators removed, with the reason they gave (the author's notice). */
export const ModerationNoticeSchema = z.object({
  kind: ModerationKindSchema,
  targetId: z.string(),
  excerpt: z.string(),
  reason: z.string(),
  removedAt: z.string(),
  /** Set once an admin restored the content, with their reason (the author is told both). */
  restored: z.object({ at: z.string(), reason: z.string() }).nullable(),
});
export type ModerationNotice = z.infer<typeof ModerationNoticeSchema>;

/** What an admin can put back after a removal (chat messages are gone from the room for good). */
export const RestorableKindSchema = z.enum(['review', 'profile'], { error: 'Only reviews and profiles can be restored.' });

/** Removed content in the console, newest first; reviews and profiles can be restored with a reason. */
export const RemovalSchema = z.object({
  kind: ModerationKindSchema,
  targetId: z.string(),
  excerpt: z.string(),
  reason: z.string(),
  removedAt: z.string(),
  removedBy: z.string().nullable(),
  authorUserId: z.string().nullable(),
  authorName: z.string().nullable(),
  restorable: z.boolean(),
});
export type Removal = z.infer<typeof RemovalSchema>;

/** An admin's refund decision: `amountMinor` absent refunds all that is left. */
export const AdminRefundSchema = z.object({
  amountMinor: z
    .number({ error: 'An amount in minor units (cents).' })
    .int('Whole minor units (cents).')
    .min(1, 'At least 1.')
    .max(100_000_000)
    .optional(),
  reason,
});

/** A booking that needs a person (open card dispute or no-show claim), with its history and stream facts. */
export const MoneyIssueSchema = z.object({
  id: z.string(),
  state: z.string(),
  disputeStatus: z.string().nullable(),
  disputeMinor: z.number(),
  totalMinor: z.number(),
  refundedMinor: z.number(),
  currency: z.string(),
  startsAt: z.string(),
  stageName: z.string(),
  hostName: z.string(),
  /** Whether an admin may decide a refund now (the process table's `refund_by_admin` leaves the state). */
  refundable: z.boolean(),
  /**
   * Why a refund the state allows is refused: `card_dispute` — a chargeback is open or lost, the bank returns
   * that money to the host, a refund would return it twice (BOOKING_DISPUTED). Null when nothing blocks it.
   */
  refundBlockedBy: z.enum(['card_dispute']).nullable(),
  history: z.array(
    z.object({
      transition: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      actor: z.string(),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
  stream: z
    .object({
      firstLiveAt: z.string().nullable(),
      secondsLive: z.number(),
      peakViewers: z.number(),
      guestsJoined: z.number(),
    })
    .nullable(),
});
export type MoneyIssue = z.infer<typeof MoneyIssueSchema>;

export const FeeHistorySchema = z.object({
  feeBps: z.number(),
  history: z.array(
    z.object({
      feeBps: z.number(),
      fromBps: z.number(),
      by: z.string().nullable(),
      reason: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
