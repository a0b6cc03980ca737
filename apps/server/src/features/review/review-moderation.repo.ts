/**
 * The review feature's side of moderation (issue 16): deciding a review report and hiding a published review.
 * Kept apart from review.repo.ts so the queue's writes stay in one small place.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { reviewReports, reviews } from '../../db/schema/review.ts';

export async function lockReport(q: Queryable, id: string) {
  const [row] = await q.select().from(reviewReports).where(eq(reviewReports.id, id)).for('update');
  return row ?? null;
}

/** Decides every open report of the review at once (one decision per review); returns how many changed. */
export async function decideOpenReports(q: Queryable, reviewId: string, status: 'kept' | 'removed'): Promise<number> {
  const rows = await q
    .update(reviewReports)
    .set({ status })
    .where(and(eq(reviewReports.reviewId, reviewId), eq(reviewReports.status, 'open')))
    .returning({ id: reviewReports.id });
  return rows.length;
}

export async function decideReport(q: Queryable, id: string, status: 'kept' | 'removed'): Promise<void> {
  await q.update(reviewReports).set({ status }).where(eq(reviewReports.id, id));
}

/**
 * Published → removed: the one change the `reviews_immutable` trigger allows on a published review (migration
 * 0031). Every read of public reviews and the stored rating counts `published` only, so it disappears from both.
 */
export async function hideReview(q: Queryable, id: string): Promise<boolean> {
  const rows = await q
    .update(reviews)
    .set({ status: 'removed' })
    .where(and(eq(reviews.id, id), eq(reviews.status, 'published')))
    .returning({ id: reviews.id });
  return rows.length > 0;
}

/** Removed → published: an admin restores a review (the other change the trigger allows, migration 0036). */
export async function unhideReview(q: Queryable, id: string): Promise<boolean> {
  const rows = await q
    .update(reviews)
    .set({ status: 'published' })
    .where(and(eq(reviews.id, id), eq(reviews.status, 'removed')))
    .returning({ id: reviews.id });
  return rows.length > 0;
}

export async function findReview(q: Queryable, id: string) {
  const [row] = await q.select().from(reviews).where(eq(reviews.id, id));
  return row ?? null;
}

/** Open reports with the reported review's author and text, oldest first (the console's queue). */
export async function listOpenReports(q: Queryable, limit: number) {
  return q
    .select({ r: reviewReports, authorUserId: reviews.authorUserId, text: reviews.text, stars: reviews.stars })
    .from(reviewReports)
    .innerJoin(reviews, eq(reviews.id, reviewReports.reviewId))
    .where(eq(reviewReports.status, 'open'))
    .orderBy(asc(reviewReports.createdAt), asc(reviewReports.id))
    .limit(limit);
}
