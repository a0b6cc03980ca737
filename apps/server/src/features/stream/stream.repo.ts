import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { parties } from '../../db/schema/party.ts';
import { bookings } from '../../db/schema/booking.ts';
import { streamFacts, streamGuestParticipants } from '../../db/schema/stream.ts';
import type { RoomStore } from '../../providers/streaming/streaming.ts';
import type { BookingState } from '@partystream/shared/booking/booking.states';
import { mayStream } from '@partystream/shared/booking/booking.process';

export async function setStreamKeyHash(q: Queryable, partyId: string, hash: string): Promise<void> {
  await q.update(parties).set({ streamKeyHash: hash }).where(eq(parties.id, partyId));
}

export async function findByStreamKeyHash(q: Queryable, hash: string) {
  const [row] = await q
    .select({ partyId: parties.id, startsAt: bookings.startsAt, endsAt: bookings.endsAt, state: bookings.state })
    .from(parties)
    .innerJoin(bookings, eq(bookings.id, parties.bookingId))
    .where(eq(parties.streamKeyHash, hash));
  return row && mayStream(row.state as BookingState) ? row : null;
}

/** Lets the guests in; the first opening is kept (opening again changes nothing). Returns when they opened. */
export async function openDoors(q: Queryable, partyId: string, at: Date): Promise<Date> {
  await q
    .update(parties)
    .set({ doorsOpenedAt: at })
    .where(and(eq(parties.id, partyId), isNull(parties.doorsOpenedAt)));
  const [row] = await q.select({ at: parties.doorsOpenedAt }).from(parties).where(eq(parties.id, partyId));
  return row!.at!;
}

export async function findDoorsOpenedAt(q: Queryable, partyId: string): Promise<Date | null> {
  const [row] = await q.select({ at: parties.doorsOpenedAt }).from(parties).where(eq(parties.id, partyId));
  return row?.at ?? null;
}

/** The streaming provider's per-party handle (the IVS stage ARN) in `parties.stage_arn`. */
export function roomStore(db: Queryable): RoomStore {
  return {
    async find(partyId) {
      const [row] = await db.select({ arn: parties.stageArn }).from(parties).where(eq(parties.id, partyId));
      return row?.arn ?? null;
    },
    async claim(partyId, handle) {
      // Only the first writer wins; a racing second one reads the winner back.
      const [won] = await db
        .update(parties)
        .set({ stageArn: handle })
        .where(and(eq(parties.id, partyId), isNull(parties.stageArn)))
        .returning({ arn: parties.stageArn });
      if (won?.arn) return won.arn;
      const [row] = await db.select({ arn: parties.stageArn }).from(parties).where(eq(parties.id, partyId));
      if (!row?.arn) throw new Error(`party ${partyId} not found while storing its stage`);
      return row.arn;
    },
    async clear(partyId, handle) {
      await db
        .update(parties)
        .set({ stageArn: null })
        .where(and(eq(parties.id, partyId), eq(parties.stageArn, handle)));
    },
  };
}

/** Remembers which invite an IVS stage participant was minted for (idempotent). */
export async function insertGuestParticipant(
  q: Queryable,
  row: { participantId: string; partyId: string; inviteId: string; createdAt: Date },
): Promise<void> {
  await q.insert(streamGuestParticipants).values(row).onConflictDoNothing();
}

export async function findGuestParticipants(q: Queryable, inviteId: string): Promise<string[]> {
  const rows = await q
    .select({ id: streamGuestParticipants.participantId })
    .from(streamGuestParticipants)
    .where(eq(streamGuestParticipants.inviteId, inviteId))
    .orderBy(streamGuestParticipants.createdAt);
  return rows.map((r) => r.id);
}

export async function deleteGuestParticipants(q: Queryable, participantIds: string[]): Promise<void> {
  if (participantIds.length)
    await q.delete(streamGuestParticipants).where(inArray(streamGuestParticipants.participantId, participantIds));
}

export async function deletePartyGuestParticipants(q: Queryable, partyId: string): Promise<void> {
  await q.delete(streamGuestParticipants).where(eq(streamGuestParticipants.partyId, partyId));
}

/**
 * Adds to a party's stream facts (one row per party, created on first use): seconds on air are summed, the peak
 * viewers and guests-joined counts only ever grow, the first live time is kept and the last one replaced.
 */
export async function addStreamFacts(
  q: Queryable,
  partyId: string,
  at: Date,
  f: { live?: boolean; secondsLive?: number; viewers?: number; guests?: number },
): Promise<void> {
  await q
    .insert(streamFacts)
    .values({
      partyId,
      firstLiveAt: f.live ? at : null,
      lastLiveAt: f.live ? at : null,
      secondsLive: Math.max(0, Math.round(f.secondsLive ?? 0)),
      peakViewers: f.viewers ?? 0,
      guestsJoined: f.guests ?? 0,
      updatedAt: at,
    })
    .onConflictDoUpdate({
      target: streamFacts.partyId,
      set: {
        firstLiveAt: sql`coalesce(${streamFacts.firstLiveAt}, excluded.first_live_at)`,
        lastLiveAt: sql`coalesce(excluded.last_live_at, ${streamFacts.lastLiveAt})`,
        secondsLive: sql`${streamFacts.secondsLive} + excluded.seconds_live`,
        peakViewers: sql`greatest(${streamFacts.peakViewers}, excluded.peak_viewers)`,
        guestsJoined: sql`greatest(${streamFacts.guestsJoined}, excluded.guests_joined)`,
        updatedAt: at,
      },
    });
}

/** The party of a booking with its stream facts (null columns when it never went live); null without a party. */
export async function findStreamFactsByBooking(q: Queryable, bookingId: string) {
  const [row] = await q
    .select({
      partyId: parties.id,
      firstLiveAt: streamFacts.firstLiveAt,
      lastLiveAt: streamFacts.lastLiveAt,
      secondsLive: streamFacts.secondsLive,
      peakViewers: streamFacts.peakViewers,
      guestsJoined: streamFacts.guestsJoined,
    })
    .from(parties)
    .leftJoin(streamFacts, eq(streamFacts.partyId, parties.id))
    .where(eq(parties.bookingId, bookingId));
  return row ?? null;
}
