import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { parties, partyInvites } from '../../db/schema/party.ts';
import { bookings } from '../../db/schema/booking.ts';
import { djProfiles } from '../../db/schema/dj.ts';
import { users } from '../../db/schema/user.ts';

export type InviteRow = typeof partyInvites.$inferSelect;

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

export async function listInvites(q: Queryable, partyId: string): Promise<InviteRow[]> {
  return q
    .select()
    .from(partyInvites)
    .where(eq(partyInvites.partyId, partyId))
    .orderBy(asc(partyInvites.createdAt), asc(partyInvites.seq));
}

export async function revokeInvite(q: Queryable, partyId: string, id: string, at: Date): Promise<InviteRow | null> {
  const [row] = await q
    .update(partyInvites)
    .set({ revokedAt: at })
    .where(and(eq(partyInvites.id, id), eq(partyInvites.partyId, partyId), isNull(partyInvites.revokedAt)))
    .returning();
  return row ?? null;
}
