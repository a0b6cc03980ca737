/**
 * The one look of every PartyStream mail (issue 18): an MJML layout (so it holds up in Gmail, Outlook and phone
 * clients) and the plain-text part, both built from the same parts so they always say the same thing. Lifecycle
 * mails (render.ts) and account, money, licence and moderation notices (notices.ts) fill it in.
 */
import type { MailLocale } from './catalogue.ts';

export interface MailButton {
  href: string;
  label: string;
  primary?: boolean;
}

export interface MailParts {
  locale: MailLocale;
  subject: string;
  heading: string;
  greeting: string;
  /** Paragraphs of the body, before the facts. */
  paragraphs: string[];
  /** Label/value lines (times, amounts, a reason). */
  facts: [string, string][];
  buttons: MailButton[];
  /** A smaller line after the buttons (link lifetime, the attached .ics). */
  notes: string[];
  footer: string;
  why: string;
  unsubscribe?: { url: string; label: string };
  settings?: { url: string; label: string };
  /** The catalogue's ": " (French puts a space before the colon). */
  colon: string;
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const esc = escapeHtml;

/** The plain-text part: every button as "label: link", so the first link is the main one. */
export function textOf(p: MailParts): string {
  const c = p.colon;
  return [
    p.greeting,
    '',
    ...p.paragraphs.flatMap((x) => [x, '']),
    ...(p.facts.length ? [...p.facts.map(([a, b]) => `${a}${c}${b}`), ''] : []),
    ...p.buttons.map((b) => `${b.label}${c}${b.href}`),
    ...(p.notes.length ? ['', ...p.notes] : []),
    '',
    '—',
    p.footer,
    p.why,
    ...(p.unsubscribe ? [`${p.unsubscribe.label}${c}${p.unsubscribe.url}`] : []),
    ...(p.settings ? [`${p.settings.label}${c}${p.settings.url}`] : []),
  ].join('\n');
}

/** The HTML part, rendered by MJML (strict validation: a broken template throws instead of mailing junk). */
export async function htmlOf(p: MailParts): Promise<string> {
  const button = (b: MailButton) =>
    `<mj-button href="${esc(b.href)}" background-color="${b.primary !== false ? '#b0189a' : '#ffffff'}" color="${b.primary !== false ? '#ffffff' : '#b0189a'}" border="2px solid #b0189a" border-radius="8px" font-weight="700" align="left">${esc(b.label)}</mj-button>`;
  const facts = p.facts.length
    ? `<mj-table font-size="15px" color="#1a1530">${p.facts
        .map(
          ([a, b]) =>
            `<tr><td style="padding:4px 12px 4px 0;color:#6b6385;vertical-align:top">${esc(a)}</td><td style="padding:4px 0">${esc(b)}</td></tr>`,
        )
        .join('')}</mj-table>`
    : '';
  const source = `<mjml lang="${p.locale}">
  <mj-head>
    <mj-title>${esc(p.subject)}</mj-title>
    <mj-preview>${esc(p.paragraphs[0] ?? p.heading)}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#1a1530" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f1fb">
    <mj-section padding="16px 0 8px"><mj-column><mj-text font-size="20px" font-weight="700" color="#b0189a">PartyStream</mj-text></mj-column></mj-section>
    <mj-section background-color="#ffffff" border-radius="12px" padding="16px 8px">
      <mj-column>
        <mj-text font-size="22px" font-weight="700" line-height="1.3">${esc(p.heading)}</mj-text>
        <mj-text>${esc(p.greeting)}</mj-text>
        ${p.paragraphs.map((x) => `<mj-text>${esc(x)}</mj-text>`).join('')}
        ${facts}
        ${p.buttons.map(button).join('')}
        ${p.notes.map((n) => `<mj-text font-size="14px" color="#6b6385">${esc(n)}</mj-text>`).join('')}
      </mj-column>
    </mj-section>
    <mj-section padding="8px 0 24px">
      <mj-column>
        <mj-text font-size="12px" color="#6b6385">${esc(p.footer)}<br />${esc(p.why)}${
          p.unsubscribe ? `<br /><a href="${esc(p.unsubscribe.url)}" style="color:#6b6385">${esc(p.unsubscribe.label)}</a>` : ''
        }${p.settings ? ` · <a href="${esc(p.settings.url)}" style="color:#6b6385">${esc(p.settings.label)}</a>` : ''}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
  // No web-font imports: MJML would add a Google Fonts <link> for "Roboto" in the stack (a tracking request per open).
  // Loaded on the first mail (MJML and its CSS inliner are ~400 modules a process without mail never needs).
  const { default: mjml2html } = await import('mjml');
  const out = await mjml2html(source, { validationLevel: 'strict', fonts: {} });
  if (out.errors?.length) throw new Error(`mail "${p.subject}": ${out.errors.map((e) => e.formattedMessage).join('; ')}`);
  return out.html;
}

/** RFC 8058 one-click unsubscribe headers, for non-essential mail. */
export function unsubscribeHeaders(url: string | undefined): Record<string, string> {
  return url ? { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
}

/** "Friday, 4 December 2026 at 20:00 (CET)" in the locale and zone. */
export function longWhen(iso: string, locale: MailLocale, timeZone: string): string {
  return (
    new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso)) +
    ` (${zoneName(iso, locale, timeZone)})`
  );
}
export function zoneName(iso: string, locale: MailLocale, timeZone: string): string {
  return (
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}
/** A calendar date ("4 December 2026"), not moved by any zone. */
export function longDate(isoDate: string, locale: MailLocale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}
