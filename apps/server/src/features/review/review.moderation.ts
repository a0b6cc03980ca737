/**
 * Moderation of reviews (issue 16), offered to the admin console: an admin keeps or removes a reported review,
 * and may restore a removed one.
 * Removing hides it from the DJ's page and takes it out of the stored rating, in the admin's transaction (the
 * admin feature writes the audit row, the notice the author is shown and the mail next to it).
 */
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import * as repo from './review-moderation.repo.ts';
import { recomputeDjRating } from './review.repo.ts';

export interface DecidedReviewReport {
  reviewId: string;
  authorUserId: string;
  text: string;
}

export interface OpenReviewReport {
  id: string;
  reviewId: string;
  reason: string;
  note: string;
  authorUserId: string;
  excerpt: string;
  createdAt: string;
}

export function createReviewModeration(d: { db: Db }) {
  return {
    /** The open reports with what the review says and who wrote it, oldest first. */
    async openReports(): Promise<OpenReviewReport[]> {
      return (await repo.listOpenReports(d.db, 200)).map(({ r, authorUserId, text, stars }) => ({
        id: r.id,
        reviewId: r.reviewId,
        reason: r.reason,
        note: r.note,
        authorUserId,
        excerpt: `${'★'.repeat(stars)} ${text}`.trim(),
        createdAt: r.createdAt.toISOString(),
      }));
    },

    /**
     * Decides report `reportId` in `tx`: `kept` closes it (and the review's other open reports), `removed` also
     * hides the review. NOT_FOUND for an unknown report, MODERATION_ALREADY_DECIDED when it is no longer open.
     */
    async decideReport(tx: Tx, reportId: string, decision: 'kept' | 'removed'): Promise<DecidedReviewReport> {
      const report = await repo.lockReport(tx, reportId);
      if (!report) throw new AppError('NOT_FOUND', { detail: 'No such report.' });
      if (report.status !== 'open')
        throw new AppError('MODERATION_ALREADY_DECIDED', {
          detail: `This report was already decided (${report.status}). Nothing changed.`,
        });
      const review = await repo.findReview(tx, report.reviewId);
      if (!review) throw new AppError('NOT_FOUND', { detail: 'No such review.' });
      await repo.decideReport(tx, reportId, decision);
      await repo.decideOpenReports(tx, report.reviewId, decision);
      if (decision === 'removed' && (await repo.hideReview(tx, review.id))) await recomputeDjRating(tx, review.djProfileId);
      return { reviewId: review.id, authorUserId: review.authorUserId, text: review.text };
    },

    /**
     * Publishes a removed review again in `tx` (an admin's restore): back on the DJ's page and in the stored
     * rating. False when the review is not removed (nothing changed).
     */
    async restoreReview(tx: Tx, reviewId: string): Promise<boolean> {
      const review = await repo.findReview(tx, reviewId);
      if (!review || !(await repo.unhideReview(tx, reviewId))) return false;
      await recomputeDjRating(tx, review.djProfileId);
      return true;
    },
  };
}

export type ReviewModeration = ReturnType<typeof createReviewModeration>;
