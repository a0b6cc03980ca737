/**
 * Restart-safe background jobs backed by the `jobs` table.
 *
 * A job is a name + a zod-validated payload + a handler. Features enqueue jobs inside the same transaction
 * as the state change that causes them (so a crash can never leave a state change without its effect or an
 * effect without its state change), and the runner executes them after commit.
 *
 * Delivery is at-least-once: a job whose process died mid-run is picked up again once its lock expires, so
 * every handler must be idempotent (check state first, use idempotency keys for outside calls).
 */
import { and, eq, lte, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Queryable } from '../db/client.ts';
import { jobs } from '../db/schema/job.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { safeErrorMessage } from '../logger.ts';

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  handle(payload: z.infer<S>, ctx: { jobId: string; attempt: number }): Promise<void>;
  /** Attempts before the job is marked failed (default 5). */
  maxAttempts?: number;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export interface EnqueueOptions {
  /**
   * When the job becomes due. Required: it comes from the injected clock (`clock.now()` for "at once"), never
   * from the machine's wall clock or the database's `now()`, so a server on a test clock runs its jobs on time.
   */
  runAt: Date;
  /** Idempotency key: a second enqueue with the same key is a no-op. */
  key?: string;
}

/** Inserts a job; pass the transaction that makes the state change. Returns false when the key already existed. */
export async function enqueueJob(q: Queryable, name: string, payload: unknown, opts: EnqueueOptions): Promise<boolean> {
  const rows = await q
    .insert(jobs)
    .values({ name, payload: payload as object, runAt: opts.runAt, key: opts.key, createdAt: opts.runAt })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Withdraws pending jobs by key: each key itself and the keys that extend it (`<key>:…`, e.g. a timer re-armed
 * with a key of its own). For timers that no longer apply (the booking left the state they wait in). A job
 * already running is left alone. Returns how many were withdrawn.
 */
export async function cancelJobs(q: Queryable, keys: readonly string[]): Promise<number> {
  if (!keys.length) return 0;
  const rows = await q
    .delete(jobs)
    .where(
      and(eq(jobs.status, 'pending'), or(...keys.map((k) => or(eq(jobs.key, k), sql`starts_with(${jobs.key}, ${`${k}:`})`)))),
    )
    .returning({ id: jobs.id });
  return rows.length;
}

const LOCK_MS = 5 * 60_000;

/**
 * Thrown by a handler that cannot run yet (e.g. a refund waiting for its capture): the job is put back
 * `delayMs` later without counting the attempt.
 */
export class JobDeferred extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'JobDeferred';
  }
}

export class JobRunner {
  readonly #defs = new Map<string, JobDefinition>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  register(...defs: JobDefinition[]): void {
    for (const d of defs) {
      if (this.#defs.has(d.name)) throw new Error(`job ${d.name} registered twice`);
      this.#defs.set(d.name, d);
    }
  }

  /** Runs every job due at clock.now(); resolves with how many ran. Safe to call concurrently (serialised). */
  runDue(): Promise<number> {
    const prev = this.#running ?? Promise.resolve(0);
    const next = prev.then(() => this.#runBatch());
    this.#running = next.catch(() => 0);
    return next;
  }

  /** Runs due jobs until none is left (jobs may enqueue further due jobs). */
  async drain(maxRounds = 20): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.runDue();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  start(pollMs = 1000): void {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.runDue()
        .catch((err) => this.log.error({ err }, 'job runner tick failed'))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, pollMs);
        });
    };
    this.#timer = setTimeout(tick, pollMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /**
   * Runs, now, the due pending jobs whose name starts with `namePrefix` and whose payload field `field` equals
   * `value` — the "try at once after commit" of an effect a request just enqueued (e.g. a booking's payment
   * calls). They are claimed like the runner claims them, so a job runs in one place only; what fails stays
   * with the runner's retries. Resolves with how many ran.
   */
  async runNow(namePrefix: string, field: string, value: string): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.db
      .update(jobs)
      .set({ status: 'running', attempts: sql`${jobs.attempts} + 1`, lockedUntil: new Date(now.getTime() + LOCK_MS) })
      .where(
        sql`${jobs.id} in (select ${jobs.id} from ${jobs} where ${jobs.status} = 'pending' and ${jobs.runAt} <= ${now}
          and ${jobs.name} like ${`${namePrefix}%`} and ${jobs.payload} ->> ${field} = ${value} for update skip locked)`,
      )
      .returning();
    return this.#runClaimed(claimed);
  }

  async #runBatch(): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.db
      .update(jobs)
      .set({ status: 'running', attempts: sql`${jobs.attempts} + 1`, lockedUntil: new Date(now.getTime() + LOCK_MS) })
      .where(
        sql`${jobs.id} in (select ${jobs.id} from ${jobs} where ${or(
          and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)),
          and(eq(jobs.status, 'running'), lte(jobs.lockedUntil, now)),
        )} order by ${jobs.runAt}, ${jobs.seq} limit 20 for update skip locked)`,
      )
      .returning();
    return this.#runClaimed(claimed);
  }

  async #runClaimed(claimed: (typeof jobs.$inferSelect)[]): Promise<number> {
    // UPDATE … RETURNING gives no order: run in due order, so e.g. "start" runs before "complete"; jobs due at the
    // same instant run in the order they were enqueued.
    claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.seq - b.seq);
    for (const job of claimed) {
      const def = this.#defs.get(job.name);
      try {
        if (!def) throw new Error(`no handler registered for job ${job.name}`);
        const payload = def.schema.parse(job.payload);
        await def.handle(payload, { jobId: job.id, attempt: job.attempts });
        await this.db
          .update(jobs)
          .set({ status: 'done', finishedAt: this.clock.now(), lockedUntil: null, lastError: null })
          .where(eq(jobs.id, job.id));
      } catch (err) {
        if (err instanceof JobDeferred) {
          await this.db
            .update(jobs)
            .set({
              status: 'pending',
              attempts: sql`${jobs.attempts} - 1`,
              lastError: err.message,
              runAt: new Date(this.clock.now().getTime() + err.delayMs),
              lockedUntil: null,
            })
            .where(eq(jobs.id, job.id));
          continue;
        }
        const max = def?.maxAttempts ?? 5;
        const failed = job.attempts >= max;
        this.log.warn(
          { err, jobId: job.id, job: job.name, attempt: job.attempts },
          failed ? 'job failed for good' : 'job failed, will retry',
        );
        const backoffMs = Math.min(60_000 * 2 ** (job.attempts - 1), 3_600_000);
        await this.db
          .update(jobs)
          .set({
            status: failed ? 'failed' : 'pending',
            lastError: safeErrorMessage(err).slice(0, 2000),
            runAt: failed ? job.runAt : new Date(this.clock.now().getTime() + backoffMs),
            lockedUntil: null,
          })
          .where(eq(jobs.id, job.id));
      }
    }
    return claimed.length;
  }
}
