/**
 * Mails people read (issue 18, decisions 030 and 038): the `mail.template` job renders a mail of the booking
 * lifecycle or a reminder (render.ts) for one recipient — in their stored language, with times in their zone and
 * the other side's, the .ics of a confirmation or cancellation attached — and hands HTML, text, attachments and
 * headers to the mail provider; `sendNotice` (and the `mail.notice` job) does the same for every other mail
 * (notices.ts). Non-essential mails (reminders, review requests, invites) go only to people who did not switch
 * their category off — an account's own choice (`mail_opt_outs`, follows the user across address changes), or a
 * guest address's — and carry a signed one-click unsubscribe link (RFC 8058) in List-Unsubscribe and the footer.
 * Essential mails (booking steps, receipts, security) always go. This service also owns the notification
 * settings (language, zone, categories) and the unsubscribe.
 */
import type {
  SwitchableMailCategory,
  MailSettings,
  UnsubscribeResult,
  UpdateMailSettings,
} from '@partystream/shared/notification/mail-settings.schemas';
import { MAIL_CATEGORIES } from '@partystream/shared/notification/mail-settings.schemas';
import type { Clock } from '../../../clock.ts';
import type { Db } from '../../../db/client.ts';
import { AppError } from '../../../errors.ts';
import { defineJob } from '../../../jobs/jobs.ts';
import { NoticeMailSchema, TemplateMailJobSchema, type NoticeMail, type TemplateMailJob } from '../../../jobs/mail.job.ts';
import type { MailMessage } from '../../../providers/mail/mail.ts';
import { mailLocaleOf } from './catalogue.ts';
import * as repo from './mail.repo.ts';
import { isNoticeKey, NOTICE_TEMPLATES, renderNotice, type NoticeData } from './notices.ts';
import { createMailRenderer, MAIL_TEMPLATES, type MailTemplateKey } from './render.ts';
import { createUnsubscribeTokens, type UnsubscribeSubject } from './unsubscribe-token.ts';

export interface MailRecipient {
  email: string;
  displayName: string;
  locale: string;
  timeZone: string | null;
}

export interface MailServiceDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  /** Signs unsubscribe links (a key is derived from it). */
  secret: string;
  /** The ORGANIZER of attached invitations (the From address). */
  organizerEmail: string;
  send(m: MailMessage): Promise<unknown>;
  /** An account as a mail sees it (features/auth), and where its settings are stored. */
  recipient(userId: string): Promise<MailRecipient | null>;
  setMailLocale(userId: string, v: { locale: string; timeZone: string | null }): Promise<void>;
  /** The DJ's stage name and zone (features/dj). */
  dj(djProfileId: string): Promise<{ stageName: string; timeZone: string }>;
}

const isSwitchable = (c: string): c is SwitchableMailCategory => (MAIL_CATEGORIES as readonly string[]).includes(c);

/** A notice to send now: the job's fields, plus what only a synchronous sender has (a receipt built for it). */
export type NoticeToSend = NoticeMail & Pick<NoticeData, 'receipt'>;

export function createMailService(d: MailServiceDeps) {
  const renderer = createMailRenderer({ now: () => d.clock.now(), organizerEmail: d.organizerEmail });
  const tokens = createUnsubscribeTokens(d.secret);
  const settingsUrl = `${d.publicUrl}/account/notifications`;
  const unsubscribeUrl = (who: UnsubscribeSubject, c: SwitchableMailCategory) =>
    `${d.publicUrl}/api/mail/unsubscribe/${tokens.sign(who, c)}`;

  /** Renders and sends one templated mail (the `mail.template` job); a switched-off category is not sent. */
  async function sendTemplate(p: TemplateMailJob): Promise<void> {
    const key = p.template as MailTemplateKey;
    const def = MAIL_TEMPLATES[key];
    if (!def) throw new Error(`unknown mail template ${p.template}`);
    const host = await d.recipient(p.booking.hostUserId);
    const dj = await d.dj(p.booking.djProfileId);
    const link = `${d.publicUrl}/bookings/${p.booking.id}`;

    let to: { email: string; name?: string; locale: string; timeZone: string; link: string; who: UnsubscribeSubject };
    let other: { name: string; role: 'dj' | 'host'; timeZone?: string };
    if ('userId' in p.to) {
      const r = await d.recipient(p.to.userId);
      if (!r) return; // the account is gone: nobody to tell
      const isDj = p.to.userId === p.booking.djUserId;
      to = {
        email: r.email,
        name: r.displayName,
        locale: r.locale,
        timeZone: r.timeZone ?? (isDj ? dj.timeZone : 'UTC'),
        link,
        who: { userId: p.to.userId },
      };
      other = isDj
        ? { name: host?.displayName ?? '', role: 'host', timeZone: host?.timeZone ?? undefined }
        : { name: dj.stageName, role: 'dj', timeZone: dj.timeZone };
    } else {
      // A guest has no settings of their own: the host's language and zone are the best guess.
      to = {
        email: p.to.guestEmail,
        locale: host?.locale ?? 'en',
        timeZone: host?.timeZone ?? dj.timeZone,
        link: p.to.link,
        who: { email: p.to.guestEmail },
      };
      other = { name: dj.stageName, role: 'dj', timeZone: dj.timeZone };
    }
    const category = def.category;
    if (category !== 'essential' && (await isSuppressed(to.who, to.email, category))) return;

    const locale = mailLocaleOf(to.locale);
    const mail = await renderer.renderMail(key, locale, {
      name: to.name,
      other: other.name,
      otherRole: other.role,
      host: host?.displayName,
      startsAt: p.booking.startsAt,
      endsAt: p.booking.endsAt,
      timeZone: to.timeZone,
      otherTimeZone: other.timeZone,
      link: to.link,
      retryDays: p.retryDays,
      bookingId: p.booking.id,
      sequence: p.sequence,
      ...(category !== 'essential' ? { unsubscribeUrl: unsubscribeUrl(to.who, category), settingsUrl } : {}),
    });
    await d.send({
      to: to.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
      attachments: mail.attachments,
      calendar: mail.ics,
      template: key,
      data: { bookingId: p.booking.id, locale, sequence: p.sequence, category },
    });
  }

  /**
   * Whether a non-essential mail is switched off: by the account (its own choice, whatever its address now), or
   * by the address (a guest's link; also an account's address, when the mail names only the address).
   */
  async function isSuppressed(who: UnsubscribeSubject, email: string, category: SwitchableMailCategory): Promise<boolean> {
    if (await repo.isUnsubscribed(d.db, email, category)) return true;
    const userId = 'userId' in who ? who.userId : (await repo.findAccountByEmail(d.db, email))?.userId;
    return userId ? repo.isOptedOut(d.db, userId, category) : false;
  }

  /** Renders and sends one notice (account, security, receipt, money, licence, moderation, review mails). */
  async function sendNotice(n: NoticeToSend): Promise<void> {
    if (!isNoticeKey(n.template)) throw new Error(`unknown notice ${n.template}`);
    const to = n.to;
    const bare = 'userId' in to || 'djProfileId' in to ? undefined : to;
    const userId = 'djProfileId' in to ? await repo.findDjUserId(d.db, to.djProfileId) : 'userId' in to ? to.userId : null;
    const acc = userId ? await repo.findAccount(d.db, userId) : await repo.findAccountByEmail(d.db, bare!.email);
    const email = ('email' in to ? to.email : undefined) ?? acc?.email;
    if (!email) return; // the account is gone: nobody to tell
    const who: UnsubscribeSubject = acc ? { userId: acc.userId } : { email };
    const locale = mailLocaleOf(acc?.locale ?? bare?.locale);
    const { template, to: _to, receipt, ...data } = n;
    const category = NOTICE_TEMPLATES[template].category;
    if (category !== 'essential' && (await isSuppressed(who, email, category))) return;
    const mail = await renderNotice(template, locale, {
      ...data,
      receipt,
      name: acc?.displayName ?? bare?.name,
      timeZone: acc?.timeZone ?? receipt?.djTimeZone ?? acc?.djTimeZone ?? 'UTC',
      ...(category !== 'essential' ? { unsubscribeUrl: unsubscribeUrl(who, category), settingsUrl } : {}),
    });
    await d.send({
      to: email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
      template,
      data: { locale, category, ...(n.link ? { link: n.link } : {}) },
    });
  }

  async function settingsOf(userId: string): Promise<MailSettings> {
    const r = await d.recipient(userId);
    if (!r) throw new AppError('NOT_FOUND', { detail: 'No such user.' });
    const off = new Set([...(await repo.listOptOuts(d.db, userId)), ...(await repo.listUnsubscribed(d.db, r.email))]);
    return {
      locale: mailLocaleOf(r.locale),
      timeZone: r.timeZone,
      categories: { reminders: !off.has('reminders'), reviews: !off.has('reviews'), invites: !off.has('invites') },
    };
  }

  return {
    jobs: [
      defineJob({ name: 'mail.template', schema: TemplateMailJobSchema, handle: (p) => sendTemplate(p) }),
      defineJob({ name: 'mail.notice', schema: NoticeMailSchema, handle: (p) => sendNotice(p) }),
    ],
    sendNotice,
    unsubscribeUrl,
    /** Whether mail of `category` to `email` is switched off (the guest-invite mail asks before sending). */
    isUnsubscribed: (email: string, category: SwitchableMailCategory) => isSuppressed({ email }, email, category),
    settingsUrl,

    /** The party's guests invited by email who did not decline, each with their own party link (reminders). */
    async guestEmailsOf(bookingId: string): Promise<{ email: string; link: string }[]> {
      return (await repo.listGuestEmails(d.db, bookingId)).map((g) => ({
        email: g.email,
        link: `${d.publicUrl}/party/${g.token}?invite=${g.code}`,
      }));
    },
    getSettings: settingsOf,

    async updateSettings(userId: string, input: UpdateMailSettings): Promise<MailSettings> {
      const current = await settingsOf(userId);
      const r = (await d.recipient(userId))!;
      if (input.locale !== undefined || input.timeZone !== undefined)
        await d.setMailLocale(userId, {
          locale: input.locale ?? current.locale,
          timeZone: input.timeZone === undefined ? current.timeZone : input.timeZone,
        });
      const entries = Object.entries(input.categories ?? {}).filter(([c]) => isSwitchable(c));
      const on = entries.filter(([, v]) => v).map(([c]) => c);
      await d.db.transaction(async (tx) => {
        // Switching on clears the account's own "no more" and one its current address said by a guest link.
        await repo.optIn(tx, userId, on);
        await repo.resubscribe(tx, r.email, on);
        for (const [c] of entries.filter(([, v]) => !v)) await repo.optOut(tx, userId, c, d.clock.now());
      });
      return settingsOf(userId);
    },

    /** What an unsubscribe link is for (the confirmation page), or 404 for a link we did not sign. */
    async describeUnsubscribe(token: string): Promise<UnsubscribeResult> {
      const { who, email, category } = await resolve(token);
      return { category, unsubscribed: await isSuppressed(who, email, category) };
    },

    /** One-click unsubscribe (RFC 8058): no login, idempotent; an account's link sets the account's own choice. */
    async unsubscribe(token: string): Promise<UnsubscribeResult> {
      const { who, email, category } = await resolve(token);
      if ('userId' in who) await repo.optOut(d.db, who.userId, category, d.clock.now());
      else await repo.unsubscribe(d.db, email, category, d.clock.now());
      return { category, unsubscribed: true };
    },
  };

  async function resolve(token: string): Promise<{ who: UnsubscribeSubject; email: string; category: SwitchableMailCategory }> {
    const v = tokens.verify(token);
    const email = v ? ('email' in v.who ? v.who.email : (await d.recipient(v.who.userId))?.email) : undefined;
    if (!v || !email) throw new AppError('NOT_FOUND', { detail: 'This unsubscribe link is not valid (it may be incomplete).' });
    return { who: v.who, email, category: v.category };
  }
}

export type MailService = ReturnType<typeof createMailService>;
