// `npm test`: every workspace's tests on the embedded defaults (PGlite, in-process fan-out), then — when
// TEST_DATABASE_URL / TEST_REDIS_URL are set — the server suites again against real Postgres / Redis.
// A time-travel run repeats the fixed-clock server files with the machine's clock moved years forward and back
// (Debian's faketime), so a reading of the wall clock in server code fails here, not on some future date.
// Every test file has a time limit (run-tests.mjs) and so has the whole run (TEST_SUITE_TIMEOUT_MS).
// Ends with one summary line "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { spawnArgs } from './loopback-netns.mjs';

const SERVER_CONCURRENCY = process.env.TEST_CONCURRENCY ?? '2';
const hasFaketime = spawnSync('faketime', ['-f', '+1d', 'true']).status === 0;
// Media tests (UDP timing) keep one file at a time.
const serial = { TEST_CONCURRENCY: '' };
const runs = [
  { name: 'tooling', cwd: '.', env: {}, dirs: ['scripts'], side: true }, // lint-rule and README checks
  { name: 'shared', cwd: 'packages/shared', env: {}, side: true },
  { name: 'media', cwd: 'packages/media', env: serial },
  // Server files each get their own database and server, so two run at once (TEST_CONCURRENCY overrides).
  // The fixed-clock files run once on PGlite: in the time-travel run 5 years ahead where faketime exists (the same
  // tests, proving more), here otherwise.
  {
    name: 'server (PGlite)',
    cwd: 'apps/server',
    env: {
      TEST_DB: 'pglite',
      TEST_CONCURRENCY: SERVER_CONCURRENCY,
      TEST_EXCLUDE: hasFaketime ? 'TIME_TRAVEL' : '',
    },
  },
  { name: 'web', cwd: 'apps/web', env: {}, side: true },
];
if (process.env.TEST_DATABASE_URL) {
  runs.push({
    name: 'server (Postgres)',
    cwd: 'apps/server',
    // Files that prove nothing about the database kind (pure units, config, the PGlite data-folder lock, ICE over
    // UDP, HTTP headers, mail transport, files, fan-out, the seed's entry) run once, in the PGlite group.
    env: {
      TEST_DB: 'postgres',
      TEST_CONCURRENCY: SERVER_CONCURRENCY,
      TEST_EXCLUDE: [
        'src/',
        'test/http/startup.test',
        'test/scripts/embedded-lock.test',
        'test/http/stream-ice.test',
        'test/http/stream-cors.test', // HTTP headers of WHIP/WHEP
        'test/http/smtp.test', // the mail transport
        'test/http/storage.test', // disk / S3 files
        'test/socket/realtime.test', // the fan-out (its Redis part runs in the PGlite group too)
      ].join(','),
    },
  });
}
// Server files that run on a fixed test clock, run again with the wall clock years away from it.
const TIME_TRAVEL_FILES = [
  'http/booking.test.ts',
  'http/booking-crash.test.ts',
  'http/payment-after-commit.test.ts',
  'http/payment-stripe.test.ts',
  'http/payouts.test.ts',
  'http/receipt.test.ts',
  'http/party.test.ts',
  'http/stream.test.ts',
  'socket/party-room.test.ts',
];
const pgliteRun = runs.find((r) => r.name === 'server (PGlite)');
if (pgliteRun.env.TEST_EXCLUDE) pgliteRun.env.TEST_EXCLUDE = TIME_TRAVEL_FILES.map((f) => `test/${f}`).join(',');
// Forward over every file; back over the job-queue files (the time bomb of issue 13 was a job due "in the future").
const TIME_TRAVEL_RUNS = [
  { offset: '+5y', files: TIME_TRAVEL_FILES },
  { offset: '-3y', files: ['http/booking.test.ts', 'http/booking-crash.test.ts', 'http/payment-after-commit.test.ts'] },
];
for (const { offset, files } of TIME_TRAVEL_RUNS) {
  runs.push({
    name: `server time travel (wall clock ${offset})`,
    cwd: 'apps/server',
    env: { TEST_DB: 'pglite', TEST_CONCURRENCY: SERVER_CONCURRENCY, TEST_WRAP: `faketime -f ${offset}` },
    files: files.map((f) => `test/${f}`),
    skip: hasFaketime ? null : 'faketime is not installed (Debian package faketime; .ci/run installs it)',
  });
}
// Browser tests: two files at a time (each has its own server, database and Chromium; most of a file's time is the
// browser and server waiting on each other), except those that stream media (WebRTC over UDP, timing-sensitive,
// marked by `mediaArgs: true`), which run afterwards one at a time with nothing beside them.
if (existsSync('e2e')) {
  const alone = readdirSync('e2e')
    .filter((f) => f.endsWith('.spec.ts') && /mediaArgs:\s*true/.test(readFileSync(`e2e/${f}`, 'utf8')))
    .map((f) => `e2e/${f}`);
  const env = { TEST_CONCURRENCY: process.env.TEST_E2E_CONCURRENCY ?? '2', TEST_ALONE: alone.join(',') };
  runs.push({ name: 'e2e (Chromium)', cwd: '.', env, e2e: true });
}

// CPU seconds used by finished child processes (Linux; shown per group to tell busy from waiting).
const childCpu = () => {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
};

let passed = 0;
let failed = 0;
const failures = [];
const started = Date.now();

// The whole run has a limit too (default 40 minutes; CI has 90): past it, the running group is killed and counted.
const SUITE_TIMEOUT_MS = Number(process.env.TEST_SUITE_TIMEOUT_MS ?? 40 * 60_000);
const running = new Set();
const suiteTimer = setTimeout(() => {
  console.log(`\n✖ the whole test run passed its limit of ${SUITE_TIMEOUT_MS / 60_000} min (TEST_SUITE_TIMEOUT_MS); stopping`);
  timedOut = true;
  for (const child of running) child.kill('SIGTERM');
}, SUITE_TIMEOUT_MS);
suiteTimer.unref();
let timedOut = false;

// Runs a command; its output streams through, or — for groups that run side by side — is kept and printed whole
// when the group ends, so parallel groups never interleave their lines.
function run(cmd, args, opts, { buffered = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    let all = '';
    child.stdout.on('data', (d) => {
      if (buffered) all += d;
      else process.stdout.write(d);
      out += d;
    });
    child.stderr.on('data', (d) => {
      if (buffered) all += d;
      else process.stderr.write(d);
    });
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, out, all });
    });
  });
}

const only = process.env.TEST_ONLY; // e.g. TEST_ONLY=server to run one group
const secs = (t0) => ((Date.now() - t0) / 1000).toFixed(1);

// Static checks: lint (including the import-boundary rules) and the type check each count as a test.
const statics = [
  { name: 'lint', static: ['run', 'lint', '--silent'] },
  { name: 'typecheck', static: ['run', 'typecheck', '--silent'] },
];

/** Runs one group. Buffered (side-by-side) groups return their whole output to print when they end. */
async function runGroup(r, buffered) {
  const t0 = Date.now();
  const c0 = childCpu();
  const lines = [];
  const say = (line) => (buffered ? lines.push(line) : console.log(line));
  say(`\n=== ${r.name} ===`);
  if (r.static) {
    const { code, all } = await run('npm', r.static, { env: process.env }, { buffered });
    if (code === 0) passed++;
    else {
      failed++;
      failures.push(r.name);
    }
    if (all.trim()) say(all.trimEnd());
    say(`=== ${r.name}: ${code === 0 ? 'ok' : 'FAILED'} in ${secs(t0)} s ===`);
    return lines.join('\n');
  }
  if (r.skip) {
    say(`SKIPPED: ${r.skip}`);
    return lines.join('\n');
  }
  if (r.e2e) {
    const tb = Date.now();
    const cb = childCpu();
    const b = await run('npm', ['run', 'build', '--silent', '-w', 'apps/web'], { env: process.env }, { buffered });
    if (b.code !== 0) say(b.all.trimEnd());
    say(`(web build in ${secs(tb)} s${buffered ? '' : `, CPU ${(childCpu() - cb).toFixed(0)} s`})`);
    if (b.code !== 0) {
      failed++;
      failures.push('web build');
      return lines.join('\n');
    }
  }
  const args = r.e2e
    ? ['scripts/run-tests.mjs', 'e2e']
    : r.dirs
      ? ['scripts/run-tests.mjs', ...r.dirs]
      : ['../../scripts/run-tests.mjs', ...(r.files ?? ['src', 'test'])];
  // Browser WebRTC tests run where only 127.0.0.1 exists when the machine allows it (see loopback-netns.mjs).
  const cmd = r.e2e ? spawnArgs(process.execPath, args) : { cmd: process.execPath, args };
  if (cmd.how) say(cmd.how);
  const { code, out, all } = await run(cmd.cmd, cmd.args, { cwd: r.cwd, env: { ...process.env, ...r.env } }, { buffered });
  const p = Number(/^ℹ pass (\d+)/m.exec(out)?.[1] ?? 0);
  const f = Number(/^ℹ fail (\d+)/m.exec(out)?.[1] ?? 0);
  passed += p;
  failed += f;
  if (code !== 0) {
    failures.push(r.name);
    if (f === 0) failed++; // the runner itself failed (crash, load error)
  }
  // CPU per group only where groups run one at a time (children's CPU is counted when they end).
  const cpu = buffered ? '' : ` (CPU ${(childCpu() - c0).toFixed(0)} s)`;
  if (all.trim()) say(all.trimEnd());
  say(`=== ${r.name}: ${p} passed, ${f} failed in ${secs(t0)} s${cpu} ===`);
  return lines.join('\n');
}

// First the static checks and the light groups side by side (each group's output kept and printed whole when it
// ends); then the heavy and timing-sensitive groups one at a time: media (UDP timing), the server on PGlite (two
// files at a time), on Postgres, the time-travel runs, the browser tests. Running Postgres and the browser tests side
// by side was tried (2026-12-03): on a busy 2-core machine the pair took 772 s against ~620 s one after the other,
// and a WebRTC server test lost its packets. TEST_SERIAL=1 runs every group one at a time, streaming its output.
const selected = (r) => !only || (r.static ? only === 'static' : r.name.startsWith(only));
const side = [...statics, ...runs.filter((r) => r.side)].filter(selected);
const serialRuns = runs.filter((r) => !r.side).filter(selected);
if (process.env.TEST_SERIAL) for (const r of side) await runGroup(r, false);
else if (side.length) {
  const t0 = Date.now();
  const c0 = childCpu();
  console.log(`\n=== side by side: ${side.map((r) => r.name).join(', ')} ===`);
  await Promise.all(side.map(async (r) => console.log(await runGroup(r, true))));
  console.log(`=== side by side: done in ${secs(t0)} s (CPU ${(childCpu() - c0).toFixed(0)} s) ===`);
}
for (const r of serialRuns) {
  if (timedOut) {
    failed++;
    failures.push(`${r.name} (not run: time limit)`);
    continue;
  }
  await runGroup(r, false);
}
console.log(`\nsuite time ${secs(started)} s${failures.length ? `; failing: ${failures.join(', ')}` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
