/**
 * Lighthouse 12 on the public pages (issue 20): landing, search and a DJ profile of a server holding the demo
 * marketplace and serving the built web app, with Lighthouse's mobile preset and its desktop preset. Each page is
 * audited LH_RUNS times (3 by default) per preset and the run with the median performance score is printed, as
 * Lighthouse's own docs advise for variance. Needs the built web app (`npm run build`).
 *   CHROME_PATH=/usr/bin/chromium node --import tsx bench/lighthouse.bench.ts
 * Exits non-zero when a run measured nothing; LH_STRICT=1 also fails when a mobile target is missed.
 * LH_PRESETS=mobile and LH_PAGES=profile (comma-separated) audit a subset, for measuring one change quickly.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../apps/server/src/config.ts';
import { buildDeps } from '../apps/server/src/deps.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { createLogger } from '../apps/server/src/logger.ts';
import { startServer } from '../apps/server/src/server.ts';
import { runSeed } from '../apps/server/src/scripts/seed/seed.ts';
import { SEED_STEPS } from '../apps/server/src/scripts/seed/steps.ts';
import { DjSearchQuerySchema } from '@partystream/shared/dj/dj.schemas';
import { audit, type Measured, type Preset } from './lighthouse-run.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Math.max(1, Number(process.env.LH_RUNS ?? 3));
const dist = join(ROOT, 'apps/web/dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.log('lighthouse bench: build the web app first (npm run build)');
  process.exit(1);
}

/** The mobile-preset targets of issue 20. */
const TARGET = { performance: 95, accessibility: 95, lcpMs: 1500, tbtMs: 200, cls: 0.05 };
const meets = (m: Measured) =>
  m.performance >= TARGET.performance &&
  m.accessibility >= TARGET.accessibility &&
  m.lcpMs <= TARGET.lcpMs &&
  m.tbtMs <= TARGET.tbtMs &&
  m.cls <= TARGET.cls;

// PUBLIC_URL must be the address Lighthouse opens, so canonical and Open Graph URLs are on the audited host.
const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const config = loadConfig({
  NODE_ENV: 'test',
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
  DATA_DIR: '/tmp/ps-bench-lh',
  LOG_LEVEL: 'silent',
  JOBS_ENABLED: 'false',
  WEB_DIST_DIR: dist,
  PUBLIC_URL: `http://127.0.0.1:${port}`,
});
const deps = await buildDeps(config, { database: await openDatabase({ pgliteDir: 'memory://' }), log: createLogger('silent') });
await runSeed(deps, SEED_STEPS);
const srv = await startServer(deps, { port, host: '127.0.0.1', jobs: false });

const top = (await deps.dj.search(DjSearchQuerySchema.parse({ sort: 'rating' }))).items[0]!;
const only = (v: string | undefined) => (v ? v.split(',').map((x) => x.trim()) : null);
const PAGES = [
  { name: 'landing', path: '/' },
  { name: 'search', path: '/djs' },
  { name: 'DJ profile', path: `/djs/${top.slug}` },
].filter((p) => !only(process.env.LH_PAGES) || only(process.env.LH_PAGES)!.some((w) => p.name.includes(w)));
const PRESETS = (['mobile', 'desktop'] as Preset[]).filter(
  (p) => !only(process.env.LH_PRESETS) || only(process.env.LH_PRESETS)!.includes(p),
);

const median = (runs: Measured[]) => [...runs].sort((a, b) => a.performance - b.performance)[Math.floor(runs.length / 2)]!;
const row = (cells: (string | number)[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join(' ');
const W = [12, 6, 5, 4, 8, 7, 6, 7];

let missed = 0;
try {
  for (const preset of PRESETS) {
    console.log(
      `\nlighthouse 12.2.3, ${preset} preset, median of ${RUNS} run(s) per page, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(row(['page', 'perf', 'a11y', 'seo', 'LCP ms', 'TBT ms', 'CLS', preset === 'mobile' ? 'target' : ''], W));
    for (const page of PAGES) {
      const runs: Measured[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await audit(srv.url + page.path, preset));
      const m = median(runs);
      const ok = meets(m);
      if (preset === 'mobile' && !ok) missed++;
      console.log(
        row(
          [
            page.name,
            m.performance,
            m.accessibility,
            m.seo,
            m.lcpMs.toFixed(0),
            m.tbtMs.toFixed(0),
            m.cls.toFixed(3),
            preset === 'mobile' ? (ok ? 'met' : 'MISSED') : '',
          ],
          W,
        ) +
          ` bi ${m.benchmarkIndex.toFixed(0)}` +
          (m.failed.length ? `  failed: ${m.failed.join(', ')}` : ''),
      );
      if (RUNS > 1)
        console.log(
          `${''.padEnd(12)} runs: perf ${runs.map((r) => r.performance).join('/')}, LCP ${runs.map((r) => r.lcpMs.toFixed(0)).join('/')}, TBT ${runs.map((r) => r.tbtMs.toFixed(0)).join('/')}, benchmarkIndex ${runs.map((r) => r.benchmarkIndex.toFixed(0)).join('/')}`,
        );
    }
  }
  console.log(
    `\nmobile targets: perf and a11y ≥ ${TARGET.performance}, LCP ≤ ${TARGET.lcpMs} ms, TBT ≤ ${TARGET.tbtMs} ms, CLS ≤ ${TARGET.cls}`,
  );
} finally {
  await srv.stop();
  await deps.close();
}
if (missed && process.env.LH_STRICT === '1') {
  console.error(`lighthouse: ${missed} page(s) missed the mobile targets`);
  process.exit(1);
}
