/**
 * Mail as an after-commit effect: jobs written in the caller's transaction, rendered and sent when they run (a
 * changed address, language or zone wins). Lifecycle mails are `mail.template`, every other mail `mail.notice`;
 * both render in features/notification/mail.
 */
import { z } from 'zod';
import type { Queryable } from '../db/client.ts';
import type { MailMessage } from '../providers/mail/mail.ts';
import { defineJob, enqueueJob } from './jobs.ts';

const MailJobSchema = z.object({ toUserId: z.uuid(), subject: z.string(), text: z.string() });

/**
 * Mails of before issue 18's templates, still queued when an older version stopped: sent as they were written.
 * New code enqueues notices (`enqueueNoticeMail`) instead.
 */
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
 * A notice: any mail that is not a booking-lifecycle mail (account, security, receipts, money, licence,
 * moderation, reviews). Rendered by features/notification/mail/notices.ts when sent, in the recipient's language
 * and zone as they are then; strings from the same catalogue as the lifecycle mails (mail.json). Values are data,
 * never text: a time is an instant (`at`, shown in the recipient's zone), a sum is minor units + currency.
 */
export const NoticeMailSchema = z.object({
  /** A key of NOTICE_TEMPLATES (features/notification/mail/notices.ts). */
  template: z.string(),
  /** An account (its address, language and zone when sent; `email` overrides the address), or a bare address. */
  to: z.union([
    z.object({ userId: z.uuid(), email: z.email().optional() }),
    /** The DJ of a profile. */
    z.object({ djProfileId: z.uuid() }),
    z.object({ email: z.email(), name: z.string().optional(), locale: z.string().optional() }),
  ]),
  /** Placeholder values that are names or codes, not prose (a stage name, a receipt number, a new address). */
  vars: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /** Picks `<key>.body_<variant>` (and `subject_<variant>`) where the catalogue has one. */
  variant: z.string().optional(),
  /** An instant, shown as {{when}} in the recipient's zone. */
  at: z.iso.datetime().optional(),
  /** A calendar date, shown as {{date}}. */
  date: z.iso.date().optional(),
  /** A sum, shown as {{money}} in the recipient's language. */
  money: z.object({ amountMinor: z.number().int(), currency: z.string().length(3) }).optional(),
  /** Lines of label (a key under `mail.facts`) and value. */
  facts: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  /** The main button's target. */
  link: z.string().optional(),
});
export type NoticeMail = z.infer<typeof NoticeMailSchema>;

/** Enqueues a notice once per `key` (`mail:<key>`), in the caller's transaction: sent after commit. */
export async function enqueueNoticeMail(q: Queryable, at: Date, key: string, notice: NoticeMail): Promise<boolean> {
  return enqueueJob(q, 'mail.notice', notice, { runAt: at, key: `mail:${key}` });
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
