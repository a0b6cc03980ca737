/**
 * The moderation queue (issue 16): reported chat messages and DJ profiles (this feature's `moderation_reports`)
 * and reported reviews (features/review, through its moderation methods). An admin decides each report once:
 * dismiss, remove (the content is hidden and its author is told why, in the app and by mail) or suspend the
 * author (which removes the content as well). One transaction holds the decision, the review's hiding, the
 * suspension, the notice, the mail job and the audit row; deciding again is MODERATION_ALREADY_DECIDED. A removed
 * review or profile can be restored (`restore`), told to its author the same ways.
 */
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { ModerationItem, ModerationKind, ModerationNotice, Removal } from '@partystream/shared/admin/admin.schemas';
import { AppError } from '../../errors.ts';
import { enqueueNoticeMail } from '../../jobs/mail.job.ts';
import type { AdminContext } from './admin.service.ts';
import * as repo from './admin.repo.ts';
import * as moderation from './moderation.repo.ts';

/** What an admin's refusal names (problem details are English, like every API detail). */
const WHAT: Record<ModerationKind, string> = {
  chat_message: 'chat message',
  review: 'review',
  profile: 'DJ profile',
};

export function toItem(r: moderation.ReportRow): ModerationItem {
  return {
    id: r.id,
    kind: r.kind,
    targetId: r.targetId,
    excerpt: r.excerpt,
    reason: r.reason,
    authorUserId: r.authorUserId,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  };
}

export function createModerationDesk({ d, now, audit, suspendIn }: AdminContext) {
  return {
    /** Called by the party room when someone reports a chat message. */
    async reportChat(messageId: string, reporterKey: string): Promise<void> {
      const m = await d.chat.findMessage(messageId);
      if (!m) return;
      await moderation.insertReport(
        d.db,
        { kind: 'chat_message', targetId: messageId, reporterKey, authorUserId: m.authorUserId, excerpt: m.text },
        now(),
      );
    },

    /** A signed-in user reports a DJ profile; a repeat by the same user changes nothing (`created` false). */
    async reportProfile(reporter: User, djProfileId: string, reason: string): Promise<{ created: boolean }> {
      const owner = await repo.findProfileOwner(d.db, djProfileId);
      if (!owner) throw new AppError('NOT_FOUND', { detail: 'No such DJ.' });
      if (owner.userId === reporter.id) throw new AppError('FORBIDDEN', { detail: 'You cannot report your own profile.' });
      const created = await moderation.insertReport(
        d.db,
        {
          kind: 'profile',
          targetId: djProfileId,
          reporterKey: `user:${reporter.id}`,
          authorUserId: owner.userId,
          excerpt: owner.stageName,
          reason,
        },
        now(),
      );
      return { created };
    },

    async moderationQueue(): Promise<ModerationItem[]> {
      const own = (await moderation.listOpen(d.db)).map(toItem);
      const reviews = (await d.reviews.openReports()).map((r): ModerationItem => ({
        id: r.id,
        kind: 'review',
        targetId: r.reviewId,
        excerpt: r.excerpt,
        reason: r.note ? `${r.reason}: ${r.note}` : r.reason,
        authorUserId: r.authorUserId,
        status: 'open',
        createdAt: r.createdAt,
      }));
      return [...own, ...reviews].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async decideReport(
      admin: User,
      kind: ModerationKind,
      reportId: string,
      action: 'dismiss' | 'remove' | 'suspend',
      reason: string | null,
    ): Promise<void> {
      if (action !== 'dismiss' && !reason)
        throw new AppError('VALIDATION_FAILED', {
          detail: 'Give a reason: the author is shown it.',
          errors: [{ path: 'body.reason', message: 'Give a reason.' }],
        });
      let removeChat: string | null = null;
      await d.db.transaction(async (tx) => {
        let target: { id: string; authorUserId: string | null; excerpt: string };
        if (kind === 'review') {
          const r = await d.reviews.decideReport(tx, reportId, action === 'dismiss' ? 'kept' : 'removed');
          target = { id: r.reviewId, authorUserId: r.authorUserId, excerpt: r.text };
        } else {
          const r = await moderation.lockReport(tx, reportId);
          if (!r || r.kind !== kind) throw new AppError('NOT_FOUND', { detail: 'No such report.' });
          if (r.status !== 'open')
            throw new AppError('MODERATION_ALREADY_DECIDED', {
              detail: `This report was already decided (${r.status}). Nothing changed.`,
            });
          if (action === 'suspend' && !r.authorUserId)
            throw new AppError('ADMIN_ACTION_REFUSED', { detail: 'The author is a guest without an account: remove instead.' });
          const status = action === 'dismiss' ? 'dismissed' : action === 'remove' ? 'removed' : 'suspended';
          await moderation.decide(tx, r, { status, by: admin.id, reason }, now());
          target = { id: r.targetId, authorUserId: r.authorUserId, excerpt: r.excerpt };
          if (action !== 'dismiss' && r.kind === 'chat_message') removeChat = r.targetId;
        }
        if (action !== 'dismiss') {
          await moderation.insertRemoval(
            tx,
            {
              kind,
              targetId: target.id,
              reason: reason!,
              removedBy: admin.id,
              authorUserId: target.authorUserId,
              excerpt: target.excerpt,
            },
            now(),
          );
          if (target.authorUserId)
            await enqueueNoticeMail(tx, now(), `moderation:${kind}:${target.id}:${now().getTime()}`, {
              template: 'moderation.removed',
              to: { userId: target.authorUserId },
              variant: kind,
              facts: [
                ...(target.excerpt ? [{ label: 'removed', value: `“${target.excerpt.slice(0, 120)}”` }] : []),
                { label: 'reason', value: reason! },
              ],
              link: `${d.publicUrl}/account`,
            });
        }
        if (action === 'suspend') {
          if (!target.authorUserId) throw new AppError('ADMIN_ACTION_REFUSED', { detail: 'The author has no account.' });
          await suspendIn(tx, admin, target.authorUserId, reason!, `report:${reportId}`);
        }
        const done = action === 'dismiss' ? 'dismissed' : action === 'remove' ? 'removed' : 'suspended';
        await audit(tx, admin, {
          action: `report.${done}`,
          targetType: kind,
          targetId: target.id,
          reason,
          detail: { reportId },
        });
      });
      if (removeChat) await d.chat.removeMessage(removeChat);
    },

    /** What moderators removed of this user's content, with the reasons, and what was restored (newest first). */
    async noticesOf(user: User): Promise<ModerationNotice[]> {
      const removed = (await moderation.listRemovalsOf(d.db, user.id)).map((r): ModerationNotice => ({
        kind: r.kind,
        targetId: r.targetId,
        excerpt: r.excerpt,
        reason: r.reason,
        removedAt: r.removedAt.toISOString(),
        restored: null,
      }));
      const restored = (await moderation.listRestorationsOf(d.db, user.id)).map((r): ModerationNotice => ({
        kind: r.kind,
        targetId: r.targetId,
        excerpt: r.excerpt,
        reason: r.removalReason,
        removedAt: r.removedAt.toISOString(),
        restored: { at: r.restoredAt.toISOString(), reason: r.reason },
      }));
      const at = (n: ModerationNotice) => n.restored?.at ?? n.removedAt;
      return [...removed, ...restored].sort((a, b) => at(b).localeCompare(at(a)));
    },

    /** Removed content, newest first (all of it, or one author's for the user's page). */
    async removals(authorUserId?: string): Promise<Removal[]> {
      return (await moderation.listRemovals(d.db, { authorUserId })).map(({ r, authorName, removedByName }) => ({
        kind: r.kind,
        targetId: r.targetId,
        excerpt: r.excerpt,
        reason: r.reason,
        removedAt: r.removedAt.toISOString(),
        removedBy: removedByName,
        authorUserId: r.authorUserId,
        authorName,
        restorable: r.kind !== 'chat_message',
      }));
    },

    /**
     * Puts removed content back (a removal that was a mistake, or an appeal that succeeded): in one transaction
     * the removal row moves to the restorations (the profile is back in search and on its page), a review is
     * published again and counts in the rating, the author is mailed and sees it in their notices, and the audit
     * row is written. Restoring what is not removed is 409 MODERATION_NOT_REMOVED (twice, or never removed).
     */
    async restore(admin: User, kind: 'review' | 'profile', targetId: string, reason: string): Promise<void> {
      await d.db.transaction(async (tx) => {
        const removal = await moderation.lockRemoval(tx, kind, targetId);
        if (!removal) {
          if (await moderation.wasRestored(tx, kind, targetId))
            throw new AppError('MODERATION_NOT_REMOVED', {
              detail: `This ${WHAT[kind]} was already restored. Nothing changed.`,
            });
          throw new AppError('NOT_FOUND', { detail: `No removed ${WHAT[kind]} with this id.` });
        }
        if (!(await moderation.restore(tx, { ...removal, kind }, { reason, restoredBy: admin.id }, now())))
          throw new AppError('MODERATION_NOT_REMOVED', { detail: `This ${WHAT[kind]} was already restored. Nothing changed.` });
        if (kind === 'review') await d.reviews.restoreReview(tx, targetId);
        if (removal.authorUserId)
          await enqueueNoticeMail(tx, now(), `moderation-restored:${kind}:${targetId}:${now().getTime()}`, {
            template: 'moderation.restored',
            to: { userId: removal.authorUserId },
            variant: kind,
            facts: [
              ...(removal.excerpt ? [{ label: 'restored', value: `“${removal.excerpt.slice(0, 120)}”` }] : []),
              { label: 'reason', value: reason },
            ],
            link: `${d.publicUrl}/account`,
          });
        await audit(tx, admin, {
          action: 'content.restored',
          targetType: kind,
          targetId,
          reason,
          detail: { removalReason: removal.reason, removedAt: removal.removedAt.toISOString() },
        });
      });
    },
  };
}
