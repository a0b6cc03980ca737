/**
 * Other calendars a DJ subscribes to (ICS addresses): read at once when added, then again every few hours by a job
 * with backoff after failures; their busy times block the DJ's slots like manual blocks (decision 022).
 */
import { z } from 'zod';
import type { CalendarSource, CalendarSourceInput } from '@partystream/shared/calendar/calendar.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob, enqueueJob } from '../../jobs/jobs.ts';
import * as repo from './availability.repo.ts';
import { busyFromIcs, fetchIcs, hintOf } from './ics-import.ts';

const DAY = 86_400_000;
/** How often a calendar source is read again after a good read, and the retry backoff after a failed one. */
const SYNC_EVERY_MS = 3 * 3_600_000;
const retryAfter = (failures: number) => Math.min(15 * 60_000 * 2 ** Math.max(0, failures - 1), 12 * 3_600_000);
const SYNC_JOB = 'availability.sync-calendar';
/** Imported busy times cover this far ahead (the booking horizon is at most a year). */
const IMPORT_DAYS = 400;

export interface CalendarSourcesDeps {
  db: Db;
  clock: Clock;
  requireOwnProfileId(userId: string): Promise<string>;
  icsAllowPrivate?: boolean;
  /** An availability edit and its search index rewrite, in one transaction (availability.service.ts). */
  editing<T>(djProfileId: string, fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export function createCalendarSources(d: CalendarSourcesDeps) {
  const { editing } = d;

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

  return {
    job: defineJob({
      name: SYNC_JOB,
      schema: z.object({ sourceId: z.string() }),
      handle: async ({ sourceId }) => {
        const src = await repo.findSource(d.db, sourceId);
        // Removed, or already refreshed by hand since this run was scheduled: that refresh scheduled its own.
        if (!src || (src.nextSyncAt && src.nextSyncAt.getTime() > d.clock.now().getTime())) return;
        await syncSource(src);
      },
    }),

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
  };
}
