/**
 * Notices: every mail that is not a step of the booking lifecycle (render.ts) — account and security links,
 * receipts, money news, music-licence decisions and reminders, moderation. Same layout, same catalogue
 * (apps/web/src/locales/<lang>/mail.json), the recipient's language and zone (decision 038). A notice's strings are
 * `mail.<key>.subject | heading | body | cta | note`; `subject_<variant>` / `body_<variant>` where the wording
 * depends on a case (policy, outcome, what was removed). Values come in as data and are formatted here: `at` as
 * {{when}} in the recipient's zone, `date` as {{date}}, `money` as {{money}} in their language.
 */
import { formatMoney, type Currency } from '@partystream/shared/money';
import type { Receipt } from '@partystream/shared/payment/payment.schemas';
import type { NoticeMail } from '../../../jobs/mail.job.ts';
import { RECEIPT_REASONS } from '../../booking/receipt.ts';
import { hasString, translator, type MailLocale } from './catalogue.ts';
import { htmlOf, longDate, longWhen, textOf, unsubscribeHeaders, type MailParts } from './layout.ts';
import type { MailCategory, RenderedMail } from './render.ts';

interface NoticeDef {
  category: MailCategory;
  /** Has a `note` line (a link's lifetime, what to do if it was not you). */
  note?: boolean;
  /** Has no button (nothing to open: the account is gone, or signed out). */
  link?: false;
}

export const NOTICE_TEMPLATES = {
  'auth.verify_email': { category: 'essential', note: true },
  'auth.reset_password': { category: 'essential', note: true },
  'auth.admin_invite': { category: 'essential', note: true },
  'account.confirm_email_change': { category: 'essential', note: true },
  'account.email_change_notice': { category: 'essential', note: true },
  'account.deleted': { category: 'essential', note: true, link: false },
  'booking.receipt_charged': { category: 'essential' },
  'booking.receipt_refunded': { category: 'essential' },
  'payment.refund_failed': { category: 'essential' },
  'payment.provider_refund': { category: 'essential' },
  'payment.dispute_opened': { category: 'essential' },
  'payment.dispute_closed': { category: 'essential' },
  'licence.unlicensed_booking': { category: 'essential' },
  'licence.expiring': { category: 'essential' },
  'licence.lapsed': { category: 'essential' },
  'licence.approved': { category: 'essential' },
  'licence.rejected': { category: 'essential' },
  'moderation.removed': { category: 'essential' },
  'moderation.restored': { category: 'essential' },
  'admin.suspended': { category: 'essential', note: true, link: false },
  'review.request': { category: 'reviews' },
  'review.reminder': { category: 'reviews' },
  'review.published': { category: 'reviews' },
} as const satisfies Record<string, NoticeDef>;

export type NoticeKey = keyof typeof NOTICE_TEMPLATES;
export const isNoticeKey = (k: string): k is NoticeKey => Object.hasOwn(NOTICE_TEMPLATES, k);

export interface NoticeData extends Omit<NoticeMail, 'to' | 'template'> {
  /** The recipient's display name (none for a bare address). */
  name?: string;
  /** The recipient's IANA zone (times are shown in it, with its abbreviation). */
  timeZone: string;
  /** A receipt mail's facts (booking.receipts.ts builds the receipt when the mail is sent). */
  receipt?: Receipt;
  unsubscribeUrl?: string;
  settingsUrl?: string;
}

/** Renders one notice for one recipient. Throws on an unknown key, or a non-essential notice without unsubscribe. */
export async function renderNotice(key: NoticeKey, locale: MailLocale, data: NoticeData): Promise<RenderedMail> {
  const def: NoticeDef = NOTICE_TEMPLATES[key];
  if (!def) throw new Error(`unknown notice ${String(key)}`);
  if (def.category !== 'essential' && !data.unsubscribeUrl) throw new Error(`${key} is not essential: pass unsubscribeUrl`);
  const t = translator(locale);
  const field = (f: string) =>
    data.variant && hasString(locale, `${key}.${f}_${data.variant}`) ? `${key}.${f}_${data.variant}` : `${key}.${f}`;
  const vars: Record<string, string | number> = {
    ...data.vars,
    name: data.name ?? '',
    ...(data.at ? { when: longWhen(data.at, locale, data.timeZone) } : {}),
    ...(data.date ? { date: longDate(data.date, locale) } : {}),
    ...(data.money ? { money: formatMoney(data.money.amountMinor, data.money.currency as Currency, locale) } : {}),
  };
  const facts: [string, string][] = (data.facts ?? []).map((f) => [t(`facts.${f.label}`), f.value]);
  if (data.receipt) facts.push(...receiptFacts(data.receipt, locale, data.timeZone, t));
  const parts: MailParts = {
    locale,
    subject: t(field('subject'), vars),
    heading: t(field('heading'), vars),
    greeting: data.name ? t('common.greeting', vars) : t('common.greetingAnon'),
    paragraphs: [t(field('body'), vars)],
    facts,
    buttons: data.link && def.link !== false ? [{ href: data.link, label: t(field('cta'), vars) }] : [],
    notes: def.note ? [t(field('note'), vars)] : [],
    footer: t('common.footer'),
    why: t(def.category === 'essential' ? 'common.whyAccount' : 'common.why'),
    // Essential mail always goes: no unsubscribe link, whatever the caller passed.
    unsubscribe:
      def.category !== 'essential' && data.unsubscribeUrl
        ? { url: data.unsubscribeUrl, label: t('common.unsubscribe') }
        : undefined,
    settings:
      def.category !== 'essential' && data.settingsUrl ? { url: data.settingsUrl, label: t('common.settings') } : undefined,
    colon: t('common.colon'),
  };
  return {
    subject: parts.subject,
    text: textOf(parts),
    html: await htmlOf(parts),
    category: def.category,
    headers: def.category !== 'essential' ? unsubscribeHeaders(data.unsubscribeUrl) : {},
    attachments: [],
  };
}

const REASON_KEY = new Map<string, string>(Object.entries(RECEIPT_REASONS).map(([k, v]) => [v, k]));

/** The receipt as label/value lines: number, DJ, party time, the set, total, each refund, net paid. */
function receiptFacts(r: Receipt, locale: MailLocale, timeZone: string, t: ReturnType<typeof translator>): [string, string][] {
  const money = (minor: number) => formatMoney(minor, r.total.currency, locale);
  const day = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(new Date(iso));
  const end = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(new Date(r.endsAt));
  const hours = Math.round(((Date.parse(r.endsAt) - Date.parse(r.startsAt)) / 3_600_000) * 100) / 100;
  const reason = (s: string) => {
    const k = REASON_KEY.get(s);
    return k ? t(`receipt.reasons.${k}`) : s;
  };
  return [
    [t('receipt.number'), r.number],
    [t('receipt.dj'), r.djStageName],
    [t('receipt.party'), `${longWhen(r.startsAt, locale, timeZone)} – ${end}`],
    ...r.lines.map((l, i): [string, string] => [
      i === 0 ? t('receipt.set', { dj: r.djStageName, count: hours }) : l.label,
      money(l.amountMinor),
    ]),
    [t('receipt.total'), money(r.total.amountMinor)],
    ...r.refunds.map((f): [string, string] =>
      f.amountMinor < 0
        ? [t('receipt.reversed', { date: day(f.at), reason: reason(f.reason) }), `+${money(-f.amountMinor)}`]
        : [t('receipt.refunded', { date: day(f.at), reason: reason(f.reason) }), `−${money(f.amountMinor)}`],
    ),
    ...(r.refunds.length ? [[t('receipt.net'), money(r.netPaidMinor)] as [string, string]] : []),
  ];
}
