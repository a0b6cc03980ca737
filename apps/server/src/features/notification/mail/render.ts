/**
 * Mails people read (issue 18): every template renders to HTML (MJML, so it holds up in Gmail, Outlook and phone
 * clients) with a plain-text part, in the recipient's language, with times in the recipient's zone (and the other
 * side's where it differs). Confirmations, changes and cancellations carry an .ics (METHOD:REQUEST / CANCEL, the
 * booking's stable UID, SEQUENCE from the booking's revision). Non-essential mails (reminders, invites) carry
 * one-click unsubscribe headers (RFC 8058) and a link in the footer.
 *
 * The template keys of the booking lifecycle are those of packages/shared/src/booking/booking.process.ts
 * (`MailTemplate`); the English subjects are the ones those mails always had.
 */
import type { MailTemplate } from '@partystream/shared/booking/booking.process';
import { buildPartyInvite } from '../../calendar/ics.ts';
import { translator, type MailLocale } from './catalogue.ts';
import { htmlOf, longWhen, textOf, unsubscribeHeaders, zoneName, type MailParts } from './layout.ts';

/** Essential mails always go; the others can be switched off per address (mail_unsubscribes). */
export type MailCategory = 'essential' | 'reminders' | 'reviews' | 'invites';

export type MailTemplateKey = MailTemplate | 'booking.request_sent' | 'party.reminder_24h' | 'party.reminder_1h' | 'party.invite';

interface TemplateDef {
  category: MailCategory;
  /** Attach the party as an invitation (`request`) or its cancellation (`cancel`). */
  ics?: 'request' | 'cancel';
}

export const MAIL_TEMPLATES: Record<MailTemplateKey, TemplateDef> = {
  'booking.requested': { category: 'essential' },
  'booking.request_sent': { category: 'essential' },
  'booking.confirmed': { category: 'essential', ics: 'request' },
  'booking.confirmed_dj': { category: 'essential', ics: 'request' },
  'booking.cancelled_by_you': { category: 'essential', ics: 'cancel' },
  'booking.declined': { category: 'essential' },
  'booking.request_expired': { category: 'essential' },
  'booking.request_withdrawn': { category: 'essential' },
  'booking.cancelled_by_host': { category: 'essential', ics: 'cancel' },
  'booking.cancelled_by_dj': { category: 'essential', ics: 'cancel' },
  'booking.payout_sent': { category: 'essential' },
  'booking.payout_failed': { category: 'essential' },
  'booking.capture_failed_host': { category: 'essential', ics: 'cancel' },
  'booking.capture_failed_dj': { category: 'essential', ics: 'cancel' },
  'booking.refunded_by_admin': { category: 'essential' },
  'party.reminder_24h': { category: 'reminders' },
  'party.reminder_1h': { category: 'reminders' },
  'party.invite': { category: 'invites' },
};

export interface MailData {
  /** The recipient's display name (omitted for guests without one). */
  name?: string;
  /** The other side: the DJ's stage name for a host or guest, the host's name for a DJ. */
  other: string;
  /** Whether `other` is the DJ or the host (labels the second time line). */
  otherRole?: 'dj' | 'host';
  /** The host's name, for guest invites. */
  host?: string;
  startsAt: string;
  endsAt: string;
  /** The recipient's IANA zone; the other side's when known. */
  timeZone: string;
  otherTimeZone?: string;
  /** The main button's target (booking page, party link). */
  link: string;
  /** Pay-out retry: days until the next try. */
  retryDays?: number;
  /** RSVP links of a guest invite. */
  rsvpYes?: string;
  rsvpNo?: string;
  /** One-click unsubscribe address (required for non-essential mails) and the settings page. */
  unsubscribeUrl?: string;
  settingsUrl?: string;
  /** The booking, for the .ics: id (stable UID) and revision (SEQUENCE). */
  bookingId?: string;
  sequence?: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  category: MailCategory;
  headers: Record<string, string>;
  attachments: { filename: string; content: string; contentType: string }[];
  /** The .ics text when one is attached (also offered to SMTP as the calendar alternative part). */
  ics?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/** "Fri 4 Dec, 20:00–23:00 CET" */
function spanIn(startsAt: string, endsAt: string, locale: MailLocale, timeZone: string): string {
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(
    new Date(startsAt),
  );
  const time = (iso: string) =>
    new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
  return `${day}, ${time(startsAt)}–${time(endsAt)} ${zoneName(startsAt, locale, timeZone)}`;
}
const offsetOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName')?.value;

export function createMailRenderer(o: { now(): Date; organizerEmail: string }) {
  /** Renders one template for one recipient. Throws on an unknown key or a non-essential mail without unsubscribe. */
  async function renderMail(key: MailTemplateKey, locale: MailLocale, data: MailData): Promise<RenderedMail> {
    const def = MAIL_TEMPLATES[key];
    if (!def) throw new Error(`unknown mail template ${key}`);
    if (def.category !== 'essential' && !data.unsubscribeUrl) throw new Error(`${key} is not essential: pass unsubscribeUrl`);
    const t = translator(locale);
    const when = longWhen(data.startsAt, locale, data.timeZone);
    const vars = {
      other: data.other,
      host: data.host ?? '',
      when,
      name: data.name ?? '',
      ...(data.retryDays !== undefined ? { count: data.retryDays } : {}),
    };
    const k = `${key}`;
    const subject = t(`${k}.subject`, vars);
    const heading = t(`${k}.heading`, vars);
    const body = t(`${k}.body`, vars);
    const cta = t(`${k}.cta`, vars);
    const greeting = data.name ? t('common.greeting', vars) : t('common.greetingAnon');
    const facts: [string, string][] = [[t('common.yourTime'), spanIn(data.startsAt, data.endsAt, locale, data.timeZone)]];
    if (data.otherTimeZone && offsetOf(data.startsAt, data.otherTimeZone) !== offsetOf(data.startsAt, data.timeZone))
      facts.push([t('common.theirTime', { who: data.other }), spanIn(data.startsAt, data.endsAt, locale, data.otherTimeZone)]);
    const why = key === 'party.invite' ? t('common.whyGuest', vars) : t('common.why');
    const rsvp = key === 'party.invite' && data.rsvpYes && data.rsvpNo ? { yes: t(`${k}.yes`), no: t(`${k}.no`) } : null;

    let ics: RenderedMail['ics'];
    if (def.ics && data.bookingId) {
      const cancelled = def.ics === 'cancel';
      ics = {
        method: cancelled ? 'CANCEL' : 'REQUEST',
        content: buildPartyInvite(
          {
            bookingId: data.bookingId,
            startsAt: new Date(data.startsAt),
            endsAt: new Date(data.endsAt),
            summary: `PartyStream: ${data.other}`,
            url: data.link,
            sequence: data.sequence ?? 0,
            cancelled,
          },
          o.now(),
          o.organizerEmail,
        ),
      };
    }

    const parts: MailParts = {
      locale,
      subject,
      heading,
      greeting,
      paragraphs: [body],
      facts,
      buttons: [
        { href: data.link, label: cta },
        ...(rsvp
          ? [
              { href: data.rsvpYes!, label: rsvp.yes },
              { href: data.rsvpNo!, label: rsvp.no, primary: false },
            ]
          : []),
      ],
      notes: ics ? [t('common.ics')] : [],
      footer: t('common.footer'),
      why,
      unsubscribe: data.unsubscribeUrl ? { url: data.unsubscribeUrl, label: t('common.unsubscribe') } : undefined,
      settings: data.settingsUrl ? { url: data.settingsUrl, label: t('common.settings') } : undefined,
      colon: t('common.colon'),
    };
    const text = textOf(parts);
    const html = await htmlOf(parts);
    const headers = def.category !== 'essential' ? unsubscribeHeaders(data.unsubscribeUrl) : {};
    return {
      subject,
      text,
      html,
      category: def.category,
      headers,
      attachments: ics
        ? [
            {
              filename: ics.method === 'CANCEL' ? 'cancelled.ics' : 'party.ics',
              content: ics.content,
              contentType: `text/calendar; charset=utf-8; method=${ics.method}`,
            },
          ]
        : [],
      ics,
    };
  }
  return { renderMail };
}

export type MailRenderer = ReturnType<typeof createMailRenderer>;
