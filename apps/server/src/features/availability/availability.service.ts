/**
 * Availability: the DJ edits weekly hours, date overrides and blocked periods; anyone reads open windows;
 * the booking feature asks `assertSlotBookable` inside its transaction. Bookings are not known here: the
 * booking side is asked through `busyRanges` (injected in deps.ts) so the dependency points one way.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { defineJob, enqueueJob } from '../../jobs/jobs.ts';
import type {
  BlockedPeriodInput,
  DateOverrideInput,
  OpenWindow,
  WeeklyHoursInput,
  WeeklyRange,
} from '@partystream/shared/dj/dj.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { SLOT_HOLDING_STATES } from '@partystream/shared/booking/booking.states';
import type {
  CalendarBlock,
  CalendarQuery,
  CalendarSource,
  CalendarSourceInput,
  CalendarView,
  RecurringBlockInput,
} from '@partystream/shared/calendar/calendar.schemas';
import * as repo from './availability.repo.ts';
import { assertValidRRule, expandRecurring, type RecurringRule } from './recurring.ts';
import { busyFromIcs, fetchIcs, hintOf } from './ics-import.ts';
import { indexWindows, openWindows, whyNotBookable, type AvailabilityPlan, type Interval } from './slots.ts';
import { isAwaitingAnswer, isAwaitingPayment } from '@partystream/shared/booking/booking.process';

export type BusyRanges = (djProfileId: string, from: Date, to: Date, q: Queryable) => Promise<Interval[]>;
/** Busy ranges of many DJs at once, by DJ id (for search). */
export type BusyRangesMany = (djProfileIds: string[], from: Date, to: Date, q: Queryable) => Promise<Map<string, Interval[]>>;

export type { BusyMultirangeSql } from './availability.repo.ts';
/** The DJ's bookings (every state), read through the booking service. */
export type BookingsOf = (userId: string) => Promise<Booking[]>;

type PlanBatch = Awaited<ReturnType<typeof repo.loadPlansBatch>>;
/** One AvailabilityPlan per DJ of a batch load (rows grouped once, not filtered per DJ). */
function plansOf(b: PlanBatch, from: number, to: number): { settings: PlanBatch['settings'][number]; plan: AvailabilityPlan }[] {
  const group = <T extends { djProfileId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.djProfileId);
      if (list) list.push(r);
      else m.set(r.djProfileId, [r]);
    }
    return m;
  };
  const weekly = group(b.weekly);
  const overrides = group(b.overrides);
  const blocked = group(b.blocked);
  const recurring = group(b.recurring);
  return b.settings.map((s) => ({
    settings: s,
    plan: {
      timeZone: s.timeZone,
      weekly: weekly.get(s.id) ?? [],
      overrides: new Map((overrides.get(s.id) ?? []).map((o) => [o.date, o.ranges])),
      blocked: [
        ...(blocked.get(s.id) ?? []).map((x) => ({ start: x.startsAt.getTime(), end: x.endsAt.getTime() })),
        ...expandAll(recurring.get(s.id) ?? [], s.timeZone, from, to),
      ],
      minNoticeMinutes: s.minNoticeMinutes,
      maxAdvanceDays: s.maxAdvanceDays,
    },
  }));
}

/** Every occurrence of these recurring blocks in [from, to). */
function expandAll(rules: RecurringRule[], timeZone: string, from: number, to: number): Interval[] {
  return rules.flatMap((r) => expandRecurring(r, timeZone, from, to));
}

/** How far ahead the search index (dj_open_windows) is computed; searches further out use the exact path. */
export const INDEX_DAYS = 120;
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

/** How often a calendar source is read again after a good read, and the retry backoff after a failed one. */
const SYNC_EVERY_MS = 3 * 3_600_000;
const retryAfter = (failures: number) => Math.min(15 * 60_000 * 2 ** Math.max(0, failures - 1), 12 * 3_600_000);
const SYNC_JOB = 'availability.sync-calendar';
/** Imported busy times cover this far ahead (the booking horizon is at most a year). */
const IMPORT_DAYS = 400;

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

  /** Recomputes the search index rows of these DJs (callers hold their index locks when edits may race). */
  async function reindex(ids: string[], q: Queryable): Promise<void> {
    if (!ids.length) return;
    const now = d.clock.now().getTime();
    const from = now - DAY;
    const to = now + INDEX_DAYS * DAY;
    const plans = plansOf(await repo.loadPlansBatch(q, ids, new Date(from), new Date(to)), from, to);
    await repo.upsertIndex(
      q,
      plans.map(({ settings, plan }) => ({
        djProfileId: settings.id,
        windows: repo.multirange(indexWindows(plan, from, to)),
        validFrom: new Date(from),
        validUntil: new Date(to),
      })),
    );
  }

  const ROLL_JOB = 'availability.roll-index';
  /** Enqueues the index roll for the day of `at` (one per day, by key). */
  const scheduleRoll = (at: Date) =>
    enqueueJob(d.db, ROLL_JOB, {}, { runAt: at, key: `${ROLL_JOB}:${at.toISOString().slice(0, 10)}` });

  /** An availability edit and its index rewrite commit together. */
  async function editing<T>(id: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const out = await d.db.transaction(async (tx) => {
      const r = await fn(tx);
      await repo.lockIndex(tx, id);
      await reindex([id], tx);
      return r;
    });
    changed(id);
    return out;
  }

  function sourceView(r: repo.CalendarSourceRow & { busyCount: number }): CalendarSource {
    return {
      id: r.id,
      label: r.label,
      urlHint: hintOf(r.url),
      lastSyncedAt: r.lastSyncedAt?.toISOString() ?? null,
      lastError: r.lastError,
      nextSyncAt: r.nextSyncAt?.toISOString() ?? null,
      busyCount: r.busyCount,
    };
  }

  async function readSource(url: string, zone: string) {
    const text = await fetchIcs(url, { allowPrivate: d.icsAllowPrivate ?? false });
    const now = d.clock.now().getTime();
    return busyFromIcs(text, new Date(now - DAY), new Date(now + IMPORT_DAYS * DAY), zone);
  }

  const scheduleSync = (q: Queryable, sourceId: string, at: Date) =>
    enqueueJob(q, SYNC_JOB, { sourceId }, { runAt: at, key: `${SYNC_JOB}:${sourceId}:${at.toISOString()}` });

  /**
   * Reads one source and replaces its busy times in one transaction. A failure keeps the previous import,
   * records the reason and schedules a retry with backoff; it is returned (not thrown) for the job's sake.
   */
  async function syncSource(src: repo.CalendarSourceRow): Promise<AppError | null> {
    const zone = (await repo.findPlanSettings(d.db, src.djProfileId))!.timeZone;
    try {
      const busy = await readSource(src.url, zone);
      const now = d.clock.now();
      const next = new Date(now.getTime() + SYNC_EVERY_MS);
      await editing(src.djProfileId, async (tx) => {
        await repo.replaceImportedBusy(tx, src.id, src.djProfileId, busy);
        await repo.updateSource(tx, src.id, { lastSyncedAt: now, lastError: null, failures: 0, nextSyncAt: next });
        await scheduleSync(tx, src.id, next);
      });
      return null;
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'CALENDAR_SOURCE_UNREADABLE') throw e;
      const failures = src.failures + 1;
      const next = new Date(d.clock.now().getTime() + retryAfter(failures));
      await d.db.transaction(async (tx) => {
        await repo.updateSource(tx, src.id, { lastError: e.message, failures, nextSyncAt: next });
        await scheduleSync(tx, src.id, next);
      });
      return e;
    }
  }

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

    /**
     * Daily: recompute rows that cover less than INDEX_DAYS - 7 days ahead, so searches almost never have to,
     * then schedule tomorrow's run. Started by the server with the job runner.
     */
    jobs: [
      defineJob({
        name: SYNC_JOB,
        schema: z.object({ sourceId: z.string() }),
        handle: async ({ sourceId }) => {
          const src = await repo.findSource(d.db, sourceId);
          // Removed, or already refreshed by hand since this run was scheduled: that refresh scheduled its own.
          if (!src || (src.nextSyncAt && src.nextSyncAt.getTime() > d.clock.now().getTime())) return;
          await syncSource(src);
        },
      }),
      defineJob({
        name: ROLL_JOB,
        schema: z.object({}),
        handle: async () => {
          const now = d.clock.now().getTime();
          await self.ensureIndexed(now, now + (INDEX_DAYS - 7) * DAY);
          const next = DateTime.fromMillis(now, { zone: 'UTC' })
            .plus({ days: 1 })
            .set({ hour: 3, minute: 0, second: 0, millisecond: 0 });
          await scheduleRoll(next.toJSDate());
        },
      }),
    ],
    scheduleIndexRoll: () => scheduleRoll(d.clock.now()),

    /** Rewrites one DJ's index row inside the caller's transaction (profile edits: zone, hours). */
    async reindexOne(djProfileId: string, tx: Queryable): Promise<void> {
      await repo.lockIndex(tx, djProfileId);
      await reindex([djProfileId], tx);
    },

    /** True when [from, to) is inside the span the index covers (else search uses the exact path). */
    indexCovers(from: number, to: number): boolean {
      const now = d.clock.now().getTime();
      return from >= now - DAY && to <= now + (INDEX_DAYS - 1) * DAY;
    },

    /**
     * Makes sure every DJ's index row covers [from, to): rows go stale only as time passes (edits rewrite them),
     * so this finds none on almost every call; the daily job keeps it that way. With `max`, gives up (returns
     * -1, nothing written) when more than `max` rows are stale — a search then takes the exact path instead of
     * waiting for a bulk rebuild (first start after the migration), which the roll job does in the background.
     */
    async ensureIndexed(from: number, to: number, max = Infinity): Promise<number> {
      let n = 0;
      for (;;) {
        const ids = (await repo.staleIndexIds(d.db, new Date(from), new Date(to), Math.min(500, max + 1))).sort();
        if (!ids.length) return n;
        if (ids.length > max) return -1;
        await d.db.transaction(async (tx) => {
          await repo.lockIndexMany(tx, ids);
          await reindex(ids, tx);
        });
        n += ids.length;
      }
    },

    /**
     * WHERE fragment for search: the outer dj_profiles row has an open window overlapping [from, to) once its
     * minimum notice, booking horizon and bookings (widened by its buffer) are applied — the same rule as
     * openWindows(), evaluated in Postgres over the index.
     */
    availableSql(from: number, to: number) {
      return repo.availableSql(new Date(from), new Date(to), d.clock.now(), busyMultirange);
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

    // ---- other calendars ---------------------------------------------------------------------------------

    async listSources(userId: string) {
      const id = await d.requireOwnProfileId(userId);
      return (await repo.listSources(d.db, id)).map(sourceView);
    },

    /**
     * Adds another calendar: reads it at once (so a wrong address is told now: 422 CALENDAR_SOURCE_UNREADABLE,
     * nothing saved), imports its busy times, and schedules the refresh job.
     */
    async addSource(userId: string, input: CalendarSourceInput) {
      const id = await d.requireOwnProfileId(userId);
      const zone = (await repo.findPlanSettings(d.db, id))!.timeZone;
      const busy = await readSource(input.url, zone);
      const now = d.clock.now();
      const row = await editing(id, async (tx) => {
        const src = await repo.insertSource(tx, {
          djProfileId: id,
          url: input.url,
          label: input.label || hintOf(input.url).split('/')[0]!,
          lastSyncedAt: now,
          nextSyncAt: new Date(now.getTime() + SYNC_EVERY_MS),
          createdAt: now,
        });
        await repo.replaceImportedBusy(tx, src.id, id, busy);
        await scheduleSync(tx, src.id, src.nextSyncAt!);
        return src;
      });
      return sourceView({ ...row, busyCount: busy.length });
    },

    async deleteSource(userId: string, sourceId: string): Promise<void> {
      const id = await d.requireOwnProfileId(userId);
      await editing(id, async (tx) => {
        if (!(await repo.deleteSource(tx, id, sourceId))) throw new AppError('NOT_FOUND', { detail: 'No such calendar.' });
      });
    },

    /** Reads a source again now; on failure answers 422 with the reason (the previous import stays). */
    async refreshSource(userId: string, sourceId: string) {
      const id = await d.requireOwnProfileId(userId);
      const src = await repo.findSource(d.db, sourceId);
      if (!src || src.djProfileId !== id) throw new AppError('NOT_FOUND', { detail: 'No such calendar.' });
      const err = await syncSource(src);
      if (err) throw err;
      const [after] = (await repo.listSources(d.db, id)).filter((x) => x.id === sourceId);
      return sourceView(after!);
    },

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
     * blocks of every source (recurring ones expanded), and bookings with holds.
     */
    async getCalendar(userId: string, query: CalendarQuery): Promise<CalendarView> {
      const id = await d.requireOwnProfileId(userId);
      const s = (await repo.findPlanSettings(d.db, id))!;
      const zone = s.timeZone;
      const from = DateTime.fromISO(query.from, { zone }).startOf('day');
      const to = DateTime.fromISO(query.to, { zone }).plus({ days: 1 }).startOf('day');
      const [a, b] = [from.toJSDate(), to.toJSDate()];
      const weekly = await repo.listWeekly(d.db, id);
      const overrides = await repo.listOverrides(d.db, id, query.from, query.to);
      const manual = await repo.listBlocked(d.db, id, a, b);
      const imported = await repo.listImportedBusy(d.db, id, a, b);
      const recurring = await repo.listRecurring(d.db, id);
      const blocks: CalendarBlock[] = [
        ...manual.map((m) => ({
          id: m.id,
          source: 'manual' as const,
          startsAt: m.startsAt.toISOString(),
          endsAt: m.endsAt.toISOString(),
          reason: m.reason,
          recurringBlockId: null,
          calendarSourceId: null,
        })),
        ...recurring.flatMap((r) =>
          expandRecurring(r, zone, a.getTime(), b.getTime()).map((o) => ({
            id: `${r.id}:${new Date(o.start).toISOString()}`,
            source: 'recurring' as const,
            startsAt: new Date(o.start).toISOString(),
            endsAt: new Date(o.end).toISOString(),
            reason: r.reason,
            recurringBlockId: r.id,
            calendarSourceId: null,
          })),
        ),
        ...imported.map((m) => ({
          id: m.id,
          source: 'import' as const,
          startsAt: m.startsAt.toISOString(),
          endsAt: m.endsAt.toISOString(),
          reason: null,
          recurringBlockId: null,
          calendarSourceId: m.sourceId,
        })),
      ].sort((x, y) => x.startsAt.localeCompare(y.startsAt));
      const bookings = (await bookingsOf(userId))
        .filter((x) => Date.parse(x.startsAt) < b.getTime() && Date.parse(x.endsAt) > a.getTime())
        .map((x) => ({
          id: x.id,
          state: x.state,
          isHold: isAwaitingPayment(x.state),
          startsAt: x.startsAt,
          endsAt: x.endsAt,
          hostName: x.hostName,
        }));
      return {
        timeZone: zone,
        from: query.from,
        to: query.to,
        weekly,
        overrides,
        blocks,
        recurring: recurring.map((r) => ({
          id: r.id,
          rrule: r.rrule,
          startDate: r.startDate,
          start: r.startTime,
          end: r.endTime,
          reason: r.reason,
        })),
        bookings,
      };
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
