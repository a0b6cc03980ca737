/**
 * Booking-create benchmark: 20 DJs, 400 booking requests fired 20 at a time (a third of them colliding on
 * the same slot), through the real HTTP API with real sessions. Prints p50/p99 of request latency and the
 * outcome counts, on PGlite and — with TEST_DATABASE_URL/BENCH_DATABASE_URL — on Postgres.
 *   node --import tsx bench/booking.bench.ts   (from apps/server)
 */
import { randomBytes } from 'node:crypto';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/deps.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createLogger } from '../src/logger.ts';
import { openTempPostgres } from '../test/support/db.ts';
import { startServer } from '../src/server.ts';
import { SESSION_COOKIE } from '../src/http/session.ts';
import { ManualClock } from '../src/clock.ts';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function run(label: string, database: Database) {
  const clock = new ManualClock('2026-12-01T12:00:00Z');
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    DATA_DIR: '/tmp/ps-bench',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    LOGIN_MAX_ATTEMPTS: '1000',
  });
  const deps = await buildDeps(config, { database, clock, log: createLogger('silent') });
  const srv = await startServer(deps, { port: 0, host: '127.0.0.1', jobs: false });
  const djIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const u = await deps.auth.createUserDirect({
      email: `bdj${i}-${randomBytes(3).toString('hex')}@bench.test`,
      displayName: `DJ ${i}`,
      role: 'dj',
      password: 'bench password 123',
    });
    const p = await deps.dj.saveMine(
      u,
      DjProfileInputSchema.parse({
        stageName: `DJ ${i}`,
        genres: ['house'],
        yearsExperience: 1,
        languages: ['en'],
        cityId: 'berlin',
        timeZone: 'UTC',
        currency: 'EUR',
        pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 1, maxHours: 4 },
        minNoticeHours: 0,
        bufferMinutes: 0,
      }),
    );
    await deps.paymentService.startPayoutOnboarding(u);
    await deps.availability.setWeekly(u.id, {
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:45' })),
    });
    djIds.push(p.id);
  }
  const cookies: string[] = [];
  for (let i = 0; i < 20; i++) {
    const h = await deps.auth.createUserDirect({
      email: `bh${i}-${randomBytes(3).toString('hex')}@bench.test`,
      displayName: `Host ${i}`,
      role: 'host',
      password: 'bench password 123',
    });
    cookies.push(`${SESSION_COOKIE}=${(await deps.auth.issueSession(h.id, {})).token}`);
  }
  const N = 400;
  const lat: number[] = [];
  const outcomes: Record<number, number> = {};
  const base = Date.parse('2026-12-03T00:00:00Z');
  for (let i = 0; i < N; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, async (_, k) => {
        const n = i + k;
        // Every third request collides with an earlier one on the same DJ and hour.
        const slot = n % 3 === 0 ? Math.floor(n / 3) % 40 : n;
        const start = base + (slot % 40) * 3_600_000 + Math.floor(slot / 40) * 86_400_000;
        const t0 = performance.now();
        const res = await fetch(`${srv.url}/api/bookings`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: srv.url, Cookie: cookies[n % 20]! },
          body: JSON.stringify({
            djProfileId: djIds[slot % 20],
            startsAt: new Date(start).toISOString(),
            endsAt: new Date(start + 3_600_000).toISOString(),
          }),
        });
        await res.arrayBuffer();
        lat.push(performance.now() - t0);
        outcomes[res.status] = (outcomes[res.status] ?? 0) + 1;
      }),
    );
  }
  console.log(
    `[${label}] ${N} booking requests, 20 concurrent: p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms; outcomes ${JSON.stringify(outcomes)}`,
  );
  const check = await deps.ledger.check();
  console.log(`[${label}] ledger check: ${check.ok ? 'ok' : JSON.stringify(check.problems)}`);
  await srv.stop();
  await deps.close();
}

await run('PGlite', await openDatabase({ pgliteDir: 'memory://' }));
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (url) await run('Postgres', await openTempPostgres(url, { prefix: 'ps_bench' }));
