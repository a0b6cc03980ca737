/**
 * Pure availability maths: a DJ's weekly hours (local times in the DJ's IANA zone), date overrides, blocked
 * periods and busy ranges (bookings, already widened by the buffer) → open windows as UTC instants.
 *
 * Local times are turned into instants by Luxon in the DJ's zone, day by day, so daylight-saving changes come
 * out right: an overnight 20:00–04:00 set across the spring-forward night lasts 7 hours, across the fall-back
 * night 9. A local start that does not exist (inside the spring-forward gap) moves forward to the first valid
 * minute, as Luxon does.
 */
import { DateTime } from 'luxon';
import { minutesOf, type WeeklyRange } from '@partystream/shared/availability/availability.schemas';

export interface Interval {
  start: number; // epoch ms, inclusive
  end: number; // epoch ms, exclusive
}

export interface AvailabilityPlan {
  timeZone: string;
  weekly: WeeklyRange[];
  /** Local date (YYYY-MM-DD) → ranges replacing that day's weekly hours ([] = closed). */
  overrides: Map<string, { start: string; end: string }[]>;
  blocked: Interval[];
  minNoticeMinutes: number;
  maxAdvanceDays: number;
}

/** Merges overlapping or touching intervals; result sorted. */
export function union(xs: Interval[]): Interval[] {
  const sorted = xs.filter((x) => x.end > x.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ ...x });
  }
  return out;
}

/** `a` minus every interval of `b`. */
export function subtract(a: Interval[], b: Interval[]): Interval[] {
  const cuts = union(b);
  const out: Interval[] = [];
  for (const x of union(a)) {
    let cur = x.start;
    for (const c of cuts) {
      if (c.end <= cur || c.start >= x.end) continue;
      if (c.start > cur) out.push({ start: cur, end: c.start });
      cur = Math.max(cur, c.end);
      if (cur >= x.end) break;
    }
    if (cur < x.end) out.push({ start: cur, end: x.end });
  }
  return out;
}

/** A calendar date (no zone): the local day whose hours are being placed. */
interface CalendarDay {
  year: number;
  month: number;
  day: number;
}
/** Calendar arithmetic only (days and weekdays of the Gregorian calendar); instants always come from Luxon. */
const dayAfter = (d: CalendarDay, n = 1): CalendarDay => {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
};
const isoWeekday = (d: CalendarDay) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() || 7;
const isoDate = (d: CalendarDay) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

function localRange(date: CalendarDay, start: string, end: string, zone: string): Interval {
  const s = DateTime.fromObject({ ...date, hour: 0, minute: 0 }, { zone });
  const startAt = s.set({ hour: Math.floor(minutesOf(start) / 60), minute: minutesOf(start) % 60 });
  const crosses = minutesOf(end) <= minutesOf(start);
  const endDay = crosses ? dayAfter(date) : date;
  const endAt = DateTime.fromObject({ ...endDay, hour: Math.floor(minutesOf(end) / 60), minute: minutesOf(end) % 60 }, { zone });
  return { start: startAt.toMillis(), end: endAt.toMillis() };
}

/** The DJ's working hours between two instants, before anything is taken away. */
export function workingIntervals(plan: AvailabilityPlan, from: number, to: number): Interval[] {
  const zone = plan.timeZone;
  // Start a day early: an overnight range from the previous local day reaches into `from`.
  const first = DateTime.fromMillis(from, { zone });
  const last = DateTime.fromMillis(to, { zone });
  const lastKey = isoDate(last);
  const byWeekday = new Map<number, WeeklyRange[]>();
  for (const r of plan.weekly) byWeekday.set(r.weekday, [...(byWeekday.get(r.weekday) ?? []), r]);
  const out: Interval[] = [];
  for (let day = dayAfter(first, -1); isoDate(day) <= lastKey; day = dayAfter(day)) {
    const ranges = plan.overrides.get(isoDate(day)) ?? byWeekday.get(isoWeekday(day)) ?? [];
    for (const r of ranges) out.push(localRange(day, r.start, r.end, zone));
  }
  return union(out)
    .map((x) => ({ start: Math.max(x.start, from), end: Math.min(x.end, to) }))
    .filter((x) => x.end > x.start);
}

/**
 * Open windows between `from` and `to`: working hours minus blocked periods minus busy ranges, clipped to
 * [now + minimum notice, now + max advance].
 */
export function openWindows(plan: AvailabilityPlan, busy: Interval[], from: number, to: number, now: number): Interval[] {
  const lo = Math.max(from, now + plan.minNoticeMinutes * 60_000);
  const hi = Math.min(to, now + plan.maxAdvanceDays * 86_400_000);
  if (hi <= lo) return [];
  return subtract(workingIntervals(plan, lo, hi), [...plan.blocked, ...busy]);
}

/**
 * What the search index stores: working hours minus blocked periods between two instants, with no notice or
 * horizon cut and no bookings (search applies those in SQL at query time, since they change all the time).
 */
export function indexWindows(plan: AvailabilityPlan, from: number, to: number): Interval[] {
  return subtract(workingIntervals(plan, from, to), plan.blocked);
}

/** True when [start, end) lies inside one open window. */
export function isBookable(plan: AvailabilityPlan, busy: Interval[], start: number, end: number, now: number): boolean {
  return openWindows(plan, busy, start, end, now).some((w) => w.start <= start && w.end >= end);
}

/** Why a range is not bookable, for a clear 4xx. */
export function whyNotBookable(plan: AvailabilityPlan, busy: Interval[], start: number, end: number, now: number): string | null {
  if (start < now + plan.minNoticeMinutes * 60_000)
    return start < now
      ? 'That time is in the past.'
      : `This DJ needs at least ${Math.round(plan.minNoticeMinutes / 60)} hours' notice.`;
  if (end > now + plan.maxAdvanceDays * 86_400_000) return `This DJ takes bookings at most ${plan.maxAdvanceDays} days ahead.`;
  const working = workingIntervals(plan, start, end);
  if (!working.some((w) => w.start <= start && w.end >= end)) return 'That time is outside the DJ’s available hours.';
  if (subtract(working, plan.blocked).every((w) => !(w.start <= start && w.end >= end))) return 'The DJ is unavailable then.';
  if (!isBookable(plan, busy, start, end, now)) return 'That time is already booked.';
  return null;
}
