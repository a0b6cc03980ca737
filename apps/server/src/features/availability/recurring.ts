/**
 * Recurring blocks ("every first Friday, 18:00–02:00"): an RFC 5545 RRULE expanded with the `rrule` library in
 * floating time — the rule runs over local calendar dates (as if UTC), and each date is then placed in the DJ's
 * zone with Luxon, so an evening stays 18:00 local on both sides of a DST change.
 */
import { DateTime } from 'luxon';
import rrulePkg from 'rrule';
import { AppError } from '../../errors.ts';
import type { Interval } from './slots.ts';

const { RRule } = rrulePkg;

export interface RecurringRule {
  id: string;
  rrule: string;
  /** YYYY-MM-DD in the DJ's zone. */
  startDate: string;
  /** HH:MM local. */
  startTime: string;
  endTime: string;
}

const KEYS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
  'BYWEEKNO',
  'BYYEARDAY',
]);
const DAY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;
const NUMS = /^[+-]?\d{1,3}(,[+-]?\d{1,3})*$/;

/** Throws 400 VALIDATION_FAILED naming `rrule` unless it is a rule this feature expands (at most daily). */
export function assertValidRRule(rule: string): void {
  const bad = (message: string) => new AppError('VALIDATION_FAILED', { detail: message, errors: [{ path: 'rrule', message }] });
  for (const part of rule.split(';')) {
    const [k, v] = part.split('=');
    if (!k || !v || !KEYS.has(k)) throw bad(`Unknown RRULE part "${part}".`);
    if (k === 'BYDAY' && !v.split(',').every((d) => DAY.test(d))) throw bad(`BYDAY "${v}" is not like 1FR or MO,WE.`);
    if (['INTERVAL', 'COUNT', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'BYWEEKNO', 'BYYEARDAY'].includes(k) && !NUMS.test(v))
      throw bad(`${k} must be a number list.`);
    if (k === 'UNTIL' && !/^\d{8}(T\d{6}Z?)?$/.test(v)) throw bad('UNTIL must look like 20271231.');
  }
  try {
    const o = RRule.parseString(rule);
    new RRule({ ...o, dtstart: new Date(Date.UTC(2026, 0, 1)) }).after(new Date(Date.UTC(2026, 0, 1)), true);
  } catch {
    throw bad('This RRULE cannot be read.');
  }
}

const floating = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Occurrences of `r` overlapping [from, to) as UTC instants. */
export function expandRecurring(r: RecurringRule, timeZone: string, from: number, to: number): Interval[] {
  const o = RRule.parseString(r.rrule);
  const rule = new RRule({ ...o, dtstart: floating(r.startDate) });
  // Local dates around the window (a day either side: the zone's offset and overnight ends).
  const a = DateTime.fromMillis(from, { zone: timeZone }).minus({ days: 2 }).toISODate()!;
  const b = DateTime.fromMillis(to, { zone: timeZone }).plus({ days: 1 }).toISODate()!;
  const out: Interval[] = [];
  const [sh, sm] = r.startTime.split(':').map(Number) as [number, number];
  const [eh, em] = r.endTime.split(':').map(Number) as [number, number];
  const overnight = eh * 60 + em <= sh * 60 + sm;
  for (const d of rule.between(floating(a), floating(b), true)) {
    const day = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    const start = DateTime.fromObject({ ...day, hour: sh, minute: sm }, { zone: timeZone });
    const end = DateTime.fromObject({ ...day, hour: eh, minute: em }, { zone: timeZone }).plus({ days: overnight ? 1 : 0 });
    const s = start.toMillis();
    const e = end.toMillis();
    if (e > from && s < to && e > s) out.push({ start: s, end: e });
  }
  return out;
}
