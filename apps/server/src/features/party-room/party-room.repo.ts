import { and, asc, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { partyMessages, partyMutes, pollVotes, polls, songRequests, songVotes } from '../../db/schema/party-room.ts';
import { parties, partyInvites } from '../../db/schema/party.ts';

export async function insertMessage(q: Queryable, v: typeof partyMessages.$inferInsert) {
  const [row] = await q.insert(partyMessages).values(v).returning();
  return row!;
}
export async function recentMessages(q: Queryable, partyId: string, limit = 50) {
  const rows = await q
    .select()
    .from(partyMessages)
    .where(and(eq(partyMessages.partyId, partyId), isNull(partyMessages.deletedAt)))
    .orderBy(desc(partyMessages.createdAt), desc(partyMessages.seq))
    .limit(limit);
  return rows.reverse();
}
export async function deleteMessage(q: Queryable, partyId: string, id: string, at: Date): Promise<boolean> {
  const rows = await q
    .update(partyMessages)
    .set({ deletedAt: at })
    .where(and(eq(partyMessages.id, id), eq(partyMessages.partyId, partyId), isNull(partyMessages.deletedAt)))
    .returning({ id: partyMessages.id });
  return rows.length > 0;
}
/** A message by id alone (moderation works across parties). */
export async function findMessageById(q: Queryable, id: string) {
  const [row] = await q.select().from(partyMessages).where(eq(partyMessages.id, id));
  return row ?? null;
}

export async function reportMessage(q: Queryable, partyId: string, id: string): Promise<boolean> {
  const rows = await q
    .update(partyMessages)
    .set({ reportCount: sql`${partyMessages.reportCount} + 1` })
    .where(and(eq(partyMessages.id, id), eq(partyMessages.partyId, partyId)))
    .returning({ id: partyMessages.id });
  return rows.length > 0;
}

export async function insertRequest(q: Queryable, v: typeof songRequests.$inferInsert) {
  const [row] = await q.insert(songRequests).values(v).returning();
  return row!;
}
/** True when this vote was new (a second vote by the same participant changes nothing). */
export async function addVote(q: Queryable, requestId: string, voterKey: string): Promise<boolean> {
  const rows = await q
    .insert(songVotes)
    .values({ requestId, voterKey })
    .onConflictDoNothing()
    .returning({ r: songVotes.requestId });
  return rows.length > 0;
}
export async function findRequest(q: Queryable, partyId: string, id: string) {
  const [row] = await q
    .select()
    .from(songRequests)
    .where(and(eq(songRequests.id, id), eq(songRequests.partyId, partyId)));
  return row ?? null;
}
export async function setRequestStatus(q: Queryable, partyId: string, id: string, status: string, at: Date): Promise<boolean> {
  const rows = await q
    .update(songRequests)
    .set({ status, ...(status === 'played' ? { playedAt: at } : {}) })
    .where(and(eq(songRequests.id, id), eq(songRequests.partyId, partyId)))
    .returning({ id: songRequests.id });
  return rows.length > 0;
}
/** Song requests marked played in the party of this booking (the review's verified line). */
export async function countPlayedOfBooking(q: Queryable, bookingId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(songRequests)
    .innerJoin(parties, eq(parties.id, songRequests.partyId))
    .where(and(eq(parties.bookingId, bookingId), eq(songRequests.status, 'played')));
  return Number(row?.n ?? 0);
}
export async function listRequests(q: Queryable, partyId: string) {
  return q
    .select({
      r: songRequests,
      votes: sql<number>`(select count(*)::int from song_votes v where v.request_id = ${songRequests.id})`,
    })
    .from(songRequests)
    .where(eq(songRequests.partyId, partyId))
    .orderBy(asc(songRequests.createdAt), asc(songRequests.seq));
}
export async function votesBy(q: Queryable, partyId: string, voterKey: string): Promise<Set<string>> {
  const rows = await q
    .select({ id: songVotes.requestId })
    .from(songVotes)
    .innerJoin(songRequests, eq(songRequests.id, songVotes.requestId))
    .where(and(eq(songRequests.partyId, partyId), eq(songVotes.voterKey, voterKey)));
  return new Set(rows.map((r) => r.id));
}

export async function insertPoll(q: Queryable, v: typeof polls.$inferInsert) {
  const [row] = await q.insert(polls).values(v).returning();
  return row!;
}
export async function findPoll(q: Queryable, partyId: string, id: string) {
  const [row] = await q
    .select()
    .from(polls)
    .where(and(eq(polls.id, id), eq(polls.partyId, partyId)));
  return row ?? null;
}
export async function upsertPollVote(q: Queryable, pollId: string, voterKey: string, option: number) {
  await q
    .insert(pollVotes)
    .values({ pollId, voterKey, option })
    .onConflictDoUpdate({ target: [pollVotes.pollId, pollVotes.voterKey], set: { option } });
}
export async function closePoll(q: Queryable, partyId: string, id: string, at: Date): Promise<boolean> {
  const rows = await q
    .update(polls)
    .set({ closedAt: at })
    .where(and(eq(polls.id, id), eq(polls.partyId, partyId), isNull(polls.closedAt)))
    .returning({ id: polls.id });
  return rows.length > 0;
}
export async function listPolls(q: Queryable, partyId: string) {
  return q.select().from(polls).where(eq(polls.partyId, partyId)).orderBy(asc(polls.createdAt), asc(polls.seq));
}
export async function pollCounts(q: Queryable, pollId: string) {
  return q
    .select({ option: pollVotes.option, n: sql<number>`count(*)::int` })
    .from(pollVotes)
    .where(eq(pollVotes.pollId, pollId))
    .groupBy(pollVotes.option);
}
export async function myPollVote(q: Queryable, pollId: string, voterKey: string): Promise<number | null> {
  const [row] = await q
    .select({ option: pollVotes.option })
    .from(pollVotes)
    .where(and(eq(pollVotes.pollId, pollId), eq(pollVotes.voterKey, voterKey)));
  return row?.option ?? null;
}
export async function setTheme(q: Queryable, partyId: string, theme: string) {
  await q.update(parties).set({ theme }).where(eq(parties.id, partyId));
}
export async function getTheme(q: Queryable, partyId: string): Promise<string> {
  const [row] = await q.select({ theme: parties.theme }).from(parties).where(eq(parties.id, partyId));
  return row?.theme ?? 'neon';
}

/** Serialises one participant's chat writes across every server process (held until the transaction ends). */
export async function lockParticipant(q: Queryable, partyId: string, key: string) {
  await q.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`chat:${partyId}:${key}`}, 0))`);
}
export async function countMessagesSince(q: Queryable, partyId: string, key: string, since: Date): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(partyMessages)
    .where(and(eq(partyMessages.partyId, partyId), eq(partyMessages.authorKey, key), gt(partyMessages.createdAt, since)));
  return Number(row?.n ?? 0);
}
/** True when this mute was new. */
export async function mute(q: Queryable, partyId: string, participantKey: string, mutedBy: string, at: Date): Promise<boolean> {
  const rows = await q
    .insert(partyMutes)
    .values({ partyId, participantKey, mutedBy, mutedAt: at })
    .onConflictDoNothing()
    .returning({ k: partyMutes.participantKey });
  return rows.length > 0;
}
export async function unmute(q: Queryable, partyId: string, participantKey: string): Promise<boolean> {
  const rows = await q
    .delete(partyMutes)
    .where(and(eq(partyMutes.partyId, partyId), eq(partyMutes.participantKey, participantKey)))
    .returning({ k: partyMutes.participantKey });
  return rows.length > 0;
}
export async function isMuted(q: Queryable, partyId: string, participantKey: string): Promise<boolean> {
  const [row] = await q
    .select({ k: partyMutes.participantKey })
    .from(partyMutes)
    .where(and(eq(partyMutes.partyId, partyId), eq(partyMutes.participantKey, participantKey)));
  return !!row;
}
/** Closes a timed poll whose time is up (closed_at = closes_at); null when it was already closed. */
export async function closeExpiredPoll(q: Queryable, id: string, now: Date) {
  const [row] = await q
    .update(polls)
    .set({ closedAt: sql`${polls.closesAt}` })
    .where(and(eq(polls.id, id), isNull(polls.closedAt), lte(polls.closesAt, now)))
    .returning();
  return row ?? null;
}
export async function inviteOfParty(q: Queryable, partyId: string, inviteId: string): Promise<boolean> {
  const [row] = await q
    .select({ id: partyInvites.id })
    .from(partyInvites)
    .where(and(eq(partyInvites.id, inviteId), eq(partyInvites.partyId, partyId)));
  return !!row;
}
export async function mutedKeys(q: Queryable, partyId: string): Promise<string[]> {
  return (await q.select({ k: partyMutes.participantKey }).from(partyMutes).where(eq(partyMutes.partyId, partyId))).map(
    (r) => r.k,
  );
}

/** Ends the party once: true for the call that ended it, false when it had already ended. */
export async function markEnded(q: Queryable, partyId: string, at: Date, by: 'dj' | 'time'): Promise<boolean> {
  const rows = await q
    .update(parties)
    .set({ endedAt: at, endedBy: by })
    .where(and(eq(parties.id, partyId), isNull(parties.endedAt)))
    .returning({ id: parties.id });
  return rows.length > 0;
}
export async function findEnding(q: Queryable, partyId: string) {
  const [row] = await q
    .select({ endedAt: parties.endedAt, endedBy: parties.endedBy })
    .from(parties)
    .where(eq(parties.id, partyId));
  return row?.endedAt ? { endedAt: row.endedAt, endedBy: row.endedBy as 'dj' | 'time' } : null;
}

/** The next place in the order devices take invite seats (a sequence: shared by every process, never reused). */
export async function nextSeatOrder(q: Queryable): Promise<number> {
  const res = await q.execute(sql`select nextval('party_seat_order') as n`);
  return Number((res as unknown as { rows: { n: string | number }[] }).rows[0]!.n);
}
