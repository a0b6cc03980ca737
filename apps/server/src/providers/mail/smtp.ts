import nodemailer from 'nodemailer';
import type { MailMessage, MailProvider } from './mail.ts';

/** Production twin: SMTP through nodemailer. `url` is smtp(s)://user:pass@host:port. */
export function createSmtpMail(url: string, from: string): MailProvider {
  const transport = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(m: MailMessage) {
      const info = await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        headers: m.headers,
        attachments: m.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
        ...(m.calendar ? { icalEvent: { method: m.calendar.method, content: m.calendar.content } } : {}),
      });
      return { id: String(info.messageId) };
    },
    async close() {
      transport.close();
    },
  };
}
