/**
 * Rating search benchmark (issue 15): "search sorted by rating over 10,000 DJs with 200,000 reviews stays at
 * p95 ≤ 50 ms". Seeds DJs, hosts, completed bookings, review windows and published host → DJ reviews with bulk
 * SQL through the real schema (its constraints, triggers and indexes), lets the review feature's own aggregate
 * query write every DJ's stored rating, then times "Top rated" and the min-rating filter through the real search
 * service and through the real HTTP route, and the price sorts beside them. PGlite always; Postgres too when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL (a server) is set. Exits 1 when a p95 misses the target or a run measured
 * nothing. Each line carries the load average while it ran: on a shared machine that is half the story.
 *   node --import tsx bench/rating-search.bench.ts   (from apps/server; DJS=2000 REVIEWS=40000 for a quicker run)
 * Seeding takes minutes; BENCH_PGLITE_DIR=/tmp/x keeps the seeded PGlite database, BENCH_POSTGRES_DB=name keeps a
 * seeded Postgres database of that name on the server (otherwise a temporary one is dropped at the end).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { GENRES, LANGUAGES, DjSearchQuerySchema } from '@partystream/shared/dj/dj.schemas';
import { CITIES } from '@partystream/shared/dj/cities';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/deps.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createLogger } from '../src/logger.ts';
import { startServer } from '../src/server.ts';
import pg from 'pg';
import { openTempPostgres } from '../test/support/db.ts';
import { users } from '../src/db/schema/user.ts';
import { djProfiles, djWeeklyHours } from '../src/db/schema/dj.ts';
import { recomputeDjRating } from '../src/features/review/review.repo.ts';

const DJS = Number(process.env.DJS ?? 10_000);
const REVIEWS = Number(process.env.REVIEWS ?? 200_000);
const HOSTS = Math.max(10, Math.round(DJS / 5));
const RUNS = Number(process.env.RUNS ?? 60);
const TARGET_P95_MS = 50;

/** Benches run on the machine's clock (tests never do). */
const BENCH_NOW = new Date();
const rows = <T>(res: unknown) => (res as { rows: T[] }).rows;

let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const some = <T>(xs: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(xs)))];

async function seedDjs(database: Database) {
  const db = database.db;
  for (let start = 0; start < DJS; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, DJS - start) }, (_, k) => start + k);
    const us = await db
      .insert(users)
      .values(
        batch.map((i) => ({
          email: `rating-${i}-${randomBytes(3).toString('hex')}@bench.test`,
          displayName: `Rating ${i}`,
          role: 'dj' as const,
          passwordHash: 'x',
          createdAt: BENCH_NOW,
          updatedAt: BENCH_NOW,
        })),
      )
      .returning({ id: users.id });
    const ps = await db
      .insert(djProfiles)
      .values(
        batch.map((i, k) => {
          const city = pick(CITIES);
          const genres = some(GENRES, 1 + Math.floor(rnd() * 3));
          const name = `DJ ${pick(['Nova', 'Luna', 'Echo', 'Blaze', 'Pulse'])} ${i}`;
          const price = 5_000 + 500 * Math.floor(rnd() * 60);
          return {
            userId: us[k]!.id,
            stageName: name,
            slug: `bench-dj-${i}`,
            bio: `Parties with ${genres.join(' and ')}.`,
            genres,
            yearsExperience: Math.floor(rnd() * 20),
            languages: some(LANGUAGES, 1 + Math.floor(rnd() * 2)),
            cityId: city.id,
            cityName: city.name,
            country: city.country,
            lat: city.lat,
            lng: city.lng,
            timeZone: city.timeZone,
            currency: 'EUR',
            pricingKind: 'hourly' as const,
            hourlyRateMinor: price,
            minHours: 2,
            maxHours: 6,
            fromPriceEurMinor: price,
            cancellationPolicy: 'moderate' as const,
            payoutsReady: true,
            createdAt: BENCH_NOW,
            updatedAt: BENCH_NOW,
            search: sql`to_tsvector('simple', ${name})`,
          };
        }),
      )
      .returning({ id: djProfiles.id });
    await db
      .insert(djWeeklyHours)
      .values(ps.flatMap((p) => [5, 6].map((weekday) => ({ djProfileId: p.id, weekday, startMinute: 19 * 60, endMinute: 60 }))));
  }
}

/**
 * Hosts, then REVIEWS completed bookings (a few DJs get hundreds, many get a handful, some none), each with its
 * review window and a published host → DJ review whose stars lean on a per-DJ quality. One statement per table.
 */
async function seedReviews(database: Database) {
  const db = database.db;
  const now = BENCH_NOW.toISOString();
  await db.execute(sql`select setseed(0.42)`);
  await db.execute(sql`
    insert into users (email, display_name, role, password_hash, created_at, updated_at)
    select 'rating-host-' || g || '@bench.test', 'Host ' || g, 'host', 'x', ${now}::timestamptz, ${now}::timestamptz
    from generate_series(1, ${HOSTS}) g`);
  await db.execute(sql`
    create temp table bench_dj as
    select id, user_id, (row_number() over (order by id) - 1)::int as idx, 2.5 + 2.5 * random() as quality
    from dj_profiles`);
  await db.execute(sql`
    create temp table bench_host as
    select id, (row_number() over (order by id) - 1)::int as idx from users where email like 'rating-host-%'`);
  await db.execute(sql`
    create temp table bench_b as
    select x.*, row_number() over (partition by x.dj_idx order by x.g)::int as nth
    from (select g, gen_random_uuid() as booking_id, floor(${DJS} * power(random(), 2.5))::int as dj_idx,
                 floor(random() * ${HOSTS})::int as host_idx, random() as noise
          from generate_series(1, ${REVIEWS}) g) x`);
  // Back to back, one day apart per DJ, all over before now: the exclusion constraint holds.
  await db.execute(sql`
    insert into bookings (id, dj_profile_id, dj_user_id, host_user_id, state, starts_at, ends_at, buffer_minutes,
      slot_from, slot_until, currency, total_minor, fee_minor, dj_share_minor, fee_bps, cancellation_policy,
      created_at, updated_at)
    select b.booking_id, d.id, d.user_id, h.id, 'completed', t.s, t.s + interval '3 hours', 30,
      t.s - interval '30 minutes', t.s + interval '210 minutes', 'EUR', 30000, 4500, 25500, 1500, 'moderate', t.s, t.s
    from bench_b b join bench_dj d on d.idx = b.dj_idx join bench_host h on h.idx = b.host_idx
    cross join lateral (select ${now}::timestamptz - (b.nth + 15) * interval '1 day' as s) t`);
  await db.execute(sql`
    insert into review_windows (booking_id, dj_profile_id, host_user_id, dj_user_id, completed_at, closes_at, published_at)
    select id, dj_profile_id, host_user_id, dj_user_id, ends_at, ends_at + interval '14 days', ends_at + interval '2 days'
    from bookings where id in (select booking_id from bench_b)`);
  await db.execute(sql`
    insert into reviews (booking_id, direction, author_user_id, subject_user_id, dj_profile_id, stars, text, status,
      created_at, published_at)
    select bk.id, 'host_to_dj', bk.host_user_id, bk.dj_user_id, bk.dj_profile_id,
      least(5, greatest(1, round(d.quality + (b.noise - 0.5) * 2.5)))::smallint, 'Great night.', 'published',
      bk.ends_at + interval '1 day', bk.ends_at + interval '2 days'
    from bench_b b join bookings bk on bk.id = b.booking_id join bench_dj d on d.idx = b.dj_idx`);
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

interface Card {
  id: string;
  rating: { average: number | null; count: number; score: number | null };
  priceInSearchCurrency: { amountMinor: number };
}

/** Fails the run unless the page is a non-empty, score-ordered list whose counts match the reviews table. */
async function assertRanked(database: Database, label: string, items: Card[], minRating?: number) {
  if (!items.length) throw new Error(`${label}: no results, nothing measured`);
  const scores = items.map((c) => c.rating.score ?? -1);
  for (let i = 1; i < scores.length; i++)
    if (scores[i]! > scores[i - 1]!) throw new Error(`${label}: not sorted by score (${scores.join(', ')})`);
  if (minRating !== undefined && scores.some((s) => s < minRating - 0.05))
    throw new Error(`${label}: a card below the min rating`);
  const top = items[0]!;
  const [n] = rows<{ n: number }>(
    await database.db.execute(
      sql`select count(*)::int as n from reviews where dj_profile_id = ${top.id} and direction = 'host_to_dj' and status = 'published'`,
    ),
  );
  if (!top.rating.count || top.rating.count !== Number(n!.n))
    throw new Error(`${label}: top card says ${top.rating.count} reviews, the table has ${n!.n}`);
}

/** Fails the run unless the page is a non-empty list in price order (all bench DJs price in EUR). */
function assertPriced(label: string, items: Card[], dir: 'asc' | 'desc') {
  if (!items.length) throw new Error(`${label}: no results, nothing measured`);
  const prices = items.map((c) => c.priceInSearchCurrency.amountMinor);
  for (let i = 1; i < prices.length; i++)
    if (dir === 'asc' ? prices[i]! < prices[i - 1]! : prices[i]! > prices[i - 1]!)
      throw new Error(`${label}: not sorted by price ${dir} (${prices.join(', ')})`);
}

/** Checks a first page the way its sort says it must be ordered. */
async function assertPage(database: Database, label: string, params: Record<string, string>, items: Card[]) {
  if (params.sort === 'price_asc' || params.sort === 'price_desc')
    return assertPriced(label, items, params.sort === 'price_asc' ? 'asc' : 'desc');
  if (params.page) {
    if (!items.length) throw new Error(`${label}: no results, nothing measured`);
    return;
  }
  return assertRanked(database, label, items, params.minRating ? Number(params.minRating) : undefined);
}

const load = () => loadavg()[0]!.toFixed(1);

async function run(label: string, database: Database): Promise<string[]> {
  const failures: string[] = [];
  const t0 = performance.now();
  // BENCH_PGLITE_DIR keeps the seeded PGlite database between runs (seeding takes minutes on a busy machine).
  const [seeded] = rows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from reviews`));
  const reuse = Number(seeded!.n) >= REVIEWS;
  if (!reuse) await seedDjs(database);
  const t1 = performance.now();
  if (!reuse) await seedReviews(database);
  const t2 = performance.now();
  const djIds = rows<{ id: string }>(await database.db.execute(sql`select id from dj_profiles`)).map((r) => r.id);
  if (!reuse) for (const id of djIds) await recomputeDjRating(database.db, id);
  const t3 = performance.now();
  // A settled database, as Postgres's autovacuum keeps one: seeding and the rating recompute left a dead version of
  // every profile (PGlite has no autovacuum, and a scan over dead versions costs several times more).
  await database.db.execute(sql`vacuum analyze`);
  const [counts] = rows<{ djs: number; reviews: number; rated: number }>(
    await database.db.execute(sql`select (select count(*)::int from dj_profiles) as djs,
      (select count(*)::int from reviews where status = 'published') as reviews,
      (select count(*)::int from dj_profiles where rating_count > 0) as rated`),
  );
  if (reuse) console.log(`\n[${label}] reusing the seeded database: ${counts!.djs} DJs, ${counts!.reviews} published reviews`);
  else
    console.log(
      `\n[${label}] ${counts!.djs} DJs in ${((t1 - t0) / 1000).toFixed(1)} s; ${counts!.reviews} published reviews ` +
        `(bookings, windows, reviews) in ${((t2 - t1) / 1000).toFixed(1)} s; ratings of ${counts!.djs} DJs (${counts!.rated} rated) ` +
        `recomputed by the review feature's query in ${((t3 - t2) / 1000).toFixed(1)} s`,
    );
  if (counts!.djs < DJS || counts!.reviews < REVIEWS)
    failures.push(`${label}: seeded ${counts!.djs} DJs / ${counts!.reviews} reviews`);

  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    DATA_DIR: '/tmp/ps-bench',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    WEB_DIST_DIR: '',
  });
  const deps = await buildDeps(config, { database, log: createLogger('silent') });
  await deps.availability.ensureIndexed(BENCH_NOW.getTime(), BENCH_NOW.getTime() + 100 * 86_400_000);
  const server = await startServer(deps, { port: 0, host: '127.0.0.1', jobs: false });
  const combos: [string, Record<string, string>][] = [
    ['top rated, page 1', { sort: 'rating' }],
    ['top rated, page 20', { sort: 'rating', page: '20' }],
    ['min rating 4.5, top rated', { minRating: '4.5', sort: 'rating' }],
    ['min rating 4, genre, top rated', { minRating: '4', genres: 'house', sort: 'rating' }],
    ['cheapest first, page 1', { sort: 'price_asc' }],
    ['dearest first, page 5', { sort: 'price_desc', page: '5' }],
  ];
  // CPU ms of this process per search (the server runs in it): what the search costs apart from waiting for a core.
  console.log(
    `[${label}] load average before timing: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} on ${cpus().length} cores`,
  );
  console.log(
    `${'query'.padEnd(40)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'CPU ms'.padStart(8)} ${'results'.padStart(8)} ${'load'.padStart(6)}`,
  );
  const line = (name: string, times: number[], cpu: number[], total: number) => {
    const p95 = pct(times, 95);
    console.log(
      `${name.padEnd(40)} ${pct(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${pct(cpu, 50).toFixed(1).padStart(8)} ${String(total).padStart(8)} ${load().padStart(6)}`,
    );
    if (!times.length || total === 0) failures.push(`${label} ${name}: measured nothing`);
    if (p95 > TARGET_P95_MS) failures.push(`${label} ${name}: p95 ${p95.toFixed(1)} ms > ${TARGET_P95_MS} ms`);
  };
  try {
    for (const [name, params] of combos) {
      const q = DjSearchQuerySchema.parse(params);
      const warm = await deps.dj.search(q);
      await assertPage(database, `${label} ${name}`, params, warm.items as Card[]);
      const service: number[] = [];
      const http: number[] = [];
      const serviceCpu: number[] = [];
      const httpCpu: number[] = [];
      const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
      let total = warm.total;
      const url = `${server.url}/api/djs?${new URLSearchParams(params)}`;
      const first = await fetch(url);
      if (first.status !== 200) throw new Error(`${label} ${name}: HTTP ${first.status} ${await first.text()}`);
      await assertPage(database, `${label} ${name} (HTTP)`, params, ((await first.json()) as { items: Card[] }).items);
      for (let i = 0; i < RUNS; i++) {
        let s = performance.now();
        let c = process.cpuUsage();
        total = (await deps.dj.search(q)).total;
        service.push(performance.now() - s);
        serviceCpu.push(cpuMs(process.cpuUsage(c)));
        s = performance.now();
        c = process.cpuUsage();
        const res = await fetch(url);
        const body = (await res.json()) as { total: number };
        http.push(performance.now() - s);
        httpCpu.push(cpuMs(process.cpuUsage(c)));
        if (res.status !== 200 || body.total !== total) throw new Error(`${label} ${name}: HTTP answer differs`);
      }
      line(`${name} (service)`, service, serviceCpu, total);
      line(`${name} (HTTP)`, http, httpCpu, total);
    }
  } finally {
    await server.stop();
    await deps.close();
  }
  console.log(
    `[${label}] load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} on ${cpus().length} cores`,
  );
  return failures;
}

/** BENCH_POSTGRES_DB: a database of that name on the server, created once and kept (seeded on its first run). */
async function openKeptPostgres(serverUrl: string, name: string): Promise<Database> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`BENCH_POSTGRES_DB must be a plain name, not ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!found.rowCount) await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return openDatabase({ url: u.toString(), poolSize: 20 });
}

console.log(`rating search bench: ${DJS} DJs, ${REVIEWS} reviews, ${RUNS} runs a query; target p95 ≤ ${TARGET_P95_MS} ms`);
console.log(
  `load average at the start: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')} on ${cpus().length} cores`,
);
const failures = await run('PGlite', await openDatabase({ pgliteDir: process.env.BENCH_PGLITE_DIR ?? 'memory://' }));
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (url) {
  const kept = process.env.BENCH_POSTGRES_DB;
  const database = kept ? await openKeptPostgres(url, kept) : await openTempPostgres(url, { prefix: 'ps_bench' });
  const [v] = rows<{ v: string }>(await database.db.execute(sql`select current_setting('server_version') as v`));
  failures.push(...(await run(`Postgres ${v!.v.split(' ')[0]}`, database)));
}
if (failures.length) {
  console.error(`\nFAILED (target p95 ≤ ${TARGET_P95_MS} ms):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`\nrating search: every p95 ≤ ${TARGET_P95_MS} ms over ${DJS} DJs and ${REVIEWS} reviews`);
