import { and, asc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { WeeklyRange } from '@partystream/shared/availability/availability.schemas';
import type { Queryable } from '../../db/client.ts';
import { djBlockedPeriods, djDateOverrides, djOpenWindows, djProfiles, djWeeklyHours } from '../../db/schema/dj.ts';
import { djCalendarSources, djImportedBusy, djRecurringBlocks } from '../../db/schema/calendar.ts';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const mins = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

export async function replaceWeekly(q: Queryable, djProfileId: string, ranges: WeeklyRange[]): Promise<void> {
  await q.delete(djWeeklyHours).where(eq(djWeeklyHours.djProfileId, djProfileId));
  if (ranges.length) {
    await q
      .insert(djWeeklyHours)
      .values(ranges.map((r) => ({ djProfileId, weekday: r.weekday, startMinute: mins(r.start), endMinute: mins(r.end) })));
  }
}

export async function listWeekly(q: Queryable, djProfileId: string): Promise<WeeklyRange[]> {
  const rows = await q
    .select()
    .from(djWeeklyHours)
    .where(eq(djWeeklyHours.djProfileId, djProfileId))
    .orderBy(asc(djWeeklyHours.weekday), asc(djWeeklyHours.startMinute));
  return rows.map((r) => ({ weekday: r.weekday, start: hhmm(r.startMinute), end: hhmm(r.endMinute) }));
}

export async function upsertOverride(
  q: Queryable,
  djProfileId: string,
  date: string,
  ranges: { start: string; end: string }[],
): Promise<void> {
  await q
    .insert(djDateOverrides)
    .values({ djProfileId, date, ranges })
    .onConflictDoUpdate({ target: [djDateOverrides.djProfileId, djDateOverrides.date], set: { ranges } });
}

export async function deleteOverride(q: Queryable, djProfileId: string, date: string): Promise<boolean> {
  const rows = await q
    .delete(djDateOverrides)
    .where(and(eq(djDateOverrides.djProfileId, djProfileId), eq(djDateOverrides.date, date)))
    .returning({ date: djDateOverrides.date });
  return rows.length > 0;
}

export async function listOverrides(q: Queryable, djProfileId: string, fromDate?: string, toDate?: string) {
  const conds = [eq(djDateOverrides.djProfileId, djProfileId)];
  if (fromDate) conds.push(sql`${djDateOverrides.date} >= ${fromDate}`);
  if (toDate) conds.push(sql`${djDateOverrides.date} <= ${toDate}`);
  const rows = await q
    .select()
    .from(djDateOverrides)
    .where(and(...conds))
    .orderBy(asc(djDateOverrides.date));
  return rows.map((r) => ({ date: String(r.date), ranges: r.ranges as { start: string; end: string }[] }));
}

export async function insertBlocked(
  q: Queryable,
  djProfileId: string,
  startsAt: Date,
  endsAt: Date,
  reason: string | undefined,
  at: Date,
) {
  const [row] = await q.insert(djBlockedPeriods).values({ djProfileId, startsAt, endsAt, reason, createdAt: at }).returning();
  return row!;
}

export async function deleteBlocked(q: Queryable, djProfileId: string, id: string): Promise<boolean> {
  const rows = await q
    .delete(djBlockedPeriods)
    .where(and(eq(djBlockedPeriods.id, id), eq(djBlockedPeriods.djProfileId, djProfileId)))
    .returning({ id: djBlockedPeriods.id });
  return rows.length > 0;
}

export async function listBlocked(q: Queryable, djProfileId: string, from?: Date, to?: Date) {
  const conds = [eq(djBlockedPeriods.djProfileId, djProfileId)];
  if (from) conds.push(gt(djBlockedPeriods.endsAt, from));
  if (to) conds.push(lt(djBlockedPeriods.startsAt, to));
  return q
    .select()
    .from(djBlockedPeriods)
    .where(and(...conds))
    .orderBy(asc(djBlockedPeriods.startsAt));
}

export async function findPlanSettings(q: Queryable, djProfileId: string) {
  const [row] = await q
    .select({
      timeZone: djProfiles.timeZone,
      minNoticeMinutes: djProfiles.minNoticeMinutes,
      maxAdvanceDays: djProfiles.maxAdvanceDays,
      bufferMinutes: djProfiles.bufferMinutes,
    })
    .from(djProfiles)
    .where(eq(djProfiles.id, djProfileId));
  return row ?? null;
}

/** Everything needed to compute open windows for many DJs at once (search results): four queries in total. */
export async function loadPlansBatch(q: Queryable, ids: string[], from: Date, to: Date) {
  if (!ids.length) return { settings: [], weekly: [], overrides: [], blocked: [], recurring: [] };
  const fromDate = new Date(from.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
  const toDate = new Date(to.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  // Sequential: `q` may be a transaction (one connection, one query at a time).
  const settings = await q
    .select({
      id: djProfiles.id,
      timeZone: djProfiles.timeZone,
      minNoticeMinutes: djProfiles.minNoticeMinutes,
      maxAdvanceDays: djProfiles.maxAdvanceDays,
      bufferMinutes: djProfiles.bufferMinutes,
    })
    .from(djProfiles)
    .where(inArray(djProfiles.id, ids));
  const weekly = await q.select().from(djWeeklyHours).where(inArray(djWeeklyHours.djProfileId, ids));
  const overrides = await q
    .select()
    .from(djDateOverrides)
    .where(and(inArray(djDateOverrides.djProfileId, ids), sql`${djDateOverrides.date} between ${fromDate} and ${toDate}`));
  const blocked = await q
    .select()
    .from(djBlockedPeriods)
    .where(and(inArray(djBlockedPeriods.djProfileId, ids), gt(djBlockedPeriods.endsAt, from), lt(djBlockedPeriods.startsAt, to)));
  // Busy times imported from the DJs' other calendars count as blocked periods.
  const imported = await q
    .select({ djProfileId: djImportedBusy.djProfileId, startsAt: djImportedBusy.startsAt, endsAt: djImportedBusy.endsAt })
    .from(djImportedBusy)
    .where(and(inArray(djImportedBusy.djProfileId, ids), gt(djImportedBusy.endsAt, from), lt(djImportedBusy.startsAt, to)));
  const recurring = await q.select().from(djRecurringBlocks).where(inArray(djRecurringBlocks.djProfileId, ids));
  return {
    settings,
    weekly: weekly.map((r) => ({
      djProfileId: r.djProfileId,
      weekday: r.weekday,
      start: hhmm(r.startMinute),
      end: hhmm(r.endMinute),
    })),
    overrides: overrides.map((r) => ({
      djProfileId: r.djProfileId,
      date: String(r.date),
      ranges: r.ranges as { start: string; end: string }[],
    })),
    blocked: [...blocked, ...imported],
    recurring: recurring.map(recurringOf),
  };
}

/** Serialises index rewrites of one DJ (two concurrent edits cannot leave the older computation in place). */
export async function lockIndex(q: Queryable, djProfileId: string): Promise<void> {
  await lockIndexMany(q, [djProfileId]);
}

/** The same locks for many DJs, taken in id order (callers pass sorted ids) so bulk rebuilds cannot deadlock. */
export async function lockIndexMany(q: Queryable, ids: string[]): Promise<void> {
  await q.execute(
    sql`select pg_advisory_xact_lock(hashtextextended('open-windows:' || id, 0)) from unnest(${`{${ids.join(',')}}`}::text[]) as id order by id`,
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
/** A tstzmultirange literal of sorted, disjoint [start, end) intervals. */
export const multirange = (xs: { start: number; end: number }[]) =>
  `{${xs.map((x) => `[${iso(x.start)},${iso(x.end)})`).join(',')}}`;

export async function upsertIndex(
  q: Queryable,
  rows: { djProfileId: string; windows: string; validFrom: Date; validUntil: Date }[],
): Promise<void> {
  if (!rows.length) return;
  await q
    .insert(djOpenWindows)
    .values(rows)
    .onConflictDoUpdate({
      target: djOpenWindows.djProfileId,
      set: { windows: sql`excluded.windows`, validFrom: sql`excluded.valid_from`, validUntil: sql`excluded.valid_until` },
    });
}

/** DJs whose index row does not cover [from, to) (a trigger gives every new profile a stale row). */
export async function staleIndexIds(q: Queryable, from: Date, to: Date, limit: number): Promise<string[]> {
  const rows = await q
    .select({ id: djOpenWindows.djProfileId })
    .from(djOpenWindows)
    .where(or(lt(djOpenWindows.validUntil, to), gt(djOpenWindows.validFrom, from)))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * SQL for the slot-holding bookings of the DJ whose id is `djId`, widened by `buffer`, as one tstzmultirange
 * (search subtracts it from the indexed windows). Supplied by the booking feature through deps.ts.
 */
export type BusyMultirangeSql = (djId: SQL, buffer: SQL, from: string, to: string) => SQL;
export const noBusyRanges: BusyMultirangeSql = () => sql`'{}'::tstzmultirange`;

/**
 * Over the outer dj_profiles row: [from, to) as SQL literals, its bookable part once the DJ's minimum notice and
 * booking horizon are applied (lo, hi), and the DJ's buffer between bookings.
 */
function bookableSpan(from: Date, to: Date, now: Date) {
  const f = from.toISOString();
  const t = to.toISOString();
  const n = now.toISOString();
  return {
    f,
    t,
    lo: sql`greatest(${f}::timestamptz, ${n}::timestamptz + ${djProfiles.minNoticeMinutes} * interval '1 minute')`,
    hi: sql`least(${t}::timestamptz, ${n}::timestamptz + ${djProfiles.maxAdvanceDays} * interval '1 day')`,
    buffer: sql`${djProfiles.bufferMinutes} * interval '1 minute'`,
  };
}

/**
 * WHERE fragment for search: the outer dj_profiles row has an open window overlapping [from, to) once its minimum
 * notice, booking horizon and bookings (widened by its buffer) are applied — the rule of openWindows() in slots.ts,
 * evaluated in Postgres over the index.
 */
export function availableSql(from: Date, to: Date, now: Date, busy: BusyMultirangeSql): SQL {
  const { f, t, lo, hi, buffer } = bookableSpan(from, to, now);
  // The IN list is answered from the GiST index (DJs with any working hours in the window, before notice and
  // bookings); the EXISTS then checks only those rows exactly.
  return sql`${djProfiles.id} in (select w.dj_profile_id from dj_open_windows w where w.windows && tstzrange(${f}::timestamptz, ${t}::timestamptz))
    and exists (select 1 from dj_open_windows o where o.dj_profile_id = ${djProfiles.id}
    and o.windows && tstzrange(${f}::timestamptz, ${t}::timestamptz)
    and not isempty(
      o.windows * tstzmultirange(case when ${lo} < ${hi} then tstzrange(${lo}, ${hi}) else 'empty'::tstzrange end)
      - ${busy(sql`${djProfiles.id}`, buffer, f, t)}))`;
}

/**
 * The first open instant in [from, to) of the outer dj_profiles row — the start of openWindows() in slots.ts, over
 * the index, with notice, horizon and bookings (widened by its buffer) applied — for search cards. `known` is false
 * when the DJ's index row does not cover the span: the caller then computes it exactly.
 */
export function nextOpenSql(from: Date, to: Date, now: Date, busy: BusyMultirangeSql): { at: SQL; known: SQL } {
  const { f, t, lo, hi, buffer } = bookableSpan(from, to, now);
  return {
    at: sql`(select lower(o.windows * tstzmultirange(tstzrange(${lo}, ${hi})) - ${busy(sql`${djProfiles.id}`, buffer, f, t)})
      from dj_open_windows o where o.dj_profile_id = ${djProfiles.id} and ${lo} < ${hi})`,
    known: sql`(${lo} >= ${hi} or exists (select 1 from dj_open_windows o where o.dj_profile_id = ${djProfiles.id}
      and o.valid_from <= ${lo} and o.valid_until >= ${hi}))`,
  };
}

// ---- recurring blocks ------------------------------------------------------------------------------------

const recurringOf = (r: typeof djRecurringBlocks.$inferSelect) => ({
  id: r.id,
  djProfileId: r.djProfileId,
  rrule: r.rrule,
  startDate: String(r.startDate),
  startTime: r.startTime,
  endTime: r.endTime,
  reason: r.reason,
});

export async function listRecurring(q: Queryable, djProfileId: string) {
  const rows = await q
    .select()
    .from(djRecurringBlocks)
    .where(eq(djRecurringBlocks.djProfileId, djProfileId))
    .orderBy(asc(djRecurringBlocks.createdAt), asc(djRecurringBlocks.id));
  return rows.map(recurringOf);
}

export async function insertRecurring(
  q: Queryable,
  v: {
    djProfileId: string;
    rrule: string;
    startDate: string;
    startTime: string;
    endTime: string;
    reason: string | null;
    createdAt: Date;
  },
) {
  const [row] = await q.insert(djRecurringBlocks).values(v).returning();
  return recurringOf(row!);
}

export async function deleteRecurring(q: Queryable, djProfileId: string, id: string): Promise<boolean> {
  const rows = await q
    .delete(djRecurringBlocks)
    .where(and(eq(djRecurringBlocks.id, id), eq(djRecurringBlocks.djProfileId, djProfileId)))
    .returning({ id: djRecurringBlocks.id });
  return rows.length > 0;
}

// ---- other calendars -------------------------------------------------------------------------------------

export async function listImportedBusy(q: Queryable, djProfileId: string, from: Date, to: Date) {
  return q
    .select()
    .from(djImportedBusy)
    .where(and(eq(djImportedBusy.djProfileId, djProfileId), gt(djImportedBusy.endsAt, from), lt(djImportedBusy.startsAt, to)))
    .orderBy(asc(djImportedBusy.startsAt));
}

export type CalendarSourceRow = typeof djCalendarSources.$inferSelect;

export async function listSources(q: Queryable, djProfileId: string) {
  const rows = await q
    .select({
      source: djCalendarSources,
      busyCount: sql<number>`(select count(*)::int from dj_imported_busy b where b.source_id = "dj_calendar_sources"."id")`,
    })
    .from(djCalendarSources)
    .where(eq(djCalendarSources.djProfileId, djProfileId))
    .orderBy(asc(djCalendarSources.createdAt), asc(djCalendarSources.id));
  return rows.map((r) => ({ ...r.source, busyCount: Number(r.busyCount) }));
}

export async function findSource(q: Queryable, id: string): Promise<CalendarSourceRow | null> {
  const [row] = await q.select().from(djCalendarSources).where(eq(djCalendarSources.id, id));
  return row ?? null;
}

export async function insertSource(q: Queryable, v: typeof djCalendarSources.$inferInsert): Promise<CalendarSourceRow> {
  const [row] = await q.insert(djCalendarSources).values(v).returning();
  return row!;
}

export async function updateSource(q: Queryable, id: string, set: Partial<typeof djCalendarSources.$inferInsert>): Promise<void> {
  await q.update(djCalendarSources).set(set).where(eq(djCalendarSources.id, id));
}

export async function deleteSource(q: Queryable, djProfileId: string, id: string): Promise<boolean> {
  const rows = await q
    .delete(djCalendarSources)
    .where(and(eq(djCalendarSources.id, id), eq(djCalendarSources.djProfileId, djProfileId)))
    .returning({ id: djCalendarSources.id });
  return rows.length > 0;
}

/** Replaces a source's busy times as a whole (call inside a transaction: all or nothing). */
export async function replaceImportedBusy(
  q: Queryable,
  sourceId: string,
  djProfileId: string,
  busy: { startsAt: Date; endsAt: Date; uid: string }[],
): Promise<void> {
  await q.delete(djImportedBusy).where(eq(djImportedBusy.sourceId, sourceId));
  for (let i = 0; i < busy.length; i += 500) {
    await q.insert(djImportedBusy).values(busy.slice(i, i + 500).map((b) => ({ ...b, sourceId, djProfileId })));
  }
}

/** Sources due for a refresh (next_sync_at passed). */
export async function dueSources(q: Queryable, now: Date, limit: number): Promise<CalendarSourceRow[]> {
  return q
    .select()
    .from(djCalendarSources)
    .where(or(sql`${djCalendarSources.nextSyncAt} is null`, lt(djCalendarSources.nextSyncAt, now)))
    .orderBy(asc(djCalendarSources.nextSyncAt))
    .limit(limit);
}
