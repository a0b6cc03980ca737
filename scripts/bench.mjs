// `npm run bench`: runs every benchmark file (`*.bench.ts` in a `bench/` folder of any workspace, or the root
// bench/ folder), one after the other, each printing its own figures. `BENCH_FILTER=search npm run bench` runs a subset.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['bench', 'apps/server/bench', 'apps/web/bench', 'packages/media/bench', 'packages/shared/bench'];
const files = [];
for (const r of roots) {
  if (!existsSync(r)) continue;
  for (const f of readdirSync(r)) if (f.endsWith('.bench.ts') && statSync(join(r, f)).isFile()) files.push(join(r, f));
}
const filter = process.env.BENCH_FILTER;
const selected = files.filter((f) => !filter || f.includes(filter));
if (!selected.length) {
  console.log('no benchmarks found');
  process.exit(0);
}
console.log(`machine: ${(await import('node:os')).cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
let failed = 0;
for (const f of selected) {
  console.log(`\n### ${f}`);
  const ws = dirname(dirname(f)) === '.' ? '.' : dirname(dirname(f));
  const res = spawnSync(process.execPath, ['--import', 'tsx', join('bench', basename(f))], {
    cwd: ws,
    stdio: 'inherit',
    env: process.env,
  });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
