/**
 * Review mails (requests, the two-days-left nudge, "you were reviewed") as notices: rendered by
 * features/notification/mail in the recipient's language, with the strings in mail.json (`review.*`). They are
 * non-essential (category `reviews`): switchable, with one-click unsubscribe.
 */
import type { NoticeMail } from '../../jobs/mail.job.ts';

export type ReviewMailKind = 'request' | 'reminder' | 'published';

export function reviewMail(kind: ReviewMailKind, toUserId: string, other: string, link: string, windowDays: number): NoticeMail {
  return { template: `review.${kind}`, to: { userId: toUserId }, vars: { other, count: windowDays }, link };
}
