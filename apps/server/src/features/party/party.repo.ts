import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { parties, partyInvites } from '../../db/schema/party.ts';
import { bookings } from '../../db/schema/booking.ts';
import { partyInviteEmails } from '../../db/schema/notification.ts';
import { djProfiles } from '../../db/schema/dj.ts';
import { users } from '../../db/schema/user.ts';

export type InviteRow = typeof partyInvites.$inferSelect;
export type InviteEmailRow = typeof partyInviteEmails.$inferSelect;
/** An invite with its mail and RSVP, when it was sent by email. */
export type InviteWithEmail = InviteRow & { mail: InviteEmailRow | null };

/** Idempotent: a second call for the same booking keeps the first party. */
export async function insertParty(q: Queryable, bookingId: string, token: string, at: Date): Promise<void> {
  await q.insert(parties).values({ bookingId, token, createdAt: at }).onConflictDoNothing({ target: parties.bookingId });
}

export async function tokenOfBooking(q: Queryable, bookingId: string): Promise<string | null> {
  const [row] = await q.select({ token: parties.token }).from(parties).where(eq(parties.bookingId, bookingId));
  return row?.token ?? null;
}

export async function findPartyByToken(q: Queryable, token: string) {
  const [row] = await q
    .select({
      partyId: parties.id,
      token: parties.token,
      theme: parties.theme,
      bookingId: bookings.id,
      state: bookings.state,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      hostUserId: bookings.hostUserId,
      djUserId: bookings.djUserId,
      djStageName: djProfiles.stageName,
      hostName: users.displayName,
    })
    .from(parties)
    .innerJoin(bookings, eq(bookings.id, parties.bookingId))
    .innerJoin(djProfiles, eq(djProfiles.id, bookings.djProfileId))
    .innerJoin(users, eq(users.id, bookings.hostUserId))
    .where(eq(parties.token, token));
  return row ?? null;
}

export async function findLiveInvite(q: Queryable, partyId: string, code: string): Promise<InviteRow | null> {
  const [row] = await q
    .select()
    .from(partyInvites)
    .where(and(eq(partyInvites.partyId, partyId), eq(partyInvites.code, code), isNull(partyInvites.revokedAt)));
  return row ?? null;
}

export async function markJoined(q: Queryable, id: string, at: Date): Promise<void> {
  await q
    .update(partyInvites)
    .set({ joinCount: sql`${partyInvites.joinCount} + 1`, firstJoinedAt: sql`coalesce(${partyInvites.firstJoinedAt}, ${at})` })
    .where(eq(partyInvites.id, id));
}

export async function countInvites(q: Queryable, partyId: string): Promise<number> {
  const [r] = await q.select({ n: count() }).from(partyInvites).where(eq(partyInvites.partyId, partyId));
  return Number(r?.n ?? 0);
}

export async function insertInvite(q: Queryable, partyId: string, code: string, label: string, at: Date): Promise<InviteRow> {
  const [row] = await q.insert(partyInvites).values({ partyId, code, label, createdAt: at }).returning();
  return row!;
}

export async function listInvites(q: Queryable, partyId: string): Promise<InviteWithEmail[]> {
  const rows = await q
    .select()
    .from(partyInvites)
    .leftJoin(partyInviteEmails, eq(partyInviteEmails.inviteId, partyInvites.id))
    .where(eq(partyInvites.partyId, partyId))
    .orderBy(asc(partyInvites.createdAt), asc(partyInvites.seq));
  return rows.map((r) => ({ ...r.party_invites, mail: r.party_invite_emails }));
}

export async function insertInviteEmail(
  q: Queryable,
  v: { inviteId: string; email: string; locale: string; timeZone: string | null; at: Date },
): Promise<InviteEmailRow> {
  const [row] = await q
    .insert(partyInviteEmails)
    .values({ inviteId: v.inviteId, email: v.email, locale: v.locale, timeZone: v.timeZone, sentAt: v.at })
    .returning();
  return row!;
}

/** The invite of `code` in the party, revoked or not, with its mail row (the RSVP question needs both). */
export async function findInviteByCode(q: Queryable, partyId: string, code: string): Promise<InviteWithEmail | null> {
  const [r] = await q
    .select()
    .from(partyInvites)
    .leftJoin(partyInviteEmails, eq(partyInviteEmails.inviteId, partyInvites.id))
    .where(and(eq(partyInvites.partyId, partyId), eq(partyInvites.code, code)));
  return r ? { ...r.party_invites, mail: r.party_invite_emails } : null;
}

/** The mailed invite as the mail job needs it: the guest, the party and its host. */
export async function findInviteMail(q: Queryable, inviteId: string) {
  const [r] = await q
    .select({
      code: partyInvites.code,
      label: partyInvites.label,
      revokedAt: partyInvites.revokedAt,
      email: partyInviteEmails.email,
      locale: partyInviteEmails.locale,
      timeZone: partyInviteEmails.timeZone,
      token: parties.token,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      hostName: users.displayName,
      djStageName: djProfiles.stageName,
    })
    .from(partyInviteEmails)
    .innerJoin(partyInvites, eq(partyInvites.id, partyInviteEmails.inviteId))
    .innerJoin(parties, eq(parties.id, partyInvites.partyId))
    .innerJoin(bookings, eq(bookings.id, parties.bookingId))
    .innerJoin(djProfiles, eq(djProfiles.id, bookings.djProfileId))
    .innerJoin(users, eq(users.id, bookings.hostUserId))
    .where(eq(partyInviteEmails.inviteId, inviteId));
  return r ?? null;
}

/** An account's language and zone by address (a guest who has one gets the mail in their own language). */
export async function findUserPrefsByEmail(q: Queryable, email: string) {
  const [r] = await q
    .select({ locale: users.locale, timeZone: users.timeZone })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.deletedAt)));
  return r ?? null;
}

export async function setRsvp(q: Queryable, inviteId: string, answer: 'yes' | 'no', at: Date): Promise<void> {
  await q.update(partyInviteEmails).set({ rsvp: answer, rsvpAt: at }).where(eq(partyInviteEmails.inviteId, inviteId));
}

export async function revokeInvite(q: Queryable, partyId: string, id: string, at: Date): Promise<InviteRow | null> {
  const [row] = await q
    .update(partyInvites)
    .set({ revokedAt: at })
    .where(and(eq(partyInvites.id, id), eq(partyInvites.partyId, partyId), isNull(partyInvites.revokedAt)))
    .returning();
  return row ?? null;
}
