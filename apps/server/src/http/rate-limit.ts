import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rateLimiterFlexible, rateLimits } from '../db/schema/rate-limit.ts';
import { AppError } from '../errors.ts';

/**
 * Fixed-window counter in Postgres, so the limit holds across restarts and server processes.
 * Counts this hit and throws 429 RATE_LIMITED (with Retry-After) once `limit` is exceeded in the window.
 */
export async function hitRateLimit(db: Db, key: string, limit: number, windowMs: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  if ((row?.count ?? 0) > limit) {
    const retryAfter = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
    throw new AppError('RATE_LIMITED', {
      detail: `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
      headers: { 'Retry-After': String(retryAfter) },
    });
  }
}

/** Refuses (429) when `key` already has `limit` hits in the current window, without counting this one. */
export async function assertUnderRateLimit(db: Db, key: string, limit: number, windowMs: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${key} and ${rateLimits.windowStart} = ${windowStart}`);
  if ((row?.count ?? 0) >= limit) throw tooMany(windowStart, windowMs, now);
}

/** Counts one hit of `key` (e.g. a failed login) without refusing anything. */
export async function recordRateLimitHit(db: Db, key: string, windowMs: number, now: Date): Promise<void> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  await db
    .insert(rateLimits)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } });
}

function tooMany(windowStart: Date, windowMs: number, now: Date): AppError {
  const retryAfter = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  return new AppError('RATE_LIMITED', {
    detail: `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
    headers: { 'Retry-After': String(retryAfter) },
  });
}

/** Old windows are useless; called by a periodic job. */
export async function pruneRateLimits(db: Db, before: Date): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.windowStart} < ${before}`);
  await db.delete(rateLimiterFlexible).where(sql`${rateLimiterFlexible.expire} < ${before}`);
}
