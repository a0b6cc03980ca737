/**
 * Mail provider: how PartyStream sends email. Two implementations chosen in deps.ts by MAIL_PROVIDER:
 * - outbox (default): stores each message in the `mail_outbox` table, viewable at /dev/outbox outside production;
 * - smtp: nodemailer over SMTP (SMTP_URL).
 * Callers render the message (features/*\/…mail.ts) and hand it over; the provider only delivers.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Template name and its data, kept by the outbox for tests and the dev view. */
  template?: string;
  data?: Record<string, unknown>;
}

export interface MailProvider {
  readonly kind: 'outbox' | 'smtp';
  send(message: MailMessage): Promise<{ id: string }>;
  close?(): Promise<void>;
}
