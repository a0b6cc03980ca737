/** Party link and invite schemas. */
import { z } from 'zod';

export const PartyTokenSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a party link.') });
export const InviteCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Not an invite code.');
export const PartyQuerySchema = z.object({ invite: InviteCodeSchema.optional() });
/** The languages invite mails are written in (the web app's). */
export const INVITE_LOCALES = ['en', 'es', 'fr'] as const;
/**
 * A new invite. With `email` the guest is also sent their link by mail (issue 18), in `locale` (the host's
 * choice; the guest's own language wins when they have an account) with times in `timeZone`.
 */
export const CreateInviteRequestSchema = z.object({
  label: z.string().trim().min(1, 'Name the guest.').max(60),
  email: z.email('Not a valid email address.').max(254).toLowerCase().optional(),
  locale: z.enum(INVITE_LOCALES).optional(),
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'Not a known time zone.')
    .optional(),
});
export type CreateInviteRequest = z.infer<typeof CreateInviteRequestSchema>;
export const MAX_INVITES = 100;

/** A guest's answer to an emailed invite; the invite code is the guest's capability (no account needed). */
export const RSVP_ANSWERS = ['yes', 'no'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];
export const RsvpRequestSchema = z.object({
  invite: InviteCodeSchema,
  answer: z.enum(RSVP_ANSWERS, 'Answer yes or no.'),
});
export type RsvpRequest = z.infer<typeof RsvpRequestSchema>;

export const PartySchema = z.object({
  token: z.string(),
  bookingId: z.string(),
  role: z.enum(['dj', 'host', 'guest']),
  djStageName: z.string(),
  hostName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  state: z.string(),
  theme: z.string(),
  guestLabel: z.string().nullable(),
  /** For a guest invited by email: their RSVP so far (`answer` null until they answer); null otherwise. */
  rsvp: z
    .object({ answer: z.enum(RSVP_ANSWERS).nullable() })
    .nullable()
    .optional(),
});
export type Party = z.infer<typeof PartySchema>;

export const InviteSchema = z.object({
  id: z.string(),
  label: z.string(),
  link: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  firstJoinedAt: z.string().nullable(),
  joinCount: z.number(),
  /** Set when the invite was mailed to the guest (the address the host gave). */
  email: z.string().nullable().optional(),
  mailedAt: z.string().nullable().optional(),
  rsvp: z.enum(RSVP_ANSWERS).nullable().optional(),
  rsvpAt: z.string().nullable().optional(),
});
export type Invite = z.infer<typeof InviteSchema>;
