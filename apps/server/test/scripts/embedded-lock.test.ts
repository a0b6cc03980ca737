// Two processes must never open one embedded database (issue 13): `npm run seed:demo` beside a running server
// wrote into the same PGlite folder and lost data on both sides. Real processes: the server from main.ts and the
// seed script, on one DATA_DIR.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, pgliteDirFor } from '../../src/db/client.ts';
import { pgliteTemplate } from '../support/db.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const SEED = fileURLToPath(new URL('../../src/scripts/seed-demo.ts', import.meta.url));

function start(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

/** A data folder holding a migrated database (a copy of the tests' template: no initdb in each process). */
async function migratedDataDir(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ps-lock-'));
  const database = await openDatabase({ pgliteDir: pgliteDirFor(dataDir), loadDataDir: await pgliteTemplate() });
  await database.close();
  return dataDir;
}

async function waitFor(cond: () => boolean, what: string, ms = 150_000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function userCount(dataDir: string): Promise<number> {
  const database = await openDatabase({ pgliteDir: pgliteDirFor(dataDir) });
  try {
    const r = (await database.db.execute('select count(*)::int as n from users')) as unknown as { rows: { n: number }[] };
    return r.rows[0]!.n;
  } finally {
    await database.close();
  }
}

describe('one process per embedded database', { timeout: 240_000 }, () => {
  test('seeding beside a running server is refused, names the server and writes nothing', async () => {
    const dataDir = await migratedDataDir();
    let server: ChildProcess | undefined;
    try {
      const s = start(MAIN, { DATA_DIR: dataDir, PORT: '0' });
      server = s.child;
      await waitFor(() => /PartyStream listening/.test(s.output()), `the server to listen:\n${s.output()}`);

      const seed = start(SEED, { DATA_DIR: dataDir });
      assert.equal(await seed.exited, 1, seed.output());
      assert.match(seed.output(), /Nothing was seeded/);
      assert.match(seed.output(), new RegExp(`in use by process ${s.child.pid}\\b`));
      assert.match(seed.output(), /Stop that process first/);
      assert.doesNotMatch(seed.output(), /seeded users/, 'no seed step ran');

      s.child.kill('SIGTERM');
      assert.equal(await s.exited, 0, s.output());
      assert.equal(existsSync(`${pgliteDirFor(dataDir)}.lock`), false, 'a clean stop releases the lock');
      assert.equal(await userCount(dataDir), 0, 'the refused seed wrote nothing');
    } finally {
      server?.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a lock left by a process that died is taken over', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ps-lock-'));
    try {
      const dead = spawn(process.execPath, ['-e', '']);
      await new Promise((r) => dead.on('close', r));
      const dir = pgliteDirFor(dataDir);
      writeFileSync(
        `${dir}.lock`,
        JSON.stringify({ pid: dead.pid, command: 'a server that was killed -9', host: (await import('node:os')).hostname() }),
      );
      assert.equal(await userCount(dataDir), 0, 'opens despite the stale lock');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
