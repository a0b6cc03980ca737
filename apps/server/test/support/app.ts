/**
 * useTestApp(): a real PartyStream server on port 0 for one test file, on a fresh database (see db.ts), with a
 * manual clock, the outbox mail provider, and a log capture: any error-level log line that a test did not
 * declare with `app.expectErrors()` fails the test (Epic Stack's "noisy console fails").
 */
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.ts';
import { ManualClock } from '../../src/clock.ts';
import { buildDeps, type Deps, type DepsOverrides } from '../../src/deps.ts';
import type { Database } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { openTestDatabase } from './db.ts';
import { TestClient } from './client.ts';
import { freePort } from './port.ts';

export interface TestApp {
  url: string;
  deps: Deps;
  server: RunningServer;
  clock: ManualClock;
  config: Config;
  /** A new anonymous client (own cookie jar). */
  client(opts?: { origin?: string | null }): TestClient;
  /** Error-level log lines captured so far. */
  errorLogs: Record<string, unknown>[];
  /** Every log line written so far, as written (raw JSON); what reaches it depends on `logLevel`. */
  logLines: string[];
  /** Declare that the current test expects error logs (they are then cleared instead of failing it). */
  expectErrors(): void;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Extra dependency overrides (e.g. a Stripe client pointed at a local Stripe-speaking server). */
  overrides?: Omit<DepsOverrides, 'database' | 'clock' | 'log'>;
  /** Start of the manual clock (default: real now). */
  now?: string | Date;
  /** Level of the captured log (default warn); `trace` to check what request logs contain. */
  logLevel?: string;
  /** A second server process's stand-in: shares this app's database and clock (the database is not closed on stop). */
  peerOf?: TestApp;
  /** A database to use instead of a fresh one (it is not closed on stop). */
  database?: Database;
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp & { stop(): Promise<void> }> {
  const errorLogs: Record<string, unknown>[] = [];
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        logLines.push(line);
        const entry = JSON.parse(line) as { level: number };
        if (entry.level >= 50) errorLogs.push(entry);
      }
      cb();
    },
  });
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    WEB_DIST_DIR: '',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    // Tests read mailed links from the outbox (it is off by default, issue 17).
    DEV_OUTBOX: opts.env?.MAIL_PROVIDER === 'smtp' || opts.env?.NODE_ENV === 'production' ? 'false' : 'true',
    // Abuse-limit keys of one test app (and its peers) never meet another run's in a shared Redis or Postgres.
    RATE_LIMIT_PREFIX: opts.peerOf?.config.RATE_LIMIT_PREFIX ?? `t${randomBytes(6).toString('hex')}`,
    // Test files run side by side on one Redis: each app and its peers get their own adapter channels, so a
    // server of another file never counts in (or stalls) this one's fetchSockets.
    REDIS_CHANNEL_PREFIX: opts.peerOf?.config.REDIS_CHANNEL_PREFIX ?? `t${randomBytes(6).toString('hex')}`,
    ...opts.env,
  });
  const clock = opts.peerOf?.clock ?? new ManualClock(opts.now ?? new Date());
  const shared = opts.peerOf?.deps.database ?? opts.database;
  const database = shared ? { ...shared, close: async () => {} } : await openTestDatabase();
  const deps = await buildDeps(config, { ...opts.overrides, database, clock, log: createLogger(opts.logLevel ?? 'warn', sink) });
  const server = await startServer(deps, { port, host: '127.0.0.1', jobs: false });
  const url = server.url;
  let expecting = false;
  return {
    url,
    deps,
    server,
    clock,
    config,
    errorLogs,
    logLines,
    client: (o = {}) => new TestClient(url, o.origin === undefined ? url : o.origin),
    expectErrors() {
      expecting = true;
    },
    async stop() {
      await server.stop();
      await deps.close();
    },
    get _expecting() {
      return expecting;
    },
    set _expecting(v: boolean) {
      expecting = v;
    },
  } as TestApp & { stop(): Promise<void> };
}

/** Registers before/after hooks for one test file and returns the app (valid inside tests). */
export function useTestApp(opts: TestAppOptions = {}): TestApp {
  let app: (TestApp & { stop(): Promise<void>; _expecting?: boolean }) | undefined;
  const handle = new Proxy({} as TestApp, {
    get(_t, prop) {
      if (!app) throw new Error('test app not started yet (use it inside a test)');
      return (app as unknown as Record<string | symbol, unknown>)[prop];
    },
  });
  before(async () => {
    app = await startTestApp(opts);
  });
  afterEach(() => {
    if (!app) return;
    const logs = app.errorLogs.splice(0);
    const expected = app._expecting;
    app._expecting = false;
    if (!expected && logs.length) assert.fail(`unexpected error logs:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`);
  });
  after(async () => {
    await app?.stop();
  });
  return handle;
}
