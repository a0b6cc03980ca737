/**
 * Tables of the review feature, plus read-only queries on bookings, booking_events and the party tables (the
 * booking lifecycle is read, never written, here: the review window opens when a `complete` event exists).
 */
import { and, asc, avg, count, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { pgConstraint, pgErrorCode } from '../../db/client.ts';
import { bookingEvents, bookings } from '../../db/schema/booking.ts';
import { djProfiles } from '../../db/schema/dj.ts';
import { parties, partyInvites } from '../../db/schema/party.ts';
import { crowdRatings, reviewReplies, reviewReports, reviewSubRatings, reviewWindows, reviews } from '../../db/schema/review.ts';
import { users } from '../../db/schema/user.ts';
import { AppError } from '../../errors.ts';
import { RATING_PRIOR_MEAN, RATING_PRIOR_WEIGHT } from '@partystream/shared/review/review.schemas';

export type WindowRow = typeof reviewWindows.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;

/** States in which a completed party can be reviewed (a no-show report or a failed capture takes it out). */
export const REVIEWABLE_STATES = ['completed', 'paid_out'];

const completedAtSql = sql<Date>`(select min(${bookingEvents.at}) from ${bookingEvents} where ${bookingEvents.bookingId} = ${bookings.id} and ${bookingEvents.transition} = 'complete')`;

/** A booking as the review feature needs it, with the time it completed (null if it never did). */
export async function findBooking(q: Queryable, bookingId: string) {
  const [row] = await q
    .select({
      id: bookings.id,
      state: bookings.state,
      djProfileId: bookings.djProfileId,
      djUserId: bookings.djUserId,
      hostUserId: bookings.hostUserId,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      completedAt: completedAtSql.mapWith((v) => (v === null ? null : new Date(v as unknown as string))),
      hostName: users.displayName,
      djName: djProfiles.stageName,
    })
    .from(bookings)
    .innerJoin(users, eq(users.id, bookings.hostUserId))
    .innerJoin(djProfiles, eq(djProfiles.id, bookings.djProfileId))
    .where(eq(bookings.id, bookingId));
  return row ?? null;
}

/** Completed bookings that have no review window yet (what `review.scan` opens). */
export async function findCompletedWithoutWindow(q: Queryable, limit: number) {
  return q
    .select({
      id: bookings.id,
      djProfileId: bookings.djProfileId,
      djUserId: bookings.djUserId,
      hostUserId: bookings.hostUserId,
      completedAt: completedAtSql.mapWith((v) => new Date(v as unknown as string)),
    })
    .from(bookings)
    .leftJoin(reviewWindows, eq(reviewWindows.bookingId, bookings.id))
    .where(and(inArray(bookings.state, REVIEWABLE_STATES), isNull(reviewWindows.bookingId)))
    .orderBy(asc(bookings.endsAt))
    .limit(limit);
}

/** Opens the window; a second call keeps the first row. Returns true when this call created it. */
export async function insertWindow(q: Queryable, w: typeof reviewWindows.$inferInsert): Promise<boolean> {
  const rows = await q
    .insert(reviewWindows)
    .values(w)
    .onConflictDoNothing({ target: reviewWindows.bookingId })
    .returning({ id: reviewWindows.bookingId });
  return rows.length > 0;
}

export async function findWindow(q: Queryable, bookingId: string, lock = false): Promise<WindowRow | null> {
  const base = q.select().from(reviewWindows).where(eq(reviewWindows.bookingId, bookingId));
  const [row] = lock ? await base.for('update') : await base;
  return row ?? null;
}

/** Windows past their close time that have not published yet. */
export async function findDueWindows(q: Queryable, now: Date, limit: number): Promise<WindowRow[]> {
  return q
    .select()
    .from(reviewWindows)
    .where(and(isNull(reviewWindows.publishedAt), lte(reviewWindows.closesAt, now)))
    .orderBy(asc(reviewWindows.closesAt))
    .limit(limit);
}

export async function insertReview(
  q: Queryable,
  v: typeof reviews.$inferInsert,
  subRatings: [string, number][],
): Promise<ReviewRow> {
  try {
    const [row] = await q.insert(reviews).values(v).returning();
    if (subRatings.length)
      await q.insert(reviewSubRatings).values(subRatings.map(([aspect, stars]) => ({ reviewId: row!.id, aspect, stars })));
    return row!;
  } catch (e) {
    if (pgErrorCode(e) === '23505' && pgConstraint(e) === 'reviews_booking_direction_key')
      throw new AppError('REVIEW_ALREADY_SUBMITTED', {
        detail: 'You have already reviewed this party; reviews cannot be changed.',
      });
    throw e;
  }
}

export async function reviewsOfBooking(q: Queryable, bookingId: string): Promise<ReviewRow[]> {
  return q.select().from(reviews).where(eq(reviews.bookingId, bookingId));
}

/**
 * Publishes the window's reviews at `at` (compare-and-set on the window: a second caller publishes nothing).
 * Returns the reviews it published, or null when the window was already published.
 */
export async function publishWindow(q: Queryable, bookingId: string, at: Date): Promise<ReviewRow[] | null> {
  const w = await q
    .update(reviewWindows)
    .set({ publishedAt: at })
    .where(and(eq(reviewWindows.bookingId, bookingId), isNull(reviewWindows.publishedAt)))
    .returning({ id: reviewWindows.bookingId });
  if (!w.length) return null;
  return q
    .update(reviews)
    .set({ status: 'published', publishedAt: at })
    .where(and(eq(reviews.bookingId, bookingId), eq(reviews.status, 'pending')))
    .returning();
}

/** Rewrites the DJ's stored rating (mean, count, Bayesian score) from their published host reviews. */
export async function recomputeDjRating(q: Queryable, djProfileId: string): Promise<void> {
  const C = RATING_PRIOR_WEIGHT;
  const M = RATING_PRIOR_MEAN;
  await q.execute(sql`
    update ${djProfiles} p set rating_avg = s.a, rating_count = s.n,
      rating_score = case when s.n = 0 then null else (${C}::float8 * ${M} + s.total) / (${C} + s.n) end
    from (select avg(stars)::float8 as a, count(*)::int as n, coalesce(sum(stars), 0)::float8 as total
          from ${reviews} where dj_profile_id = ${djProfileId} and direction = 'host_to_dj' and status = 'published') s
    where p.id = ${djProfileId}`);
}

export async function findReview(q: Queryable, id: string): Promise<ReviewRow | null> {
  const [row] = await q.select().from(reviews).where(eq(reviews.id, id));
  return row ?? null;
}

/** Author names, sub-ratings, replies and party dates of these reviews, for the wire shape. */
export async function detailsOf(q: Queryable, rows: ReviewRow[]) {
  const ids = rows.map((r) => r.id);
  if (!ids.length) return { subs: new Map(), replies: new Map(), names: new Map(), dates: new Map() };
  const [subs, replies, names, dates] = await Promise.all([
    q.select().from(reviewSubRatings).where(inArray(reviewSubRatings.reviewId, ids)),
    q.select().from(reviewReplies).where(inArray(reviewReplies.reviewId, ids)),
    q
      .select({ id: reviews.id, userName: users.displayName, stageName: djProfiles.stageName, direction: reviews.direction })
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.authorUserId))
      .innerJoin(djProfiles, eq(djProfiles.id, reviews.djProfileId))
      .where(inArray(reviews.id, ids)),
    q
      .select({ id: bookings.id, startsAt: bookings.startsAt })
      .from(bookings)
      .where(
        inArray(
          bookings.id,
          rows.map((r) => r.bookingId),
        ),
      ),
  ]);
  const subMap = new Map<string, Record<string, number>>();
  for (const s of subs) subMap.set(s.reviewId, { ...subMap.get(s.reviewId), [s.aspect]: s.stars });
  return {
    subs: subMap,
    replies: new Map(replies.map((r) => [r.reviewId, r])),
    // A DJ signs with their stage name; a host with their display name (first name only on the wire).
    names: new Map(names.map((n) => [n.id, n.direction === 'dj_to_host' ? n.stageName : n.userName])),
    dates: new Map(dates.map((d) => [d.id, d.startsAt])),
  };
}

/** A page of the DJ's published host reviews, newest first, with the total. */
export async function listDjReviews(q: Queryable, djProfileId: string, limit: number, offset: number) {
  const cond = and(eq(reviews.djProfileId, djProfileId), eq(reviews.direction, 'host_to_dj'), eq(reviews.status, 'published'));
  const [rows, [total]] = await Promise.all([
    q.select().from(reviews).where(cond).orderBy(desc(reviews.publishedAt), desc(reviews.id)).limit(limit).offset(offset),
    q.select({ n: count() }).from(reviews).where(cond),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** The DJ's stored rating, histogram, sub-rating averages and crowd score. */
export async function djSummary(q: Queryable, djProfileId: string) {
  const published = and(
    eq(reviews.djProfileId, djProfileId),
    eq(reviews.direction, 'host_to_dj'),
    eq(reviews.status, 'published'),
  );
  const [[profile], hist, subs, [crowd]] = await Promise.all([
    q
      .select({ avg: djProfiles.ratingAvg, count: djProfiles.ratingCount, score: djProfiles.ratingScore })
      .from(djProfiles)
      .where(eq(djProfiles.id, djProfileId)),
    q.select({ stars: reviews.stars, n: count() }).from(reviews).where(published).groupBy(reviews.stars),
    q
      .select({ aspect: reviewSubRatings.aspect, a: avg(reviewSubRatings.stars), n: count() })
      .from(reviewSubRatings)
      .innerJoin(reviews, eq(reviews.id, reviewSubRatings.reviewId))
      .where(published)
      .groupBy(reviewSubRatings.aspect),
    q
      .select({ a: avg(crowdRatings.stars), n: count() })
      .from(crowdRatings)
      .where(eq(crowdRatings.djProfileId, djProfileId)),
  ]);
  return { profile: profile ?? null, hist, subs, crowd: { avg: crowd?.a ?? null, n: Number(crowd?.n ?? 0) } };
}

/** Published reviews DJs wrote about this host, newest first. */
export async function listHostReviews(q: Queryable, hostUserId: string, limit: number) {
  const cond = and(eq(reviews.subjectUserId, hostUserId), eq(reviews.direction, 'dj_to_host'), eq(reviews.status, 'published'));
  const [rows, [agg]] = await Promise.all([
    q.select().from(reviews).where(cond).orderBy(desc(reviews.publishedAt), desc(reviews.id)).limit(limit),
    q
      .select({ a: avg(reviews.stars), n: count() })
      .from(reviews)
      .where(cond),
  ]);
  return { rows, average: agg?.a == null ? null : Number(agg.a), count: Number(agg?.n ?? 0) };
}

/** Open windows in which this user (as host or DJ) has not written their review yet. */
export async function findPendingFor(q: Queryable, userId: string, now: Date) {
  return q
    .select({
      bookingId: reviewWindows.bookingId,
      hostUserId: reviewWindows.hostUserId,
      closesAt: reviewWindows.closesAt,
      startsAt: bookings.startsAt,
      hostName: users.displayName,
      djName: djProfiles.stageName,
    })
    .from(reviewWindows)
    .innerJoin(bookings, eq(bookings.id, reviewWindows.bookingId))
    .innerJoin(users, eq(users.id, reviewWindows.hostUserId))
    .innerJoin(djProfiles, eq(djProfiles.id, reviewWindows.djProfileId))
    .where(
      and(
        isNull(reviewWindows.publishedAt),
        sql`${reviewWindows.closesAt} > ${now}`,
        or(eq(reviewWindows.hostUserId, userId), eq(reviewWindows.djUserId, userId)),
        sql`not exists (select 1 from ${reviews} r where r.booking_id = ${reviewWindows.bookingId} and r.author_user_id = ${userId})`,
      ),
    )
    .orderBy(asc(reviewWindows.closesAt));
}

export async function insertReply(q: Queryable, reviewId: string, authorUserId: string, text: string, at: Date) {
  try {
    const [row] = await q.insert(reviewReplies).values({ reviewId, authorUserId, text, createdAt: at }).returning();
    return row!;
  } catch (e) {
    if (pgErrorCode(e) === '23505')
      throw new AppError('REVIEW_ALREADY_REPLIED', {
        detail: 'This review already has its one reply; replies cannot be changed.',
      });
    throw e;
  }
}

export async function insertReport(q: Queryable, v: typeof reviewReports.$inferInsert) {
  try {
    const [row] = await q.insert(reviewReports).values(v).returning();
    return row!;
  } catch (e) {
    if (pgErrorCode(e) === '23505')
      throw new AppError('REVIEW_ALREADY_REPORTED', { detail: 'You have already reported this review; the moderators have it.' });
    throw e;
  }
}

export async function listOpenReports(q: Queryable, limit: number) {
  return q
    .select()
    .from(reviewReports)
    .where(eq(reviewReports.status, 'open'))
    .orderBy(asc(reviewReports.createdAt), asc(reviewReports.id))
    .limit(limit);
}

// ---- crowd rating ------------------------------------------------------------------------------------------

/** The booking behind a party room and an invite's first join, for the crowd rating checks. */
export async function findCrowdContext(q: Queryable, partyId: string, inviteId: string) {
  const [row] = await q
    .select({
      bookingId: bookings.id,
      state: bookings.state,
      djProfileId: bookings.djProfileId,
      endsAt: bookings.endsAt,
      firstJoinedAt: partyInvites.firstJoinedAt,
      revokedAt: partyInvites.revokedAt,
      completedAt: completedAtSql.mapWith((v) => (v === null ? null : new Date(v as unknown as string))),
      liveAt:
        sql<Date | null>`(select min(${bookingEvents.at}) from ${bookingEvents} where ${bookingEvents.bookingId} = ${bookings.id} and ${bookingEvents.toState} = 'live')`.mapWith(
          (v) => (v === null ? null : new Date(v as unknown as string)),
        ),
    })
    .from(partyInvites)
    .innerJoin(parties, eq(parties.id, partyInvites.partyId))
    .innerJoin(bookings, eq(bookings.id, parties.bookingId))
    .where(and(eq(partyInvites.id, inviteId), eq(parties.id, partyId)));
  return row ?? null;
}

export async function findCrowdRating(q: Queryable, inviteId: string): Promise<number | null> {
  const [row] = await q.select({ stars: crowdRatings.stars }).from(crowdRatings).where(eq(crowdRatings.inviteId, inviteId));
  return row?.stars ?? null;
}

export async function insertCrowdRating(q: Queryable, v: typeof crowdRatings.$inferInsert): Promise<void> {
  try {
    await q.insert(crowdRatings).values(v);
  } catch (e) {
    if (pgErrorCode(e) === '23505')
      throw new AppError('CROWD_RATING_ALREADY_GIVEN', { detail: 'This invite has already rated the party.' });
    throw e;
  }
}

/** Invites of a booking's party that joined (the candidates the crowd rating is offered to). */
export async function joinedInvites(q: Queryable, bookingId: string) {
  return q
    .select({ id: partyInvites.id, partyId: parties.id, firstJoinedAt: partyInvites.firstJoinedAt })
    .from(partyInvites)
    .innerJoin(parties, eq(parties.id, partyInvites.partyId))
    .where(and(eq(parties.bookingId, bookingId), isNull(partyInvites.revokedAt), sql`${partyInvites.firstJoinedAt} is not null`));
}

/** Address, name and language of a mail's recipient. */
export async function findContact(q: Queryable, userId: string) {
  const [row] = await q
    .select({ email: users.email, displayName: users.displayName, locale: users.locale })
    .from(users)
    .where(eq(users.id, userId));
  return row ?? null;
}
