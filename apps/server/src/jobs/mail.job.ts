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

/**
 * A templated mail (features/notification/mail): rendered when the job runs, in the recipient's language and
 * zone as they are then; what the text needs of the booking is captured when the job is enqueued (the .ics
 * SEQUENCE must be the booking's revision at that moment).
 */
export const TemplateMailJobSchema = z.object({
  template: z.string(),
  /** An account (its current address, language and zone), or a guest's address (host's language and zone). */
  to: z.union([z.object({ userId: z.uuid() }), z.object({ guestEmail: z.email(), link: z.string() })]),
  booking: z.object({
    id: z.uuid(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    hostUserId: z.uuid(),
    djUserId: z.uuid(),
    djProfileId: z.uuid(),
  }),
  /** The .ics SEQUENCE: the booking's revision when the mail was caused. */
  sequence: z.number().int().nonnegative(),
  /** The refused pay-out's mail: days until the next try. */
  retryDays: z.number().optional(),
});
export type TemplateMailJob = z.infer<typeof TemplateMailJobSchema>;

/** Enqueues a templated mail once per `key` (`mail:<key>`), in the caller's transaction. */
export async function enqueueTemplateMail(q: Queryable, at: Date, key: string, job: TemplateMailJob): Promise<boolean> {
  return enqueueJob(q, 'mail.template', job, { runAt: at, key: `mail:${key}` });
}
