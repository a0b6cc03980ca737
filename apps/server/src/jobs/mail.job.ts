/**
 * Mail as an after-commit effect: `enqueueMail` puts a `mail.send` job in the caller's transaction; the job looks
 * the address up when it runs (a changed address wins) and sends through the mail provider.
 */
import { z } from 'zod';
import type { Queryable } from '../db/client.ts';
import type { MailMessage } from '../providers/mail/mail.ts';
import { defineJob, enqueueJob } from './jobs.ts';

const MailJobSchema = z.object({ toUserId: z.uuid(), subject: z.string(), text: z.string() });

/** Sends once per `key` (the job's idempotency key is `mail:<key>`). */
export async function enqueueMail(q: Queryable, at: Date, key: string, toUserId: string, subject: string, text: string) {
  await enqueueJob(q, 'mail.send', { toUserId, subject, text }, { runAt: at, key: `mail:${key}` });
}

export function mailJob(d: { userEmail(userId: string): Promise<string | null>; send(m: MailMessage): Promise<unknown> }) {
  return defineJob({
    name: 'mail.send',
    schema: MailJobSchema,
    handle: async (m) => {
      const to = await d.userEmail(m.toUserId);
      if (to) await d.send({ to, subject: m.subject, text: m.text });
    },
  });
}
