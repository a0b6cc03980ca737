/**
 * Privacy rights (PRD 5.5, GDPR articles 15–17 and 20, CCPA): change name and email, export everything, delete the
 * account. Shared by the server's validation and the web forms.
 */
import { z } from 'zod';
import { DisplayNameSchema, EmailSchema, TokenSchema, UserSchema } from '../auth/auth.schemas.ts';

/**
 * Version of the privacy policy and terms the sign-up page shows; stored with each consent. Bump it (a date) when
 * either text changes, so the records say which text a user accepted.
 */
export const LEGAL_VERSION = '2026-12-02';

/** The name shown for a deleted account's kept chat messages, song requests and bookings. */
export const FORMER_MEMBER = 'Former member';

export const UpdateAccountRequestSchema = z.object({ displayName: DisplayNameSchema });
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequestSchema>;

/** Re-entering the password proves it is the owner at the keyboard, not someone at an unlocked screen. */
export const CurrentPasswordSchema = z.string().min(1, 'Enter your password.').max(256);

export const ChangeEmailRequestSchema = z.object({ newEmail: EmailSchema, password: CurrentPasswordSchema });
export type ChangeEmailRequest = z.infer<typeof ChangeEmailRequestSchema>;

export const ConfirmEmailChangeRequestSchema = z.object({ token: TokenSchema });
export type ConfirmEmailChangeRequest = z.infer<typeof ConfirmEmailChangeRequestSchema>;

export const DeleteAccountRequestSchema = z.object({ password: CurrentPasswordSchema });
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequestSchema>;

export const AccountResponseSchema = z.object({ user: UserSchema, pendingEmail: z.string().nullable() });
export type AccountResponse = z.infer<typeof AccountResponseSchema>;

export const ConsentSchema = z.object({ kind: z.enum(['terms', 'privacy']), version: z.string(), acceptedAt: z.string() });
export type Consent = z.infer<typeof ConsentSchema>;

/**
 * The data export (GDPR art. 15 and 20): one JSON document, every section an array or object of plain values.
 * Sections are listed here; their rows are described by the columns they carry (see docs/privacy.md).
 */
export const AccountExportSchema = z.object({
  format: z.literal('partystream-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  profile: z.record(z.string(), z.unknown()),
  consents: z.array(ConsentSchema),
  sessions: z.array(z.record(z.string(), z.unknown())),
  djProfile: z.record(z.string(), z.unknown()).nullable(),
  availability: z.object({
    weekly: z.array(z.record(z.string(), z.unknown())),
    overrides: z.array(z.record(z.string(), z.unknown())),
    blocked: z.array(z.record(z.string(), z.unknown())),
  }),
  bookings: z.array(z.record(z.string(), z.unknown())),
  payments: z.array(z.record(z.string(), z.unknown())),
  ledgerLines: z.array(z.record(z.string(), z.unknown())),
  partyMessages: z.array(z.record(z.string(), z.unknown())),
  songRequests: z.array(z.record(z.string(), z.unknown())),
  reviews: z.array(z.record(z.string(), z.unknown())),
});
export type AccountExport = z.infer<typeof AccountExportSchema>;
