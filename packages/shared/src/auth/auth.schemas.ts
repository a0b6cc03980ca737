/** Request and response schemas of the accounts API, used by server validation and web forms alike. */
import { z } from 'zod';
import { TimeZoneSchema } from '../dj/dj.schemas.ts';

export const ROLES = ['dj', 'host', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** OWASP: at least 12 characters, long passphrases allowed, no composition rules. */
export const PasswordSchema = z.string().min(12, 'Use at least 12 characters.').max(256, 'Use at most 256 characters.');

export const EmailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email('Enter a valid email address.'));

export const DisplayNameSchema = z.string().trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.');

export const RegisterRequestSchema = z.object({
  email: EmailSchema,
  password: PasswordSchema,
  displayName: DisplayNameSchema,
  /** Admins are created from config or by the seed, never by sign-up. */
  role: z.enum(['dj', 'host'], { error: 'Choose DJ or host.' }),
  /**
   * Ticked "I accept the terms and the privacy policy"; recorded with the version shown and the time. Required of
   * every sign-up, the API's as much as the web form's (decision 029, superseding the optional field of 026).
   */
  acceptTerms: z.literal(true, { error: 'Accept the terms and the privacy policy to sign up.' }),
  /** The language and zone the account's mails are written in, from the first one on (the web sends its own). */
  locale: z.enum(['en', 'es', 'fr'], { error: 'Choose English, Spanish or French.' }).optional(),
  timeZone: TimeZoneSchema.optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

export const LoginRequestSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, 'Enter your password.').max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  emailVerified: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const TokenSchema = z.string().trim().min(16, 'The link is incomplete.').max(200);

export const VerifyEmailRequestSchema = z.object({ token: TokenSchema });
export type VerifyEmailRequest = z.infer<typeof VerifyEmailRequestSchema>;

export const ForgotPasswordRequestSchema = z.object({ email: EmailSchema });
export type ForgotPasswordRequest = z.infer<typeof ForgotPasswordRequestSchema>;

export const ResetPasswordRequestSchema = z.object({ token: TokenSchema, password: PasswordSchema });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequestSchema>;

export const ChangePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password.').max(256),
  newPassword: PasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

export const SessionInfoSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const IdParamSchema = z.object({ id: z.uuid('Not a valid id.') });
