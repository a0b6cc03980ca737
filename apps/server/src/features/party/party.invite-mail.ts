// The mjml typings live beside the renderer; projects that reach it only through deps.ts (e2e, bench) need them too.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration cannot be imported
/// <reference path="../notification/mail/mjml.d.ts" />
/**
 * Guest invites by email (issue 18): the host gives a guest's name and address on the invite page; the invite and
 * its mail row are written in one transaction with a `party.invite_mail` job, which renders the MJML `party.invite`
 * template (features/notification/mail/render.ts) after commit and sends it. The job carries the invite's id only:
 * the invite code is the guest's capability and appears nowhere but in the mail itself (never in logs or job rows).
 * The guest answers from the link (RSVP yes/no on the lobby page, no account needed).
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { defineJob, enqueueJob } from '../../jobs/jobs.ts';
import type { Queryable } from '../../db/client.ts';
import type { MailMessage } from '../../providers/mail/mail.ts';
import { createMailRenderer } from '../notification/mail/render.ts';
import { mailLocaleOf } from '../notification/mail/catalogue.ts';
import * as repo from './party.repo.ts';

export const INVITE_MAIL_JOB = 'party.invite_mail';
const InviteMailJobSchema = z.object({ inviteId: z.uuid() });

export interface InviteMailDeps {
  db: Db;
  publicUrl: string;
  send(m: MailMessage): Promise<unknown>;
  /** The sender address (the renderer's organizer for calendar parts). */
  mailFrom: string;
  /**
   * One-click unsubscribe address for `email` from invite mails (RFC 8058), and whether the address has already
   * said no: the notification settings side owns both (mail_unsubscribes); invites only ask.
   */
  unsubscribeUrl(email: string): string;
  isUnsubscribed?(email: string): Promise<boolean>;
  settingsUrl?: string;
}

/** In the caller's transaction: the mail goes once per invite, after commit. */
export async function enqueueInviteMail(q: Queryable, inviteId: string, at: Date): Promise<void> {
  await enqueueJob(q, INVITE_MAIL_JOB, { inviteId }, { runAt: at, key: `${INVITE_MAIL_JOB}:${inviteId}` });
}

/** The guest's personal lobby link; `rsvp` preselects an answer (the guest still confirms it with a click). */
export function inviteLink(publicUrl: string, token: string, code: string, rsvp?: 'yes' | 'no'): string {
  return `${publicUrl}/party/${token}?invite=${code}${rsvp ? `&rsvp=${rsvp}` : ''}`;
}

export function inviteMailJob(d: InviteMailDeps & { now(): Date }) {
  const renderer = createMailRenderer({ now: d.now, organizerEmail: d.mailFrom });
  return defineJob({
    name: INVITE_MAIL_JOB,
    schema: InviteMailJobSchema,
    handle: async ({ inviteId }) => {
      const m = await repo.findInviteMail(d.db, inviteId);
      // Revoked before the mail went out (or the party is gone): nothing to send.
      if (!m || m.revokedAt) return;
      if (await d.isUnsubscribed?.(m.email)) return;
      const link = (rsvp?: 'yes' | 'no') => inviteLink(d.publicUrl, m.token, m.code, rsvp);
      // Links in a mail must not change anything when opened (mail scanners open them): they only preselect.
      const mail = await renderer.renderMail('party.invite', mailLocaleOf(m.locale), {
        name: m.label,
        other: m.djStageName,
        otherRole: 'dj',
        host: m.hostName,
        startsAt: m.startsAt.toISOString(),
        endsAt: m.endsAt.toISOString(),
        timeZone: m.timeZone ?? 'UTC',
        link: link(),
        rsvpYes: link('yes'),
        rsvpNo: link('no'),
        unsubscribeUrl: d.unsubscribeUrl(m.email),
        ...(d.settingsUrl ? { settingsUrl: d.settingsUrl } : {}),
      });
      await d.send({
        to: m.email,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        template: 'party.invite',
        data: { inviteId, locale: mailLocaleOf(m.locale) },
      });
    },
  });
}
