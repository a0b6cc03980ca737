/**
 * A DJ's availability contract: weekly hours (local times in the DJ's zone; overnight sets run past midnight), date
 * overrides, blocked periods, and the open-slots query a host's page asks.
 */
import { z } from 'zod';
import { HhmmSchema, IsoDateSchema } from '../input.ts';
import { TimeZoneSchema } from '../dj/dj.schemas.ts';

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A local time range; `end` at or before `start` means it ends the next day (overnight sets). */
export const TimeRangeSchema = z
  .object({ start: HhmmSchema, end: HhmmSchema })
  .refine((r) => r.start !== r.end, { message: 'A range cannot start and end at the same time.', path: ['end'] });

export const WeeklyRangeSchema = TimeRangeSchema.and(
  z.object({
    weekday: z.number().int().min(1, 'Weekday is 1 (Monday) to 7 (Sunday).').max(7, 'Weekday is 1 (Monday) to 7 (Sunday).'),
  }),
);
export type WeeklyRange = z.infer<typeof WeeklyRangeSchema>;

/** Half-open minute interval within the week [0, 7·1440), overnight ranges spilling into the next day. */
export function weekInterval(r: WeeklyRange): [number, number] {
  const s = (r.weekday - 1) * 1440 + minutesOf(r.start);
  let e = (r.weekday - 1) * 1440 + minutesOf(r.end);
  if (e <= s) e += 1440;
  return [s, e];
}

export function findWeeklyOverlap(ranges: WeeklyRange[]): [number, number] | null {
  const WEEK = 7 * 1440;
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const [a0, a1] = weekInterval(ranges[i]!);
      const [b0, b1] = weekInterval(ranges[j]!);
      // Compare with b shifted by a week both ways (a Sunday overnight range reaches into Monday).
      for (const k of [-WEEK, 0, WEEK]) if (a0 < b1 + k && b0 + k < a1) return [i, j];
    }
  }
  return null;
}

export const WeeklyHoursInputSchema = z.object({ ranges: z.array(WeeklyRangeSchema).max(50) }).superRefine((v, ctx) => {
  const o = findWeeklyOverlap(v.ranges);
  if (o) ctx.addIssue({ code: 'custom', path: ['ranges', o[1]], message: `This range overlaps range ${o[0] + 1}.` });
});
export type WeeklyHoursInput = z.infer<typeof WeeklyHoursInputSchema>;

const IsoDate = IsoDateSchema;
const Instant = z.iso.datetime({ offset: true, error: 'Use an ISO 8601 date-time with offset, e.g. 2026-12-24T18:00:00+01:00.' });

export const DateOverrideInputSchema = z.object({
  date: IsoDate,
  /** Empty: unavailable all day. Otherwise these ranges replace the weekly hours for that date. */
  ranges: z.array(TimeRangeSchema).max(10),
});
export type DateOverrideInput = z.infer<typeof DateOverrideInputSchema>;

export const BlockedPeriodInputSchema = z
  .object({ startsAt: Instant, endsAt: Instant, reason: z.string().trim().max(120).optional() })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { path: ['endsAt'], message: 'The end must be after the start.' })
  .refine((b) => Date.parse(b.endsAt) - Date.parse(b.startsAt) <= 366 * 86_400_000, {
    path: ['endsAt'],
    message: 'Block at most a year at a time.',
  });
export type BlockedPeriodInput = z.infer<typeof BlockedPeriodInputSchema>;

export const SlotsQuerySchema = z
  .object({
    from: IsoDate,
    to: IsoDate,
    /** The viewer's zone: `from`/`to` are dates there. */
    tz: TimeZoneSchema.default('UTC'),
  })
  .refine((q) => q.to >= q.from, { path: ['to'], message: '`to` must not be before `from`.' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000, {
    path: ['to'],
    message: 'Ask for at most 62 days at a time.',
  });

export const OpenWindowSchema = z.object({ startsAt: z.string(), endsAt: z.string() });
export type OpenWindow = z.infer<typeof OpenWindowSchema>;
