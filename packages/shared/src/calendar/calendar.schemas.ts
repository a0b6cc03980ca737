/**
 * The DJ's calendar (issue 18): one read of everything that shapes their time — weekly hours, date overrides,
 * blocked periods (by hand, recurring, imported from another calendar), bookings by state and payment holds —
 * plus the inputs to edit it. Recurring blocks are stored as an RFC 5545 RRULE (without DTSTART: the local
 * start date and times come alongside, in the DJ's zone) and expanded by the server.
 */
import { z } from 'zod';
import { HhmmSchema } from '../input.ts';
import { BOOKING_STATES } from '../booking/booking.states.ts';
import { TimeRangeSchema, WeeklyRangeSchema } from '../availability/availability.schemas.ts';

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.')
  // A round trip, not just Date.parse: V8 rolls 2026-02-30 over to 2 March, Postgres refuses it (issue 17).
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'Not a real date.',
  );

export const CalendarQuerySchema = z
  .object({ from: IsoDate, to: IsoDate })
  .refine((q) => q.to >= q.from, { path: ['to'], message: '`to` must not be before `from`.' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86_400_000, {
    path: ['to'],
    message: 'Ask for at most 62 days at a time.',
  });
export type CalendarQuery = z.infer<typeof CalendarQuerySchema>;

/** Where a blocked period comes from: the DJ's own block, an occurrence of a recurring block, or another calendar. */
export const BLOCK_SOURCES = ['manual', 'recurring', 'import'] as const;
export type BlockSource = (typeof BLOCK_SOURCES)[number];

export const CalendarBlockSchema = z.object({
  /** Manual: the blocked period's id. Recurring: `<rule id>:<occurrence start ISO>`. Import: the imported row's id. */
  id: z.string(),
  source: z.enum(BLOCK_SOURCES),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string().nullable(),
  recurringBlockId: z.string().nullable(),
  calendarSourceId: z.string().nullable(),
});
export type CalendarBlock = z.infer<typeof CalendarBlockSchema>;

export const CalendarBookingSchema = z.object({
  id: z.string(),
  state: z.enum(BOOKING_STATES),
  /** True for a payment hold (the slot is held while the host pays); false for a booking proper. */
  isHold: z.boolean(),
  startsAt: z.string(),
  endsAt: z.string(),
  hostName: z.string(),
});
export type CalendarBooking = z.infer<typeof CalendarBookingSchema>;

/**
 * RRULE body as RFC 5545 writes it, e.g. `FREQ=MONTHLY;BYDAY=1FR` ("every first Friday"); no DTSTART (the
 * start date and local times are their own fields). The server checks it parses and that it ends or repeats at
 * most daily.
 */
export const RRuleSchema = z
  .string()
  .trim()
  .toUpperCase()
  .max(300)
  .regex(/^(RRULE:)?FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$/, 'Use an RRULE such as FREQ=MONTHLY;BYDAY=1FR.')
  .transform((s) => s.replace(/^RRULE:/, ''));

export const RecurringBlockInputSchema = z.object({
  rrule: RRuleSchema,
  /** First day the rule may fire (a date in the DJ's zone). */
  startDate: IsoDate,
  /** Local times in the DJ's zone; an end at or before the start runs past midnight. */
  start: HhmmSchema,
  end: HhmmSchema,
  reason: z.string().trim().max(120).optional(),
});
export type RecurringBlockInput = z.infer<typeof RecurringBlockInputSchema>;

export const RecurringBlockSchema = z.object({
  id: z.string(),
  rrule: z.string(),
  startDate: z.string(),
  start: z.string(),
  end: z.string(),
  reason: z.string().nullable(),
});
export type RecurringBlock = z.infer<typeof RecurringBlockSchema>;

export const CalendarViewSchema = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  weekly: z.array(WeeklyRangeSchema),
  overrides: z.array(z.object({ date: z.string(), ranges: z.array(TimeRangeSchema) })),
  blocks: z.array(CalendarBlockSchema),
  recurring: z.array(RecurringBlockSchema),
  bookings: z.array(CalendarBookingSchema),
});
export type CalendarView = z.infer<typeof CalendarViewSchema>;

// ---- other calendars (ICS import) and the party feed -----------------------------------------------------

export const CalendarSourceInputSchema = z.object({
  /** A private ICS address (Google "secret address in iCal format", Apple public calendar, Outlook ICS link). */
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => /^(https?|webcal):\/\/[^\s]+$/i.test(u) && URL.canParse(u.replace(/^webcal:/i, 'https:')), {
      message: 'Paste the calendar’s ICS address (https:// or webcal://).',
    }),
  label: z.string().trim().max(60).optional(),
});
export type CalendarSourceInput = z.infer<typeof CalendarSourceInputSchema>;

export const CalendarSourceSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The address with its secret part hidden (host and the last characters). */
  urlHint: z.string(),
  lastSyncedAt: z.string().nullable(),
  /** Why the last refresh failed (kept until one succeeds); the previous import stays in place. */
  lastError: z.string().nullable(),
  nextSyncAt: z.string().nullable(),
  busyCount: z.number().int(),
});
export type CalendarSource = z.infer<typeof CalendarSourceSchema>;

export const CalendarFeedSchema = z.object({
  /** Subscribe to this from any calendar app; null when no feed is on. */
  url: z.string().nullable(),
});
export type CalendarFeed = z.infer<typeof CalendarFeedSchema>;
