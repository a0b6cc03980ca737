/** Display helpers: money and time in the viewer's locale and zone. */
import { formatMoney, type Currency } from '@partystream/shared/currency';

export { viewerTimeZone } from './viewer-zone';

export function money(amountMinor: number, currency: string, locale?: string): string {
  return formatMoney(amountMinor, currency as Currency, locale);
}

/**
 * One Intl formatter per locale, zone and style, made on first use: making one costs far more than formatting with
 * it (a profile's calendar formats hundreds of times while a phone hydrates the page; issue 20).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Makes the formatters a public page uses first, so the locale data they load is loaded now (see main.tsx). */
export function warmIntl(locale: string): void {
  try {
    money(0, 'EUR', locale);
    timeIn(0, Intl.DateTimeFormat().resolvedOptions().timeZone, locale);
  } catch {
    // an unknown locale or zone fails later, where it is used, as it would have without this
  }
}

export function timeIn(iso: string | number, timeZone: string, locale?: string): string {
  return dateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

export function dateIn(iso: string | number, timeZone: string, locale?: string, style: 'long' | 'short' = 'long'): string {
  return dateTimeFormat(
    locale,
    style === 'long'
      ? { weekday: 'long', day: 'numeric', month: 'long', timeZone }
      : { weekday: 'short', day: 'numeric', month: 'short', timeZone },
  ).format(new Date(iso));
}

/** YYYY-MM-DD of an instant in a zone. */
export function isoDateIn(ms: number, timeZone: string): string {
  const p = dateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(new Date(ms));
  const get = (t: string) => p.find((x) => x.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const languageNames = new Map<string, Intl.DisplayNames>();
export function languageName(code: string, locale = 'en'): string {
  try {
    let names = languageNames.get(locale);
    if (!names) languageNames.set(locale, (names = new Intl.DisplayNames([locale], { type: 'language' })));
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

export function zoneAbbrev(timeZone: string, at = Date.now(), locale?: string): string {
  return (
    dateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(at))
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone
  );
}

/** A sensible display currency for the viewer, from their locale's region (estimates only). */
export function viewerCurrency(locale = navigator.language): string {
  const region = (locale.split('-')[1] ?? '').toUpperCase();
  const byRegion: Record<string, string> = {
    US: 'USD',
    GB: 'GBP',
    IN: 'INR',
    JP: 'JPY',
    BR: 'BRL',
    MX: 'MXN',
    CA: 'CAD',
    AU: 'AUD',
    CH: 'CHF',
    SE: 'SEK',
    NO: 'NOK',
    DK: 'DKK',
    PL: 'PLN',
    NG: 'NGN',
    ZA: 'ZAR',
    KE: 'KES',
    SG: 'SGD',
    NZ: 'NZD',
    NP: 'NPR',
  };
  return byRegion[region] ?? 'EUR';
}
