/**
 * Music-licence proof (issue 16). The set-list export and the go-live check read the party, booking and song
 * request tables: they are reads keyed by the DJ, for rights reporting and one gate (decision 021).
 */
import { and, asc, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { djLicences } from '../../db/schema/admin.ts';
import { djProfiles } from '../../db/schema/dj.ts';
import { users } from '../../db/schema/user.ts';
import { bookings } from '../../db/schema/booking.ts';
import { parties } from '../../db/schema/party.ts';
import { songRequests } from '../../db/schema/party-room.ts';

export type LicenceRow = typeof djLicences.$inferSelect;

export async function insertLicence(
  q: Queryable,
  v: Pick<LicenceRow, 'djProfileId' | 'kind' | 'territory' | 'expiresOn' | 'fileKey' | 'fileType'>,
  at: Date,
): Promise<LicenceRow> {
  const [row] = await q
    .insert(djLicences)
    .values({ ...v, createdAt: at })
    .returning();
  return row!;
}

export async function listForProfile(q: Queryable, djProfileId: string): Promise<LicenceRow[]> {
  return q.select().from(djLicences).where(eq(djLicences.djProfileId, djProfileId)).orderBy(desc(djLicences.createdAt));
}

export async function listPending(q: Queryable) {
  return q
    .select({ l: djLicences, stageName: djProfiles.stageName })
    .from(djLicences)
    .innerJoin(djProfiles, eq(djProfiles.id, djLicences.djProfileId))
    .where(eq(djLicences.status, 'pending'))
    .orderBy(asc(djLicences.createdAt))
    .limit(200);
}

export async function countPending(q: Queryable): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(djLicences)
    .where(eq(djLicences.status, 'pending'));
  return row?.n ?? 0;
}

export async function lockLicence(q: Queryable, id: string) {
  const [row] = await q
    .select({ l: djLicences, email: users.email, displayName: users.displayName, locale: users.locale })
    .from(djLicences)
    .innerJoin(djProfiles, eq(djProfiles.id, djLicences.djProfileId))
    .innerJoin(users, eq(users.id, djProfiles.userId))
    .where(eq(djLicences.id, id))
    .for('update', { of: djLicences });
  return row ?? null;
}

export async function findLicence(q: Queryable, id: string): Promise<LicenceRow | null> {
  const [row] = await q.select().from(djLicences).where(eq(djLicences.id, id));
  return row ?? null;
}

export async function decide(
  q: Queryable,
  id: string,
  v: { status: 'approved' | 'rejected'; by: string; reason: string | null },
  at: Date,
): Promise<void> {
  await q
    .update(djLicences)
    .set({ status: v.status, decidedBy: v.by, decidedAt: at, decisionReason: v.reason })
    .where(eq(djLicences.id, id));
}

/** Profiles with an approved licence that has not expired on `today` (YYYY-MM-DD, UTC). */
export async function verifiedAmong(q: Queryable, djProfileIds: string[], today: string): Promise<Set<string>> {
  if (!djProfileIds.length) return new Set();
  const rows = await q
    .selectDistinct({ id: djLicences.djProfileId })
    .from(djLicences)
    .where(
      and(inArray(djLicences.djProfileId, djProfileIds), eq(djLicences.status, 'approved'), gt(djLicences.expiresOn, today)),
    );
  return new Set(rows.map((r) => r.id));
}

/** The booked DJ's profile of a party. */
export async function djOfParty(q: Queryable, partyId: string) {
  const [row] = await q
    .select({ djProfileId: bookings.djProfileId, djUserId: bookings.djUserId })
    .from(parties)
    .innerJoin(bookings, eq(bookings.id, parties.bookingId))
    .where(eq(parties.id, partyId));
  return row ?? null;
}

/** Approved licences expiring within (today, until]: not yet warned. */
export async function dueForWarning(q: Queryable, today: string, until: string) {
  return q
    .select({ l: djLicences, email: users.email, displayName: users.displayName })
    .from(djLicences)
    .innerJoin(djProfiles, eq(djProfiles.id, djLicences.djProfileId))
    .innerJoin(users, eq(users.id, djProfiles.userId))
    .where(
      and(
        eq(djLicences.status, 'approved'),
        isNull(djLicences.expiryWarnedAt),
        gt(djLicences.expiresOn, today),
        lte(djLicences.expiresOn, until),
      ),
    );
}

export async function markWarned(q: Queryable, id: string, at: Date): Promise<boolean> {
  const rows = await q
    .update(djLicences)
    .set({ expiryWarnedAt: at })
    .where(and(eq(djLicences.id, id), isNull(djLicences.expiryWarnedAt)))
    .returning({ id: djLicences.id });
  return rows.length > 0;
}

/** Approved licences whose expiry day has come: the badge lapses on the day. */
export async function lapseExpired(q: Queryable, today: string) {
  return q
    .update(djLicences)
    .set({ status: 'lapsed' })
    .where(and(eq(djLicences.status, 'approved'), lte(djLicences.expiresOn, today)))
    .returning({
      id: djLicences.id,
      djProfileId: djLicences.djProfileId,
      kind: djLicences.kind,
      territory: djLicences.territory,
      expiresOn: djLicences.expiresOn,
    });
}

/** Songs marked played in the DJ's parties, played in [from, to). */
export async function playedSongs(q: Queryable, djUserId: string, from: Date, to: Date) {
  return q
    .select({
      playedAt: songRequests.playedAt,
      title: songRequests.title,
      artist: songRequests.artist,
      partyId: parties.id,
      partyStartsAt: bookings.startsAt,
    })
    .from(songRequests)
    .innerJoin(parties, eq(parties.id, songRequests.partyId))
    .innerJoin(bookings, eq(bookings.id, parties.bookingId))
    .where(
      and(
        eq(bookings.djUserId, djUserId),
        eq(songRequests.status, 'played'),
        sql`${songRequests.playedAt} >= ${from} and ${songRequests.playedAt} < ${to}`,
      ),
    )
    .orderBy(asc(songRequests.playedAt), asc(songRequests.seq));
}
