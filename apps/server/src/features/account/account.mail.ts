import type { MailMessage } from '../../providers/mail/mail.ts';
import { escapeHtml } from '../auth/auth.mail.ts';

/** Sent to the new address: the change takes effect only when this link is followed. */
export function confirmEmailChangeMail(to: string, displayName: string, link: string): MailMessage {
  return {
    to,
    subject: 'Confirm your new PartyStream email',
    template: 'account.confirm_email_change',
    data: { displayName, link },
    text: `Hi ${displayName},\n\nConfirm that PartyStream should use this address from now on:\n${link}\n\nThe link works for 24 hours. Until then your old address stays in use. If you did not ask for this, ignore this mail.\n`,
    html: `<p>Hi ${escapeHtml(displayName)},</p><p>Confirm that PartyStream should use this address from now on:</p><p><a href="${escapeHtml(link)}">Use this email</a></p><p>The link works for 24 hours. Until then your old address stays in use. If you did not ask for this, ignore this mail.</p>`,
  };
}

/** Sent to the old address when a change is asked for, so a hijacked session cannot move the account silently. */
export function emailChangeNoticeMail(to: string, displayName: string, newEmail: string): MailMessage {
  return {
    to,
    subject: 'Your PartyStream email is being changed',
    template: 'account.email_change_notice',
    data: { displayName, newEmail },
    text: `Hi ${displayName},\n\nSomeone logged in to your PartyStream account asked to change its email to ${newEmail}. It changes once that address confirms.\n\nIf this was not you, log in, change your password and end your other sessions on your account page.\n`,
    html: `<p>Hi ${escapeHtml(displayName)},</p><p>Someone logged in to your PartyStream account asked to change its email to <b>${escapeHtml(newEmail)}</b>. It changes once that address confirms.</p><p>If this was not you, log in, change your password and end your other sessions on your account page.</p>`,
  };
}
