/**
 * Search benchmark: 10,000 generated DJs, many filter combinations through the real search service
 * (SQL filters + availability + next-open date for each card). Prints p50/p95 per combination and overall,
 * on PGlite and — when BENCH_DATABASE_URL or TEST_DATABASE_URL is set — on Postgres.
 *   node --import tsx bench/search.bench.ts      (from apps/server; DJS=2000 for a quicker run)
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { GENRES, LANGUAGES, DjSearchQuerySchema } from '@partystream/shared/dj/dj.schemas';
import { CITIES } from '@partystream/shared/dj/cities';
import { CURRENCIES, convertMinor, type Currency } from '@partystream/shared/money';
import { loadConfig } from '../src/config.ts';
import { buildDeps } from '../src/deps.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createLogger } from '../src/logger.ts';
import { openTempPostgres } from '../test/support/db.ts';
import { users } from '../src/db/schema/user.ts';
import { djProfiles, djWeeklyHours } from '../src/db/schema/dj.ts';

const N = Number(process.env.DJS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 15);

let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const some = <T>(xs: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(xs)))];

/** Benches run on the machine's clock (tests never do). */
const BENCH_NOW = new Date();

async function fill(database: Database) {
  const db = database.db;
  const currencies = Object.keys(CURRENCIES) as Currency[];
  for (let start = 0; start < N; start += 500) {
    const batch = Array.from({ length: Math.min(500, N - start) }, (_, k) => start + k);
    const us = await db
      .insert(users)
      .values(
        batch.map((i) => ({
          email: `bench-${i}-${randomBytes(3).toString('hex')}@bench.test`,
          displayName: `Bench ${i}`,
          role: 'dj' as const,
          passwordHash: 'x',
          createdAt: BENCH_NOW,
          updatedAt: BENCH_NOW,
        })),
      )
      .returning({ id: users.id });
    const rows = batch.map((i, k) => {
      const city = pick(CITIES);
      const currency = pick(currencies);
      const rateEur = 5_000 + Math.floor(rnd() * 45_000);
      const genres = some(GENRES, 1 + Math.floor(rnd() * 3));
      const name = `DJ ${pick(['Nova', 'Luna', 'Echo', 'Blaze', 'Pulse', 'Vibe', 'Storm', 'Neon', 'Sol', 'Kai'])} ${i}`;
      const bio = `${pick(['Warehouse', 'Rooftop', 'Wedding', 'Birthday', 'Office'])} parties with ${genres.join(' and ')}.`;
      return {
        userId: us[k]!.id,
        stageName: name,
        slug: `bench-dj-${i}`,
        bio,
        genres,
        tags: [],
        yearsExperience: Math.floor(rnd() * 20),
        equipment: [],
        languages: some(LANGUAGES, 1 + Math.floor(rnd() * 2)),
        cityId: city.id,
        cityName: city.name,
        country: city.country,
        lat: city.lat + (rnd() - 0.5) * 0.4,
        lng: city.lng + (rnd() - 0.5) * 0.4,
        timeZone: city.timeZone,
        currency,
        pricingKind: 'hourly' as const,
        hourlyRateMinor: Math.max(100, convertMinor(rateEur, 'EUR', currency)),
        minHours: 2,
        maxHours: 6,
        fromPriceEurMinor: rateEur * 2,
        cancellationPolicy: 'moderate' as const,
        ratingAvg: rnd() < 0.7 ? 3 + Math.round(rnd() * 20) / 10 : null,
        ratingCount: Math.floor(rnd() * 50),
        minNoticeMinutes: 1440,
        payoutsReady: true,
        createdAt: BENCH_NOW,
        updatedAt: BENCH_NOW,
        search: sql`setweight(to_tsvector('simple', ${name}), 'A') || setweight(to_tsvector('simple', ${genres.join(' ').replace(/-/g, ' ')}), 'B') || setweight(to_tsvector('simple', ${bio}), 'C')`,
      };
    });
    const ps = await db.insert(djProfiles).values(rows).returning({ id: djProfiles.id });
    await db.insert(djWeeklyHours).values(
      ps.flatMap((p) =>
        some([1, 2, 3, 4, 5, 6, 7], 2 + Math.floor(rnd() * 3)).map((weekday) => ({
          djProfileId: p.id,
          weekday,
          startMinute: 19 * 60,
          endMinute: 60,
        })),
      ),
    );
  }
  await db.execute(sql`analyze`);
}

const nextFriday = (() => {
  const d = new Date(Date.now() + 3 * 86_400_000);
  while (d.getUTCDay() !== 5) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
})();

const COMBOS: [string, Record<string, string>][] = [
  ['no filter', {}],
  ['text', { q: 'nova' }],
  ['text + genre', { q: 'rooftop', genres: 'house' }],
  ['city radius 50 km', { cityId: 'berlin', radiusKm: '50' }],
  ['country + genre', { country: 'US', genres: 'hip-hop,rnb' }],
  ['genres + languages', { genres: 'techno,house', languages: 'de' }],
  ['price range USD', { currency: 'USD', minPrice: '20000', maxPrice: '40000' }],
  ['min rating, sort rating', { minRating: '4.5', sort: 'rating' }],
  ['sort price asc, page 5', { sort: 'price_asc', page: '5' }],
  ['available on date', { date: nextFriday, tz: 'Europe/Berlin', cityId: 'london', radiusKm: '300' }],
  [
    'date + time window + genre',
    { date: nextFriday, tz: 'America/New_York', fromTime: '18:00', toTime: '23:00', genres: 'latin,reggaeton' },
  ],
  [
    'everything',
    {
      q: 'party',
      cityId: 'paris',
      radiusKm: '800',
      genres: 'disco,house,funk',
      languages: 'fr,en',
      currency: 'EUR',
      maxPrice: '80000',
      minRating: '3.5',
      sort: 'price_asc',
    },
  ],
];

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function run(label: string, database: Database) {
  const t0 = performance.now();
  await fill(database);
  console.log(`\n[${label}] generated ${N} DJs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    DATA_DIR: '/tmp/ps-bench',
    LOG_LEVEL: 'silent',
  });
  const deps = await buildDeps(config, { database, log: createLogger('silent') });
  const ti = performance.now();
  const indexed = await deps.availability.ensureIndexed(Date.now(), Date.now() + 100 * 86_400_000);
  console.log(
    `[${label}] availability index built for ${indexed} DJs in ${((performance.now() - ti) / 1000).toFixed(1)} s (once; edits then rewrite one row)`,
  );
  const all: number[] = [];
  console.log(`${'filters'.padEnd(30)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'results'.padStart(8)}`);
  for (const [name, params] of COMBOS) {
    const q = DjSearchQuerySchema.parse(params);
    await deps.dj.search(q); // warm
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      total = (await deps.dj.search(q)).total;
      times.push(performance.now() - s);
    }
    all.push(...times);
    console.log(
      `${name.padEnd(30)} ${pct(times, 50).toFixed(1).padStart(8)} ${pct(times, 95).toFixed(1).padStart(8)} ${String(total).padStart(8)}`,
    );
  }
  console.log(`${'ALL COMBINATIONS'.padEnd(30)} ${pct(all, 50).toFixed(1).padStart(8)} ${pct(all, 95).toFixed(1).padStart(8)}`);
  await deps.close();
}

await run('PGlite', await openDatabase({ pgliteDir: 'memory://' }));
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (url) await run('Postgres', await openTempPostgres(url, { prefix: 'ps_bench' }));
