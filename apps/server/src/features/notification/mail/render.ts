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
import mjml2html from 'mjml';
import type { MailTemplate } from '@partystream/shared/booking/booking.process';
import { buildPartyInvite } from '../../calendar/ics.ts';
import { translator, type MailLocale } from './catalogue.ts';

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

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "Friday, 4 December 2026 at 20:00 CET" in the locale and zone. */
function longWhen(iso: string, locale: MailLocale, timeZone: string): string {
  return (
    new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso)) +
    ` (${zoneName(iso, locale, timeZone)})`
  );
}
function zoneName(iso: string, locale: MailLocale, timeZone: string): string {
  return (
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
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

    const text = [
      greeting,
      '',
      body,
      '',
      ...facts.map(([a, b]) => `${a}${t('common.colon')}${b}`),
      '',
      `${cta}${t('common.colon')}${data.link}`,
      ...(rsvp ? ['', `${rsvp.yes}${t('common.colon')}${data.rsvpYes}`, `${rsvp.no}${t('common.colon')}${data.rsvpNo}`] : []),
      ...(ics ? ['', t('common.ics')] : []),
      '',
      '—',
      t('common.footer'),
      why,
      ...(data.unsubscribeUrl ? [`${t('common.unsubscribe')}${t('common.colon')}${data.unsubscribeUrl}`] : []),
      ...(data.settingsUrl ? [`${t('common.settings')}${t('common.colon')}${data.settingsUrl}`] : []),
    ].join('\n');

    const button = (href: string, label: string, primary = true) =>
      `<mj-button href="${esc(href)}" background-color="${primary ? '#b0189a' : '#ffffff'}" color="${primary ? '#ffffff' : '#b0189a'}" border="2px solid #b0189a" border-radius="8px" font-weight="700" align="left">${esc(label)}</mj-button>`;
    const source = `<mjml lang="${locale}">
  <mj-head>
    <mj-title>${esc(subject)}</mj-title>
    <mj-preview>${esc(body)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#1a1530" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f1fb">
    <mj-section padding="16px 0 8px"><mj-column><mj-text font-size="20px" font-weight="700" color="#b0189a">PartyStream</mj-text></mj-column></mj-section>
    <mj-section background-color="#ffffff" border-radius="12px" padding="16px 8px">
      <mj-column>
        <mj-text font-size="22px" font-weight="700" line-height="1.3">${esc(heading)}</mj-text>
        <mj-text>${esc(greeting)}</mj-text>
        <mj-text>${esc(body)}</mj-text>
        <mj-table font-size="15px" color="#1a1530">${facts
          .map(
            ([a, b]) =>
              `<tr><td style="padding:4px 12px 4px 0;color:#6b6385;white-space:nowrap">${esc(a)}</td><td style="padding:4px 0">${esc(b)}</td></tr>`,
          )
          .join('')}</mj-table>
        ${button(data.link, cta)}
        ${rsvp ? `${button(data.rsvpYes!, rsvp.yes)}${button(data.rsvpNo!, rsvp.no, false)}` : ''}
        ${ics ? `<mj-text font-size="14px" color="#6b6385">${esc(t('common.ics'))}</mj-text>` : ''}
      </mj-column>
    </mj-section>
    <mj-section padding="8px 0 24px">
      <mj-column>
        <mj-text font-size="12px" color="#6b6385">${esc(t('common.footer'))}<br />${esc(why)}${
          data.unsubscribeUrl
            ? `<br /><a href="${esc(data.unsubscribeUrl)}" style="color:#6b6385">${esc(t('common.unsubscribe'))}</a>`
            : ''
        }${data.settingsUrl ? ` · <a href="${esc(data.settingsUrl)}" style="color:#6b6385">${esc(t('common.settings'))}</a>` : ''}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
    // No web-font imports: MJML would add a Google Fonts <link> for "Roboto" in the stack (a tracking request per open).
    const out = await mjml2html(source, { validationLevel: 'strict', fonts: {} });
    if (out.errors?.length) throw new Error(`mail ${key}: ${out.errors.map((e) => e.formattedMessage).join('; ')}`);

    const headers: Record<string, string> = {};
    if (def.category !== 'essential' && data.unsubscribeUrl) {
      headers['List-Unsubscribe'] = `<${data.unsubscribeUrl}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    return {
      subject,
      text,
      html: out.html,
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
