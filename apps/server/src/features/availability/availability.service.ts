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
import * as repo from './availability.repo.ts';
import { indexWindows, openWindows, whyNotBookable, type AvailabilityPlan, type Interval } from './slots.ts';

export type BusyRanges = (djProfileId: string, from: Date, to: Date, q: Queryable) => Promise<Interval[]>;
/** Busy ranges of many DJs at once, by DJ id (for search). */
export type BusyRangesMany = (djProfileIds: string[], from: Date, to: Date, q: Queryable) => Promise<Map<string, Interval[]>>;

export type { BusyMultirangeSql } from './availability.repo.ts';

type PlanBatch = Awaited<ReturnType<typeof repo.loadPlansBatch>>;
/** One AvailabilityPlan per DJ of a batch load (rows grouped once, not filtered per DJ). */
function plansOf(b: PlanBatch): { settings: PlanBatch['settings'][number]; plan: AvailabilityPlan }[] {
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
  return b.settings.map((s) => ({
    settings: s,
    plan: {
      timeZone: s.timeZone,
      weekly: weekly.get(s.id) ?? [],
      overrides: new Map((overrides.get(s.id) ?? []).map((o) => [o.date, o.ranges])),
      blocked: (blocked.get(s.id) ?? []).map((x) => ({ start: x.startsAt.getTime(), end: x.endsAt.getTime() })),
      minNoticeMinutes: s.minNoticeMinutes,
      maxAdvanceDays: s.maxAdvanceDays,
    },
  }));
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
}

export function createAvailabilityService(d: AvailabilityServiceDeps) {
  let busyRanges: BusyRanges = async () => [];
  let busyRangesMany: BusyRangesMany = async () => new Map();
  let busyMultirange: repo.BusyMultirangeSql = repo.noBusyRanges;

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
    return {
      bufferMinutes: s.bufferMinutes,
      plan: {
        timeZone: s.timeZone,
        weekly,
        overrides: new Map(overrides.map((o) => [o.date, o.ranges])),
        blocked: blocked.map((b) => ({ start: b.startsAt.getTime(), end: b.endsAt.getTime() })),
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
    const plans = plansOf(await repo.loadPlansBatch(q, ids, new Date(from), new Date(to)));
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

  const self = {
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
      const busyAll = await busyRangesMany(ids, new Date(from - 2 * pad), new Date(to + 2 * pad), q);
      const now = d.clock.now().getTime();
      const out = new Map<string, Interval[]>();
      for (const { settings: s, plan } of plansOf(b)) {
        const bufferMs = s.bufferMinutes * 60_000;
        const busy = (busyAll.get(s.id) ?? []).map((r) => ({ start: r.start - bufferMs, end: r.end + bufferMs }));
        out.set(s.id, openWindows(plan, busy, from, to, now));
      }
      return out;
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

    async addBlocked(userId: string, input: BlockedPeriodInput) {
      const id = await d.requireOwnProfileId(userId);
      const row = await editing(id, (tx) =>
        repo.insertBlocked(tx, id, new Date(input.startsAt), new Date(input.endsAt), input.reason, d.clock.now()),
      );
      return { id: row.id, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), reason: row.reason };
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
