/**
 * The search index (`dj_open_windows`): each DJ's open windows for the next INDEX_DAYS, rewritten with every
 * availability edit (in its transaction) and rolled forward daily, so a search filters in Postgres instead of
 * computing every DJ's calendar.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { defineJob, enqueueJob } from '../../jobs/jobs.ts';
import * as repo from './availability.repo.ts';
import { plansOf } from './plans.ts';
import { indexWindows } from './slots.ts';

/** How far ahead the search index (dj_open_windows) is computed; searches further out use the exact path. */
export const INDEX_DAYS = 120;
const DAY = 86_400_000;
const ROLL_JOB = 'availability.roll-index';

export function createSearchIndex(d: { db: Db; clock: Clock }) {
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

  /** Enqueues the index roll for the day of `at` (one per day, by key). */
  const scheduleRoll = (at: Date) =>
    enqueueJob(d.db, ROLL_JOB, {}, { runAt: at, key: `${ROLL_JOB}:${at.toISOString().slice(0, 10)}` });

  const api = {
    reindex,
    scheduleRoll,
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
  };
  const { ensureIndexed } = api;

  return {
    ...api,
    /**
     * Daily: recompute rows that cover less than INDEX_DAYS - 7 days ahead, so searches almost never have to,
     * then schedule tomorrow's run. Started by the server with the job runner.
     */
    job: defineJob({
      name: ROLL_JOB,
      schema: z.object({}),
      handle: async () => {
        const now = d.clock.now().getTime();
        await ensureIndexed(now, now + (INDEX_DAYS - 7) * DAY);
        const next = DateTime.fromMillis(now, { zone: 'UTC' })
          .plus({ days: 1 })
          .set({ hour: 3, minute: 0, second: 0, millisecond: 0 });
        await scheduleRoll(next.toJSDate());
      },
    }),
  };
}
