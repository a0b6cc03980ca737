import type { MailMessage } from '../../providers/mail/mail.ts';

/** Mail texts of the accounts feature. English for now; the template name + data let a later i18n pass localise. */
export function verifyEmailMail(to: string, displayName: string, link: string): MailMessage {
  return {
    to,
    subject: 'Confirm your PartyStream email',
    template: 'auth.verify_email',
    data: { displayName, link },
    text: `Hi ${displayName},\n\nConfirm your email address to finish setting up PartyStream:\n${link}\n\nThe link works for 24 hours. If you did not sign up, ignore this mail.\n`,
    html: `<p>Hi ${escapeHtml(displayName)},</p><p>Confirm your email address to finish setting up PartyStream:</p><p><a href="${escapeHtml(link)}">Confirm my email</a></p><p>The link works for 24 hours. If you did not sign up, ignore this mail.</p>`,
  };
}

export function resetPasswordMail(to: string, displayName: string, link: string): MailMessage {
  return {
    to,
    subject: 'Reset your PartyStream password',
    template: 'auth.reset_password',
    data: { displayName, link },
    text: `Hi ${displayName},\n\nSomeone (hopefully you) asked to reset your PartyStream password. Choose a new one here:\n${link}\n\nThe link works for 1 hour. If it was not you, ignore this mail; your password stays the same.\n`,
    html: `<p>Hi ${escapeHtml(displayName)},</p><p>Someone (hopefully you) asked to reset your PartyStream password.</p><p><a href="${escapeHtml(link)}">Choose a new password</a></p><p>The link works for 1 hour. If it was not you, ignore this mail.</p>`,
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
