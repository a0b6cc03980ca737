// Runs every *.test.ts / *.spec.ts below the given folders with Node's test runner through tsx, one process per
// file, TEST_CONCURRENCY files at a time. A file that runs longer than TEST_FILE_TIMEOUT_MS (default 5 minutes) is
// killed with its whole process group and reported as failed by name, so a hung test never hangs the suite.
// Each file's output is printed in one piece when it ends; the last lines are the totals ("ℹ pass N", "ℹ fail N").
// Usage: node run-tests.mjs <dir|file> [...]   (paths relative to the current workspace)
//   TEST_FILTER=<substring>   only files whose path contains it
//   TEST_EXCLUDE=<a,b,…>   leave out files whose path contains any of these
//   TEST_WRAP="faketime -f +5y"   run each file under this command (the time-travel run of scripts/test.mjs)
//   TEST_ALONE=<a,b,…>   files whose path contains any of these run after the others, one at a time, with no other
//                        file beside them (the browser tests that stream media)
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 5 * 60_000);
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY || 1));
const wrap = (process.env.TEST_WRAP ?? '').split(' ').filter(Boolean);

const files = [];
const walk = (p) => {
  if (!existsSync(p)) return;
  if (statSync(p).isFile()) return void (/\.(test|spec)\.tsx?$/.test(p) && files.push(p));
  for (const name of readdirSync(p)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    walk(join(p, name));
  }
};
process.argv.slice(2).forEach(walk);
const filter = process.env.TEST_FILTER;
const exclude = (process.env.TEST_EXCLUDE ?? '').split(',').filter(Boolean);
const selected = (filter ? files.filter((f) => f.includes(filter)) : files)
  .filter((f) => !exclude.some((x) => f.includes(x)))
  .sort();
if (selected.length === 0) {
  console.log(`no test files under ${process.argv.slice(2).join(', ')}${filter ? ` matching ${filter}` : ''}`);
  process.exit(0);
}

let pass = 0;
let fail = 0;
const failedFiles = [];
const children = new Set();

// CPU seconds of ended child processes (Linux): what a file's process used with everything it started (browser,
// servers), shown beside its time, which tells a busy file from a waiting one on a shared machine.
const childCpu = () => {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(f[13]) + Number(f[14])) / 100; // cutime + cstime, in clock ticks of 1/100 s
  } catch {
    return NaN;
  }
};
let reaped = childCpu(); // it grows only when a child ends, so each end's growth is that file's

function runFile(file) {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', '--test', '--test-reporter=spec', file];
    const [cmd, ...pre] = wrap.length ? [...wrap, process.execPath] : [process.execPath];
    // detached: the file gets its own process group, so a time-out kills what it started too (servers, browsers).
    const child = spawn(cmd, [...pre, ...args], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const t0 = Date.now();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, FILE_TIMEOUT_MS);
    let cpu = NaN;
    child.on('exit', () => {
      const now = childCpu();
      cpu = now - reaped;
      reaped = now;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      const p = Number(/^ℹ pass (\d+)/m.exec(out)?.[1] ?? 0);
      let f = Number(/^ℹ fail (\d+)/m.exec(out)?.[1] ?? 0);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      const cpuNote = Number.isNaN(cpu) ? '' : `, CPU ${cpu.toFixed(1)} s`;
      let note = '';
      if (timedOut) {
        f += 1;
        note = `✖ ${file}: killed after ${FILE_TIMEOUT_MS / 1000} s (TEST_FILE_TIMEOUT_MS) — it hung or ran too long`;
      } else if ((code !== 0 || signal) && f === 0) {
        f = 1; // the file itself failed to load or crashed
        note = `✖ ${file}: exited with ${signal ?? `code ${code}`} before reporting a failing test`;
      } else if (!/^ℹ pass \d+/m.test(out)) {
        f = 1; // a run that reports nothing measured nothing
        note = `✖ ${file}: reported no test results`;
      }
      pass += p;
      fail += f;
      if (f > 0) failedFiles.push(file);
      // Per-file summary lines are renamed so the totals below are the only "ℹ pass"/"ℹ fail" lines.
      process.stdout.write(
        `\n── ${file} (${secs} s${cpuNote}) ──\n${out.replace(/^ℹ (pass|fail) /gm, 'ℹ file $1 ')}${note ? `${note}\n` : ''}`,
      );
      resolve();
    });
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of children) killGroup(c);
    process.exit(1);
  });
}

const aloneMarks = (process.env.TEST_ALONE ?? '').split(',').filter(Boolean);
const isAlone = (f) => aloneMarks.some((x) => f.includes(x));
const queue = selected.filter((f) => !isAlone(f));
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) await runFile(f);
  }),
);
for (const f of selected.filter(isAlone)) await runFile(f);
if (failedFiles.length) console.log(`\nfailing files:\n${failedFiles.map((f) => `  ${f}`).join('\n')}`);
console.log(`ℹ files ${selected.length}\nℹ pass ${pass}\nℹ fail ${fail}`);
process.exit(fail > 0 ? 1 : 0);
