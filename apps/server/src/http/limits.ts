/**
 * Limits on costly things (issue 17) with `rate-limiter-flexible`. Where the counts live decides whether a limit
 * holds across server processes, so the store follows the deployment (decision 029):
 * - `redis` when REDIS_URL is set (the fan-out's Redis; one Lua INCR per action, off the app database);
 * - `postgres` when DATABASE_URL is Postgres (the Drizzle store, table `rate_limiter_flexible`, migration 0024);
 * - `memory` for the embedded PGlite default, which one process holds alone (the data directory is locked).
 * Each limit is a named budget of points per duration; `consume` spends one and answers 429 RATE_LIMITED with
 * Retry-After once the budget is spent. Its windows run on real time (the library reads the system clock), unlike
 * the login lockout, which runs on the injected Clock (`http/rate-limit.ts`).
 */
import {
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Db } from '../db/client.ts';
import { rateLimiterFlexible } from '../db/schema/rate-limit.ts';
import { AppError } from '../errors.ts';

/** Points per duration (seconds) for each limit; the key says per what (an IP, a guest, a party + IP…). */
export const LIMIT_BUDGETS = {
  /** New accounts per IP. */
  register: { points: 10, duration: 3600, what: 'sign-ups from this address' },
  /** New Socket.io connections per IP (the number open at once is capped separately, in memory per process). */
  socketConnect: { points: 120, duration: 60, what: 'connections from this address' },
  /** Song requests per participant. */
  songRequest: { points: 10, duration: 600, what: 'song requests' },
  /** Reactions per participant. */
  reaction: { points: 40, duration: 10, what: 'reactions' },
  /** New WHEP viewing sessions per party and IP (each holds UDP sockets until ICE fails). */
  whepOffer: { points: 20, duration: 60, what: 'viewing sessions from this address' },
  /** New WHIP publishing sessions per party (or stream key) and IP. */
  whipOffer: { points: 10, duration: 60, what: 'publishing attempts from this address' },
  /** Invite mails per party (INVITE_MAILS_PER_PARTY_HOUR) and per host (INVITE_MAILS_PER_HOST_DAY): mail costs. */
  inviteMailParty: { points: 40, duration: 3600, what: 'invite mails for this party' },
  inviteMailHost: { points: 100, duration: 86_400, what: 'invite mails from your account' },
} as const;
export type LimitName = keyof typeof LIMIT_BUDGETS;

/** Where the counts live (see the top of this file). */
export type LimitStore =
  { kind: 'memory' } | { kind: 'postgres'; db: Db } | { kind: 'redis'; client: { quit(): Promise<unknown> } };

/** The invite-mail budgets from their settings (INVITE_MAILS_PER_PARTY_HOUR, INVITE_MAILS_PER_HOST_DAY). */
export const inviteMailBudgets = (perPartyHour: number, perHostDay: number) => ({
  inviteMailParty: { points: perPartyHour, duration: 3600 },
  inviteMailHost: { points: perHostDay, duration: 86_400 },
});

export interface Limits {
  readonly store: LimitStore['kind'];
  /** Spends `points` of `name` for `key`; 429 RATE_LIMITED (with Retry-After) once the budget is spent. */
  consume(name: LimitName, key: string, points?: number): Promise<void>;
  /** Releases the store's own connection (Redis). */
  close(): Promise<void>;
}

/** The store for this deployment: Redis if configured, else Postgres if the app database is Postgres, else memory. */
export async function openLimitStore(o: { redisUrl?: string; db: Db; dbKind: 'pglite' | 'postgres' }): Promise<LimitStore> {
  if (o.redisUrl) {
    const { createClient } = await import('redis'); // only where Redis is configured (see deps.ts)
    const client = createClient({ url: o.redisUrl });
    // The client reconnects by itself; while Redis is away the memory insurance limiter answers (below).
    client.on('error', () => {});
    await client.connect();
    return { kind: 'redis', client };
  }
  return o.dbKind === 'postgres' ? { kind: 'postgres', db: o.db } : { kind: 'memory' };
}

export function createLimits(
  store: LimitStore,
  opts: { keyPrefix?: string; budgets?: Partial<Record<LimitName, { points: number; duration: number }>> } = {},
): Limits {
  const limiters = new Map<LimitName, RateLimiterAbstract>();
  const limiter = (name: LimitName) => {
    let l = limiters.get(name);
    if (!l) {
      const b = { ...LIMIT_BUDGETS[name], ...opts.budgets?.[name] };
      const base = { keyPrefix: opts.keyPrefix ? `${opts.keyPrefix}:${name}` : name, points: b.points, duration: b.duration };
      if (store.kind === 'redis') {
        // An unreachable Redis must not switch the limits off nor fail every request: each process then counts
        // on its own until Redis is back.
        l = new RateLimiterRedis({
          ...base,
          storeClient: store.client,
          useRedisPackage: true,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(base),
        });
      } else if (store.kind === 'postgres') {
        // Expired rows are pruned by the rate-limit prune job, not by the library's own timer.
        l = new RateLimiterDrizzle({ ...base, storeClient: store.db, schema: rateLimiterFlexible, clearExpiredByTimeout: false });
      } else l = new RateLimiterMemory(base);
      limiters.set(name, l);
    }
    return l;
  };
  return {
    store: store.kind,
    async consume(name, key, points = 1) {
      try {
        await limiter(name).consume(key, points);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        const retryAfter = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
        throw new AppError('RATE_LIMITED', {
          detail: `Too many ${LIMIT_BUDGETS[name].what}. Try again in ${retryAfter < 120 ? `${retryAfter} s` : `${Math.ceil(retryAfter / 60)} min`}.`,
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
    },
    async close() {
      if (store.kind === 'redis') await store.client.quit().catch(() => {});
    },
  };
}
