/**
 * Price of a booking, in integer minor units of the DJ's currency. Computed on the server only and frozen on
 * the booking together with the platform fee rate in force when it was requested.
 */
import type { Currency } from '@partystream/shared/money';
import type { Pricing } from '@partystream/shared/dj/dj.schemas';

export interface Price {
  totalMinor: number;
  feeMinor: number;
  djShareMinor: number;
  currency: Currency;
  feeBps: number;
}

export type PriceResult = { ok: true; price: Price } | { ok: false; reason: string };

export function computePrice(pricing: Pricing, currency: Currency, minutes: number, feeBps: number): PriceResult {
  let total: number;
  if (pricing.kind === 'hourly') {
    if (minutes < pricing.minHours * 60) return { ok: false, reason: `This DJ plays at least ${pricing.minHours} hours.` };
    if (minutes > pricing.maxHours * 60) return { ok: false, reason: `This DJ plays at most ${pricing.maxHours} hours.` };
    // Exact for 15-minute steps: rate × quarter-hours / 4, rounded half up once.
    total = Math.round((pricing.hourlyRateMinor * minutes) / 60);
  } else {
    if (minutes !== pricing.eventMinutes)
      return { ok: false, reason: `This DJ's set is ${pricing.eventMinutes / 60} hours long.` };
    total = pricing.eventPriceMinor;
  }
  const fee = Math.round((total * feeBps) / 10_000);
  return { ok: true, price: { totalMinor: total, feeMinor: fee, djShareMinor: total - fee, currency, feeBps } };
}

/** Splits a refund between the DJ's share and the platform fee in proportion, never more than either holds. */
export function splitRefund(price: Price, refundMinor: number): { fromDj: number; fromFee: number } {
  if (price.totalMinor === 0) return { fromDj: 0, fromFee: 0 };
  const fromFee = Math.min(price.feeMinor, Math.round((refundMinor * price.feeMinor) / price.totalMinor));
  return { fromDj: refundMinor - fromFee, fromFee };
}
