/**
 * Mail provider: how PartyStream sends email. Two implementations chosen in deps.ts by MAIL_PROVIDER:
 * - outbox (default): stores each message in the `mail_outbox` table, viewable at /dev/outbox outside production;
 * - smtp: nodemailer over SMTP (SMTP_URL).
 * Callers render the message (features/*\/…mail.ts) and hand it over; the provider only delivers.
 */
export interface MailAttachment {
  filename: string;
  /** The file's text (calendar files are text). */
  content: string;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text part; with `html`, the two are sent as alternatives. */
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) on non-essential mail. */
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
  /**
   * An iTIP invitation or cancellation (RFC 5546) also offered as the message's text/calendar alternative, which
   * is how Gmail and Outlook recognise it as an event (SMTP only; the outbox keeps the attachment).
   */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Template name and its data, kept by the outbox for tests and the dev view. */
  template?: string;
  data?: Record<string, unknown>;
}

export interface MailProvider {
  readonly kind: 'outbox' | 'smtp';
  send(message: MailMessage): Promise<{ id: string }>;
  close?(): Promise<void>;
}
