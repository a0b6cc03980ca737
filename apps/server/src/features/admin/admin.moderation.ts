/**
 * The moderation queue (issue 16): reported chat messages and DJ profiles (this feature's `moderation_reports`)
 * and reported reviews (features/review, through its moderation methods). An admin decides each report once:
 * dismiss, remove (the content is hidden and its author is told why, in the app and by mail) or suspend the
 * author (which removes the content as well). One transaction holds the decision, the review's hiding, the
 * suspension, the notice, the mail job and the audit row; deciding again is MODERATION_ALREADY_DECIDED.
 */
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { ModerationItem, ModerationKind, ModerationNotice } from '@partystream/shared/admin/admin.schemas';
import { AppError } from '../../errors.ts';
import { enqueueNoticeMail } from '../../jobs/mail.job.ts';
import type { AdminContext } from './admin.service.ts';
import * as repo from './admin.repo.ts';
import * as moderation from './moderation.repo.ts';

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
            await enqueueNoticeMail(tx, now(), `moderation:${kind}:${target.id}`, {
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

    /** What moderators removed of this user's content, with the reasons (newest first). */
    async noticesOf(user: User): Promise<ModerationNotice[]> {
      return (await moderation.listRemovalsOf(d.db, user.id)).map((r) => ({
        kind: r.kind,
        targetId: r.targetId,
        excerpt: r.excerpt,
        reason: r.reason,
        removedAt: r.removedAt.toISOString(),
      }));
    },
  };
}
