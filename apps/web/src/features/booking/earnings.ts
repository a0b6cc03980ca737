/**
 * A DJ's earnings by month for the dashboard chart (issue 20): their share of each paid party, bucketed by the
 * party's month in the viewer's zone, split into paid out and still to come; the last `months` months up to and
 * including the one holding `nowMs`, plus every later month with a booked party. One currency per series.
 */
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { isPaidOut } from '@partystream/shared/booking/booking.process';
import { isPaid } from '@partystream/shared/booking/booking.states';

export interface MonthEarnings {
  /** YYYY-MM in the viewer's zone. */
  month: string;
  paidMinor: number;
  pendingMinor: number;
}

const monthOf = (ms: number, tz: string) => {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit' }).formatToParts(ms);
  return `${p.find((x) => x.type === 'year')!.value}-${p.find((x) => x.type === 'month')!.value}`;
};

const addMonths = (ym: string, n: number) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};

/** Earnings per currency, each a list of consecutive months (empty months included, so the chart has no gaps). */
export function monthlyEarnings(bookings: Booking[], tz: string, nowMs: number, months = 6): Map<string, MonthEarnings[]> {
  const out = new Map<string, MonthEarnings[]>();
  const current = monthOf(nowMs, tz);
  const first = addMonths(current, -(months - 1));
  const byCurrency = new Map<string, Map<string, MonthEarnings>>();
  for (const b of bookings) {
    if (!isPaid(b.state)) continue;
    const month = monthOf(Date.parse(b.startsAt), tz);
    if (month < first) continue;
    const m = byCurrency.get(b.price.currency) ?? new Map<string, MonthEarnings>();
    byCurrency.set(b.price.currency, m);
    const e = m.get(month) ?? { month, paidMinor: 0, pendingMinor: 0 };
    const share = b.price.djShareMinor - Math.min(b.refundedMinor, b.price.djShareMinor);
    if (isPaidOut(b.state)) e.paidMinor += share;
    else e.pendingMinor += share;
    m.set(month, e);
  }
  for (const [currency, m] of byCurrency) {
    const last = [...m.keys(), current].sort().at(-1)!;
    const series: MonthEarnings[] = [];
    for (let ym = first; ym <= last; ym = addMonths(ym, 1))
      series.push(m.get(ym) ?? { month: ym, paidMinor: 0, pendingMinor: 0 });
    out.set(currency, series);
  }
  return out;
}
