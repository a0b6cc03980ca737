/**
 * Notification settings (issue 18): the language and zone a user's mails are written in, and the categories of
 * non-essential mail they get. Receipts, security and booking-state mails are essential and always sent; each
 * other category can be switched off here or by the one-click unsubscribe link (RFC 8058) in the mail itself.
 */
import { z } from 'zod';
import { TimeZoneSchema } from '../dj/dj.schemas.ts';

/** Categories a person can switch off: party reminders, review requests and nudges, guest invitations. */
export const MAIL_CATEGORIES = ['reminders', 'reviews', 'invites'] as const;
export const MailCategorySchema = z.enum(MAIL_CATEGORIES);
export type SwitchableMailCategory = z.infer<typeof MailCategorySchema>;

/** Languages mails are written in (the web app's catalogues). */
export const MAIL_LANGUAGES = ['en', 'es', 'fr'] as const;

export const MailSettingsSchema = z.object({
  locale: z.enum(MAIL_LANGUAGES),
  /** The zone mail times are shown in; null: not chosen yet (UTC, with the other side's zone alongside). */
  timeZone: TimeZoneSchema.nullable(),
  categories: z.object({ reminders: z.boolean(), reviews: z.boolean(), invites: z.boolean() }),
});
export type MailSettings = z.infer<typeof MailSettingsSchema>;

/** A change to the settings: any of the fields, each category on its own. */
export const UpdateMailSettingsSchema = z
  .object({
    locale: z.enum(MAIL_LANGUAGES),
    timeZone: TimeZoneSchema.nullable(),
    categories: z.object({ reminders: z.boolean(), reviews: z.boolean(), invites: z.boolean() }).partial().strict(),
  })
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'Change at least one setting.');
export type UpdateMailSettings = z.infer<typeof UpdateMailSettingsSchema>;

/** An unsubscribe link's token: opaque, signed by the server (base64url parts). */
export const UnsubscribeTokenSchema = z
  .string()
  .max(400)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'This unsubscribe link is incomplete.');

export const UnsubscribeResultSchema = z.object({ category: MailCategorySchema, unsubscribed: z.boolean() });
export type UnsubscribeResult = z.infer<typeof UnsubscribeResultSchema>;
