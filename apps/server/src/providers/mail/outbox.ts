import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mailOutbox } from '../../db/schema/mail.ts';
import type { MailMessage, MailProvider } from './mail.ts';

/** Dev default: "sends" by writing to the outbox table. */
export function createOutboxMail(
  db: Db,
  now: () => Date,
): MailProvider & {
  list(opts?: { to?: string; limit?: number }): Promise<(typeof mailOutbox.$inferSelect)[]>;
} {
  return {
    kind: 'outbox',
    async send(m: MailMessage) {
      const [row] = await db
        .insert(mailOutbox)
        .values({
          to: m.to,
          subject: m.subject,
          text: m.text,
          html: m.html,
          template: m.template,
          data: m.data,
          headers: m.headers && Object.keys(m.headers).length ? m.headers : null,
          attachments: m.attachments?.length ? m.attachments : null,
          createdAt: now(),
        })
        .returning({ id: mailOutbox.id });
      return { id: row!.id };
    },
    async list(opts = {}) {
      const q = db.select().from(mailOutbox);
      const filtered = opts.to ? q.where(eq(mailOutbox.to, opts.to.toLowerCase())) : q;
      return filtered.orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.seq)).limit(opts.limit ?? 50);
    },
  };
}
