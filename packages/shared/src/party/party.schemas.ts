/** Party link and invite schemas. */
import { z } from 'zod';

export const PartyTokenSchema = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'Not a party link.') });
export const InviteCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Not an invite code.');
export const PartyQuerySchema = z.object({ invite: InviteCodeSchema.optional() });
export const CreateInviteRequestSchema = z.object({ label: z.string().trim().min(1, 'Name the guest.').max(60) });
export const MAX_INVITES = 100;

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
});
export type Invite = z.infer<typeof InviteSchema>;
