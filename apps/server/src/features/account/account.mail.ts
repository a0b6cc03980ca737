/**
 * The account page's mails as notices (features/notification/mail; strings in mail.json `account.*`), in the
 * user's language. Sent at once: the confirmation carries a one-time link.
 */
import type { NoticeMail } from '../../jobs/mail.job.ts';

/** Sent to the new address: the change takes effect only when this link is followed. */
export function confirmEmailChangeMail(userId: string, newEmail: string, link: string): NoticeMail {
  return { template: 'account.confirm_email_change', to: { userId, email: newEmail }, link };
}

/** Sent to the old address when a change is asked for, so a hijacked session cannot move the account silently. */
export function emailChangeNoticeMail(userId: string, newEmail: string, accountUrl: string): NoticeMail {
  return { template: 'account.email_change_notice', to: { userId }, vars: { newEmail }, link: accountUrl };
}

/** Sent to the address the account had, after it was deleted (the account row no longer holds it). */
export function accountDeletedMail(oldEmail: string, v: { name: string; locale: string }): NoticeMail {
  return { template: 'account.deleted', to: { email: oldEmail, name: v.name, locale: v.locale } };
}
