/**
 * "Key pages interactive in under 2 s": real Chromium opens the landing, search, DJ profile, party lobby and party
 * room pages of a server holding the demo marketplace, as a phone on a slow connection would (Lighthouse's mobile
 * profile: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4×), with an empty cache each time, and
 * prints p50/p95 of the time from navigation until the page's main content is on screen and usable, plus the
 * bytes transferred; then the same on a typical 4G phone. Needs the built web app (`npm run build`).
 *   node --import tsx bench/pages.bench.ts        RUNS=7 by default
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../apps/server/src/config.ts';
import { buildDeps } from '../apps/server/src/deps.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { createLogger } from '../apps/server/src/logger.ts';
import { startServer } from '../apps/server/src/server.ts';
import { runSeed } from '../apps/server/src/scripts/seed/seed.ts';
import { SEED_STEPS } from '../apps/server/src/scripts/seed/steps.ts';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/support/fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const RUNS = Number(process.env.RUNS ?? 7);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const dist = join(ROOT, 'apps/web/dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.log('pages bench: build the web app first (npm run build)');
  process.exit(1);
}

const config = loadConfig({
  NODE_ENV: 'test',
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
  DATA_DIR: '/tmp/ps-bench',
  LOG_LEVEL: 'silent',
  JOBS_ENABLED: 'false',
  WEB_DIST_DIR: dist,
});
const deps = await buildDeps(config, { database: await openDatabase({ pgliteDir: 'memory://' }), log: createLogger('silent') });
await runSeed(deps, SEED_STEPS);
const srv = await startServer(deps, { port: 0, host: '127.0.0.1', jobs: false });

// A confirmed party with one invite, booked from a seeded host with a seeded DJ's first open evening.
const djId = (
  await deps.dj.search((await import('@partystream/shared/dj/dj.schemas')).DjSearchQuerySchema.parse({ sort: 'rating' }))
).items[0]!.id;
const host = await deps.auth.createUserDirect({
  email: 'pages@bench.test',
  displayName: 'Bench Host',
  role: 'host',
  password: 'bench password 123',
});
const terms = await deps.dj.getBookingTerms(djId);
const lengthMs = (terms.pricing.kind === 'per_event' ? terms.pricing.eventMinutes : terms.pricing.minHours * 60) * 60_000;
const open = await deps.availability.openIntervals(djId, Date.now(), Date.now() + 30 * 86_400_000);
const slot = open.find((w) => w.end - w.start >= lengthMs)!;
const { booking } = await deps.booking.request(host, {
  djProfileId: djId,
  startsAt: new Date(slot.start).toISOString(),
  endsAt: new Date(slot.start + lengthMs).toISOString(),
  note: '',
});
let paid = await deps.booking.pay(host, booking.id, {
  cardNumber: '4242424242424242',
  expiry: '12/30',
  cvc: '123',
  name: 'Bench',
});
if (!paid.partyToken)
  paid = await deps.booking.accept((await deps.auth.getUser((await deps.dj.getPublic(djId)).userId))!, booking.id);
const token = paid.partyToken!;
const invite = new URL((await deps.party.createInvite(token, host, 'Guest')).link).searchParams.get('invite')!;

const PAGES: { name: string; path: string; ready: (p: Page) => Promise<unknown> }[] = [
  { name: 'landing', path: '/', ready: (p) => p.locator('h1.hero-title').waitFor() },
  { name: 'search (12 cards)', path: '/djs', ready: (p) => p.locator('.dj-card').nth(5).waitFor() },
  {
    name: 'search, date + genre filter',
    path: `/djs?genres=house&date=${new Date(slot.start).toISOString().slice(0, 10)}&tz=UTC`,
    ready: (p) => p.locator('.results[aria-busy="false"]').waitFor(),
  },
  { name: 'DJ profile + calendar', path: `/djs/${djId}`, ready: (p) => p.getByTestId('slot-local').first().waitFor() },
  { name: 'party lobby (guest)', path: `/party/${token}?invite=${invite}`, ready: (p) => p.locator('.lobby-hero h1').waitFor() },
  {
    name: 'party room (guest)',
    path: `/party/${token}/room?invite=${invite}`,
    ready: (p) => p.locator('#chat-input:not([disabled])').waitFor(),
  },
];

const PROFILES = [
  {
    name: 'slow phone (Lighthouse mobile: RTT 150 ms, 1.6/0.75 Mbit/s, CPU 4× slower)',
    latency: 150,
    down: 1.6,
    up: 0.75,
    cpu: 4,
  },
  { name: 'typical 4G phone (RTT 60 ms, 9/3 Mbit/s, CPU 2× slower)', latency: 60, down: 9, up: 3, cpu: 2 },
];
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
for (const prof of PROFILES) {
  console.log(`\npages: ${RUNS} cold loads each, ${prof.name}`);
  console.log(
    `${'page'.padEnd(30)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'LCP p50'.padStart(8)} ${'kB'.padStart(7)}`,
  );
  const all: number[] = [];
  for (const pg of PAGES) {
    const times: number[] = [];
    const lcps: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: prof.latency,
        downloadThroughput: (prof.down * 1024 * 1024) / 8,
        uploadThroughput: (prof.up * 1024 * 1024) / 8,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: prof.cpu });
      let got = 0;
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (got += e.encodedDataLength));
      await page.addInitScript(() => {
        (window as unknown as { __lcp: number }).__lcp = 0;
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) (window as unknown as { __lcp: number }).__lcp = e.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
      });
      const t0 = Date.now();
      await page.goto(srv.url + pg.path, { waitUntil: 'commit' });
      await pg.ready(page);
      times.push(Date.now() - t0);
      lcps.push(await page.evaluate(() => (window as unknown as { __lcp: number }).__lcp));
      bytes = got;
      await ctx.close();
    }
    all.push(...times);
    console.log(
      `${pg.name.padEnd(30)} ${String(pct(times, 50)).padStart(8)} ${String(pct(times, 95)).padStart(8)} ${pct(lcps, 50).toFixed(0).padStart(8)} ${(bytes / 1024).toFixed(0).padStart(7)}`,
    );
  }
  console.log(`${'ALL PAGES'.padEnd(30)} ${String(pct(all, 50)).padStart(8)} ${String(pct(all, 95)).padStart(8)}`);
}
await browser.close();
await srv.stop();
await deps.close();
