/**
 * Currencies and the money helpers the pages need (issue 20): the same table and functions as money.ts, without
 * zod, so a public page that shows prices does not download and evaluate the validation library. money.ts
 * re-exports all of this with the schemas.
 */
/** Supported currencies and their minor-unit exponent (ISO 4217). */
export const CURRENCIES = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CAD: 2,
  AUD: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  JPY: 0,
  INR: 2,
  BRL: 2,
  MXN: 2,
  ZAR: 2,
  NGN: 2,
  NPR: 2,
  KES: 2,
  SGD: 2,
  NZD: 2,
} as const;
export type Currency = keyof typeof CURRENCIES;
/** Units of each currency per 1 EUR (reference table dated below; for estimates only). */
export const EUR_RATES: Record<Currency, number> = {
  EUR: 1,
  USD: 1.08,
  GBP: 0.85,
  CAD: 1.48,
  AUD: 1.65,
  CHF: 0.95,
  SEK: 11.4,
  NOK: 11.6,
  DKK: 7.46,
  PLN: 4.3,
  JPY: 162,
  INR: 90,
  BRL: 5.9,
  MXN: 19.6,
  ZAR: 20.1,
  NGN: 1650,
  NPR: 144,
  KES: 140,
  SGD: 1.45,
  NZD: 1.8,
};
export const RATES_DATE = '2026-11-01';

/** Converts an amount in minor units between currencies (rounded to the nearest minor unit of `to`). */
export function convertMinor(amountMinor: number, from: Currency, to: Currency): number {
  if (from === to) return amountMinor;
  const major = amountMinor / 10 ** CURRENCIES[from];
  const inTo = (major / EUR_RATES[from]) * EUR_RATES[to];
  return Math.round(inTo * 10 ** CURRENCIES[to]);
}

const formats = new Map<string, Intl.NumberFormat>();
/** Formats minor units for people, in their locale (e.g. "€1,250.00", "¥12,000"). Formatters are made once each. */
export function formatMoney(amountMinor: number, currency: Currency, locale = 'en'): string {
  const key = `${locale}|${currency}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency })));
  return f.format(amountMinor / 10 ** CURRENCIES[currency]);
}
