import type { CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import { addDays, weekdayOf, zonedInstant } from '../zoned';

export type Range = { start: string; end: string };
export type Toast = { text: string; undo?: () => Promise<unknown> };
export type Mode = 'month' | 'week';
export type RangeSel = { a: string; b: string; dragging: boolean };
export type FmtDay = (date: string, opts: Intl.DateTimeFormatOptions) => string;

export const HOUR_PX = 22;

/** Monday on or before `date`. */
export const mondayOf = (date: string) => addDays(date, 1 - weekdayOf(date));

/** The day's working hours: its override if any, else the weekly ranges of its weekday. */
export function hoursOf(cal: CalendarView, date: string): { ranges: Range[]; overridden: boolean } {
  const o = cal.overrides.find((x) => x.date === date);
  if (o) return { ranges: o.ranges, overridden: true };
  return {
    ranges: cal.weekly.filter((w) => w.weekday === weekdayOf(date)).map(({ start, end }) => ({ start, end })),
    overridden: false,
  };
}

/** [start, end) instants of a local range on `date` (an end at or before the start is the next day). */
export function instantsOf(date: string, r: Range, tz: string): [number, number] {
  return [zonedInstant(date, r.start, tz), zonedInstant(r.end <= r.start ? addDays(date, 1) : date, r.end, tz)];
}

export const overlaps = (s: number, e: number, x: { startsAt: string; endsAt: string }) =>
  Date.parse(x.startsAt) < e && s < Date.parse(x.endsAt);

/** "Every Friday", "Every 1st Friday of the month", else the rule itself. */
export function describeRule(rrule: string, t: (k: string, o?: Record<string, unknown>) => string, lang: string): string {
  const m = /^FREQ=(WEEKLY|MONTHLY);BYDAY=([1-5]?)(MO|TU|WE|TH|FR|SA|SU)$/.exec(rrule);
  if (!m) return rrule;
  const idx = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(m[3]!);
  const day = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 5 + idx, 12)),
  );
  return m[1] === 'WEEKLY'
    ? t('calendar.everyWeekday', { day })
    : t('calendar.everyNth', { day, ordinal: t(`calendar.ordinal.${m[2]}`) });
}
