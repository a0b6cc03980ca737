/**
 * The accounts feature's mails as notices: rendered by features/notification/mail in the user's language, with
 * the strings in mail.json (`auth.*`). They carry one-time links, so they are sent at once (never through a job
 * row, which would store the token).
 */
import type { NoticeMail } from '../../jobs/mail.job.ts';

export function verifyEmailMail(userId: string, link: string): NoticeMail {
  return { template: 'auth.verify_email', to: { userId }, link };
}

export function resetPasswordMail(userId: string, link: string): NoticeMail {
  return { template: 'auth.reset_password', to: { userId }, link };
}

export function adminInviteMail(userId: string, inviter: string, link: string): NoticeMail {
  return { template: 'auth.admin_invite', to: { userId }, vars: { inviter }, link };
}
