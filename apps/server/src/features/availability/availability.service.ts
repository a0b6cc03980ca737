/**
 * Availability: the DJ edits weekly hours, date overrides and blocked periods; anyone reads open windows;
 * the booking feature asks `assertSlotBookable` inside its transaction. Bookings are not known here: the
 * booking side is asked through `busyRanges` (injected in deps.ts) so the dependency points one way.
 */
import { DateTime } from 'luxon';
import type {
  BlockedPeriodInput,
  DateOverrideInput,
  OpenWindow,
  WeeklyHoursInput,
  WeeklyRange,
} from '@partystream/shared/availability/availability.schemas';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { SLOT_HOLDING_STATES } from '@partystream/shared/booking/booking.states';
import { isAwaitingAnswer, isAwaitingPayment } from '@partystream/shared/booking/booking.process';
import type { CalendarQuery, CalendarView, RecurringBlockInput } from '@partystream/shared/calendar/calendar.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import * as repo from './availability.repo.ts';
import { createCalendarSources } from './calendar-sources.ts';
import { calendarView } from './calendar-view.ts';
import { expandAll, plansOf } from './plans.ts';
import { assertValidRRule, expandRecurring } from './recurring.ts';
import { createSearchIndex } from './search-index.ts';
import { openWindows, whyNotBookable, type AvailabilityPlan, type Interval } from './slots.ts';

export type BusyRanges = (djProfileId: string, from: Date, to: Date, q: Queryable) => Promise<Interval[]>;
/** Busy ranges of many DJs at once, by DJ id (for search). */
export type BusyRangesMany = (djProfileIds: string[], from: Date, to: Date, q: Queryable) => Promise<Map<string, Interval[]>>;

export type { BusyMultirangeSql } from './availability.repo.ts';
/** The DJ's bookings (every state), read through the booking service. */
export type BookingsOf = (userId: string) => Promise<Booking[]>;

const DAY = 86_400_000;

export interface AvailabilityServiceDeps {
  db: Db;
  clock: Clock;
  /** The DJ profile id of a DJ user, or throws (DJ must have a profile first). */
  requireOwnProfileId(userId: string): Promise<string>;
  onChanged?(djProfileId: string): void;
  /** Let calendar imports read private addresses (development and tests serve ICS files from 127.0.0.1). */
  icsAllowPrivate?: boolean;
}

export function createAvailabilityService(d: AvailabilityServiceDeps) {
  let busyRanges: BusyRanges = async () => [];
  let busyRangesMany: BusyRangesMany = async () => new Map();
  let busyMultirange: repo.BusyMultirangeSql = repo.noBusyRanges;
  let bookingsOf: BookingsOf = async () => [];

  const when = (start: Date, end: Date, zone: string) => {
    const a = DateTime.fromJSDate(start, { zone });
    const b = DateTime.fromJSDate(end, { zone });
    const sameDay = a.toISODate() === b.toISODate();
    return `${a.toFormat('ccc d LLL yyyy HH:mm')}–${b.toFormat(sameDay ? 'HH:mm' : 'ccc d LLL HH:mm')} (${zone})`;
  };

  /** Throws AVAILABILITY_BLOCK_HAS_BOOKING naming the first slot-holding booking inside any of `ranges`. */
  async function assertNoBookingIn(userId: string, ranges: Interval[], zone: string): Promise<void> {
    if (!ranges.length) return;
    const bookings = (await bookingsOf(userId)).filter((b) => SLOT_HOLDING_STATES.includes(b.state));
    for (const b of bookings) {
      const s = Date.parse(b.startsAt);
      const e = Date.parse(b.endsAt);
      if (ranges.some((r) => r.start < e && s < r.end)) {
        const kind = isAwaitingPayment(b.state)
          ? 'payment hold'
          : isAwaitingAnswer(b.state)
            ? 'booking request'
            : 'confirmed booking';
        throw new AppError('AVAILABILITY_BLOCK_HAS_BOOKING', {
          detail: `That time holds the ${kind} with ${b.hostName} on ${when(new Date(s), new Date(e), zone)} (booking ${b.id}). Cancel that booking first or block around it.`,
          meta: { bookingId: b.id },
        });
      }
    }
  }

  async function loadPlan(
    q: Queryable,
    djProfileId: string,
    from: number,
    to: number,
  ): Promise<{ plan: AvailabilityPlan; bufferMinutes: number }> {
    const s = await repo.findPlanSettings(q, djProfileId);
    if (!s) throw new AppError('NOT_FOUND', { detail: 'No such DJ.' });
    const pad = 2 * 86_400_000;
    const fromDate = DateTime.fromMillis(from - pad, { zone: s.timeZone }).toISODate()!;
    const toDate = DateTime.fromMillis(to + pad, { zone: s.timeZone }).toISODate()!;
    // Sequential on purpose: `q` may be a transaction, and one connection runs one query at a time.
    const weekly = await repo.listWeekly(q, djProfileId);
    const overrides = await repo.listOverrides(q, djProfileId, fromDate, toDate);
    const blocked = await repo.listBlocked(q, djProfileId, new Date(from - pad), new Date(to + pad));
    const imported = await repo.listImportedBusy(q, djProfileId, new Date(from - pad), new Date(to + pad));
    const recurring = await repo.listRecurring(q, djProfileId);
    return {
      bufferMinutes: s.bufferMinutes,
      plan: {
        timeZone: s.timeZone,
        weekly,
        overrides: new Map(overrides.map((o) => [o.date, o.ranges])),
        blocked: [
          ...[...blocked, ...imported].map((b) => ({ start: b.startsAt.getTime(), end: b.endsAt.getTime() })),
          ...expandAll(recurring, s.timeZone, from - pad, to + pad),
        ],
        minNoticeMinutes: s.minNoticeMinutes,
        maxAdvanceDays: s.maxAdvanceDays,
      },
    };
  }

  /** Bookings widened by the DJ's buffer on both sides. */
  async function busy(q: Queryable, djProfileId: string, from: number, to: number, bufferMinutes: number): Promise<Interval[]> {
    const pad = bufferMinutes * 60_000;
    const ranges = await busyRanges(djProfileId, new Date(from - pad - 86_400_000), new Date(to + pad + 86_400_000), q);
    return ranges.map((r) => ({ start: r.start - pad, end: r.end + pad }));
  }

  const changed = (id: string) => d.onChanged?.(id);

  /** An availability edit and its index rewrite commit together. */
  async function editing<T>(id: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const out = await d.db.transaction(async (tx) => {
      const r = await fn(tx);
      await repo.lockIndex(tx, id);
      await index.reindex([id], tx);
      return r;
    });
    changed(id);
    return out;
  }

  const sources = createCalendarSources({ ...d, editing });
  const index = createSearchIndex(d);

  const self = {
    /** Wired by deps.ts: the DJ's bookings through the booking service's public read (for the calendar and block checks). */
    setBookingsOf(fn: BookingsOf) {
      bookingsOf = fn;
    },

    /** Wired by deps.ts once the booking feature exists. */
    setBusyRanges(one: BusyRanges, many: BusyRangesMany, multirange: repo.BusyMultirangeSql) {
      busyRanges = one;
      busyRangesMany = many;
      busyMultirange = multirange;
    },

    /** Calendar refreshes, and the search index's daily roll (search-index.ts). */
    jobs: [sources.job, index.job],
    scheduleIndexRoll: () => index.scheduleRoll(d.clock.now()),

    reindexOne: index.reindexOne,
    indexCovers: index.indexCovers,
    ensureIndexed: index.ensureIndexed,

    /**
     * WHERE fragment for search: the outer dj_profiles row has an open window overlapping [from, to) once its
     * minimum notice, booking horizon and bookings (widened by its buffer) are applied — the same rule as
     * openWindows(), evaluated in Postgres over the index.
     */
    availableSql(from: number, to: number) {
      return repo.availableSql(new Date(from), new Date(to), d.clock.now(), busyMultirange);
    },

    /** The next open instant of the outer dj_profiles row in [from, to), from the index (search cards). */
    nextOpenSql(from: number, to: number) {
      return repo.nextOpenSql(new Date(from), new Date(to), d.clock.now(), busyMultirange);
    },

    /**
     * Open windows of many DJs between two instants, loaded in a handful of queries (search cards, the
     * "available on" filter). Same maths as openIntervals.
     */
    async openIntervalsMany(ids: string[], from: number, to: number, q: Queryable = d.db): Promise<Map<string, Interval[]>> {
      const pad = 86_400_000;
      const b = await repo.loadPlansBatch(q, ids, new Date(from - pad), new Date(to + pad));
      const plans = plansOf(b, from - pad, to + pad);
      const busyAll = await busyRangesMany(ids, new Date(from - 2 * pad), new Date(to + 2 * pad), q);
      const now = d.clock.now().getTime();
      const out = new Map<string, Interval[]>();
      for (const { settings: s, plan } of plans) {
        const bufferMs = s.bufferMinutes * 60_000;
        const busy = (busyAll.get(s.id) ?? []).map((r) => ({ start: r.start - bufferMs, end: r.end + bufferMs }));
        out.set(s.id, openWindows(plan, busy, from, to, now));
      }
      return out;
    },

    // ---- other calendars (calendar-sources.ts) ----------------------------------------------------------
    listSources: sources.listSources,
    addSource: sources.addSource,
    deleteSource: sources.deleteSource,
    refreshSource: sources.refreshSource,

    async getMine(userId: string) {
      const id = await d.requireOwnProfileId(userId);
      const now = d.clock.now();
      const [weekly, overrides, blocked] = await Promise.all([
        repo.listWeekly(d.db, id),
        repo.listOverrides(d.db, id, DateTime.fromJSDate(now).minus({ days: 1 }).toISODate()!),
        repo.listBlocked(d.db, id, now),
      ]);
      return {
        weekly,
        overrides,
        blocked: blocked.map((b) => ({
          id: b.id,
          startsAt: b.startsAt.toISOString(),
          endsAt: b.endsAt.toISOString(),
          reason: b.reason,
        })),
      };
    },

    async setWeekly(userId: string, input: WeeklyHoursInput): Promise<WeeklyRange[]> {
      const id = await d.requireOwnProfileId(userId);
      await editing(id, (tx) => repo.replaceWeekly(tx, id, input.ranges));
      return repo.listWeekly(d.db, id);
    },

    async setOverride(userId: string, input: DateOverrideInput): Promise<void> {
      const id = await d.requireOwnProfileId(userId);
      await editing(id, (tx) => repo.upsertOverride(tx, id, input.date, input.ranges));
    },

    async deleteOverride(userId: string, date: string): Promise<void> {
      const id = await d.requireOwnProfileId(userId);
      await editing(id, async (tx) => {
        if (!(await repo.deleteOverride(tx, id, date))) throw new AppError('NOT_FOUND', { detail: 'No override on that date.' });
      });
    },

    /**
     * Blocks [startsAt, endsAt). Refused when it overlaps another block of the DJ's own (409
     * AVAILABILITY_BLOCK_OVERLAPS naming it) or holds a booking (409 AVAILABILITY_BLOCK_HAS_BOOKING naming it).
     */
    async addBlocked(userId: string, input: BlockedPeriodInput) {
      const id = await d.requireOwnProfileId(userId);
      const start = new Date(input.startsAt);
      const end = new Date(input.endsAt);
      const zone = (await repo.findPlanSettings(d.db, id))!.timeZone;
      await assertNoBookingIn(userId, [{ start: start.getTime(), end: end.getTime() }], zone);
      const row = await editing(id, async (tx) => {
        await repo.lockIndex(tx, id);
        const [clash] = await repo.listBlocked(tx, id, start, end);
        if (clash) {
          const what = clash.reason ? `“${clash.reason}” ` : '';
          throw new AppError('AVAILABILITY_BLOCK_OVERLAPS', {
            detail: `This overlaps the block ${what}on ${when(clash.startsAt, clash.endsAt, zone)}. Change or remove that one instead.`,
            errors: [{ path: 'startsAt', message: 'Overlaps another blocked period.' }],
            meta: { blockedId: clash.id },
          });
        }
        return repo.insertBlocked(tx, id, start, end, input.reason, d.clock.now());
      });
      return { id: row.id, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), reason: row.reason };
    },

    /** Adds a recurring block after checking the rule and that no upcoming occurrence holds a booking. */
    async addRecurring(userId: string, input: RecurringBlockInput) {
      assertValidRRule(input.rrule);
      const id = await d.requireOwnProfileId(userId);
      const s = (await repo.findPlanSettings(d.db, id))!;
      const rule = { id: 'new', rrule: input.rrule, startDate: input.startDate, startTime: input.start, endTime: input.end };
      const now = d.clock.now().getTime();
      const occurrences = expandRecurring(rule, s.timeZone, now, now + (s.maxAdvanceDays + 1) * DAY);
      await assertNoBookingIn(userId, occurrences, s.timeZone);
      const row = await editing(id, (tx) =>
        repo.insertRecurring(tx, {
          djProfileId: id,
          rrule: input.rrule,
          startDate: input.startDate,
          startTime: input.start,
          endTime: input.end,
          reason: input.reason ?? null,
          createdAt: d.clock.now(),
        }),
      );
      return {
        id: row.id,
        rrule: row.rrule,
        startDate: row.startDate,
        start: row.startTime,
        end: row.endTime,
        reason: row.reason,
      };
    },

    async deleteRecurring(userId: string, ruleId: string): Promise<void> {
      const id = await d.requireOwnProfileId(userId);
      await editing(id, async (tx) => {
        if (!(await repo.deleteRecurring(tx, id, ruleId)))
          throw new AppError('NOT_FOUND', { detail: 'No such recurring block.' });
      });
    },

    /**
     * Everything on the DJ's calendar between two local dates of their zone (inclusive): hours, overrides,
     * blocks of every source (recurring ones expanded), and bookings with holds (calendar-view.ts).
     */
    async getCalendar(userId: string, query: CalendarQuery): Promise<CalendarView> {
      const id = await d.requireOwnProfileId(userId);
      const zone = (await repo.findPlanSettings(d.db, id))!.timeZone;
      return calendarView(d.db, id, zone, query, await bookingsOf(userId));
    },

    async deleteBlocked(userId: string, blockedId: string): Promise<void> {
      const id = await d.requireOwnProfileId(userId);
      await editing(id, async (tx) => {
        if (!(await repo.deleteBlocked(tx, id, blockedId)))
          throw new AppError('NOT_FOUND', { detail: 'No such blocked period.' });
      });
    },

    /** Open windows between two local dates of the viewer's zone (inclusive). */
    async listOpenSlots(
      djProfileId: string,
      fromDate: string,
      toDate: string,
      viewerZone: string,
      q: Queryable = d.db,
    ): Promise<OpenWindow[]> {
      const from = DateTime.fromISO(fromDate, { zone: viewerZone }).startOf('day').toMillis();
      const to = DateTime.fromISO(toDate, { zone: viewerZone }).plus({ days: 1 }).startOf('day').toMillis();
      return (await this.openIntervals(djProfileId, from, to, q)).map((w) => ({
        startsAt: new Date(w.start).toISOString(),
        endsAt: new Date(w.end).toISOString(),
      }));
    },

    async openIntervals(djProfileId: string, from: number, to: number, q: Queryable = d.db): Promise<Interval[]> {
      const { plan, bufferMinutes } = await loadPlan(q, djProfileId, from, to);
      return openWindows(plan, await busy(q, djProfileId, from, to, bufferMinutes), from, to, d.clock.now().getTime());
    },

    /**
     * Throws 409 BOOKING_SLOT_UNAVAILABLE with the reason when [startsAt, endsAt) is not open. Pass the booking
     * transaction so the check and the insert see the same data (the exclusion constraint is the final guard).
     */
    async assertSlotBookable(djProfileId: string, startsAt: Date, endsAt: Date, q: Queryable = d.db): Promise<void> {
      const s = startsAt.getTime();
      const e = endsAt.getTime();
      const { plan, bufferMinutes } = await loadPlan(q, djProfileId, s, e);
      const why = whyNotBookable(plan, await busy(q, djProfileId, s, e, bufferMinutes), s, e, d.clock.now().getTime());
      if (why) throw new AppError('BOOKING_SLOT_UNAVAILABLE', { detail: why });
    },
  };
  return self;
}

export type AvailabilityService = ReturnType<typeof createAvailabilityService>;
