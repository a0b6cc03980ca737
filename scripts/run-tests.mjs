// Runs every *.test.ts / *.spec.ts below the given folders with Node's test runner through tsx.
// Usage: node run-tests.mjs <dir> [<dir> ...]   (paths relative to the current workspace)
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const dirs = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(test|spec)\.tsx?$/.test(name)) files.push(p);
  }
};
dirs.forEach(walk);
if (files.length === 0) {
  console.log(`no test files under ${dirs.join(', ')}`);
  process.exit(0);
}
const filter = process.env.TEST_FILTER;
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
// TEST_CONCURRENCY: test files run at once (node:test's default is cores − 1, i.e. one file at a time here).
const concurrency = process.env.TEST_CONCURRENCY ? [`--test-concurrency=${Number(process.env.TEST_CONCURRENCY)}`] : [];
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', ...concurrency, '--test-reporter=spec', ...selected.sort()],
  { stdio: 'inherit', env: process.env },
);
process.exit(res.status ?? 1);
