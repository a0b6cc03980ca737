/**
 * Browser test fixtures: a real PartyStream server in this process (a fresh in-memory PGlite copied from the
 * migrated template of apps/server/test/support/db.ts, the built web app, jobs runner on) and headless Debian
 * Chromium driven by playwright-core. Never downloads a browser.
 *
 *   const env = useE2E();
 *   test('…', async () => { const page = await env.newPage(); await page.goto(env.url); … });
 */
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { loadConfig, type Config } from '../../apps/server/src/config.ts';
import { buildDeps, type Deps, type DepsOverrides } from '../../apps/server/src/deps.ts';
import { createLogger } from '../../apps/server/src/logger.ts';
import { startServer, type RunningServer } from '../../apps/server/src/server.ts';
import { SESSION_COOKIE } from '../../apps/server/src/http/session.ts';
import { openTestPglite } from '../../apps/server/test/support/db.ts';
import { OffsetClock } from '../../apps/server/src/clock.ts';
import { freePort } from '../../apps/server/test/support/port.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const MEDIA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * A server clock that runs at real speed from today's 12:00 UTC. Journeys that book "in a few hours" inside a
 * DJ's daily hours use it so they never straddle midnight, whatever the hour the suite happens to run.
 */
export function middayClock(): OffsetClock {
  const clock = new OffsetClock();
  const midday = new Date(Date.now());
  midday.setUTCHours(12, 0, 0, 0);
  clock.set(midday);
  return clock;
}

export const PHONE = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 860 };

export interface E2E {
  url: string;
  deps: Deps;
  config: Config;
  browser: Browser;
  server: RunningServer;
  newPage(opts?: { timezoneId?: string; viewport?: { width: number; height: number }; locale?: string }): Promise<Page>;
  /** Logs the page's context in as `user` by inserting a session (no clicking through sign-up). */
  loginAs(page: Page, user: User): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
  /** Runs axe-core (WCAG 2 A/AA rules) on the page as it is now; fails listing each violation and its nodes. */
  expectAccessible(page: Page, what: string): Promise<void>;
  /** Console errors seen so far (an unexpected one fails the test). */
  consoleErrors: string[];
  allowConsoleErrors(pattern: RegExp): void;
}

export interface E2EOptions {
  env?: Record<string, string>;
  mediaArgs?: boolean;
  /**
   * Runs before the server is built: more settings and dependency overrides, e.g. a Stripe SDK pointed at a local
   * Stripe-speaking server (whose port is only known once it runs).
   */
  setup?: () => Promise<{ env?: Record<string, string>; overrides?: Pick<DepsOverrides, 'stripe' | 'payments' | 'clock'> }>;
}

export function useE2E(opts: E2EOptions = {}): E2E {
  // 4xx answers are expected behaviour (wrong password, logged out); Chromium logs them as console errors.
  const state: Partial<E2E> & { contexts: BrowserContext[]; allowed: RegExp[] } = {
    contexts: [],
    allowed: [/Failed to load resource: the server responded with a status of 4\d\d/],
    consoleErrors: [],
  };

  before(async () => {
    const extra = (await opts.setup?.()) ?? {};
    const port = await freePort();
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      SESSION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
      WEB_DIST_DIR: join(ROOT, 'apps/web/dist'),
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://localhost:${port}`,
      DEV_OUTBOX: 'true',
      DATA_DIR: join(ARTIFACTS, 'e2e-data'),
      ...opts.env,
      ...extra.env,
    });
    // The browser first, and each part kept as soon as it exists: a failed start (no Chromium, a bad setting)
    // fails the file at once and `after` still stops what did start, instead of leaving the process hanging.
    state.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(opts.mediaArgs ? MEDIA_ARGS : [])],
    });
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const database = await openTestPglite();
    state.deps = await buildDeps(config, { database, log: createLogger('warn', sink), ...extra.overrides });
    state.server = await startServer(state.deps, { port, host: '127.0.0.1', jobs: true });
    Object.assign(state, { url: config.PUBLIC_URL, config });
  });

  afterEach(async () => {
    const errors = (state.consoleErrors ?? []).splice(0).filter((e) => !state.allowed.some((re) => re.test(e)));
    for (const c of state.contexts.splice(0)) await c.close().catch(() => {});
    assert.deepEqual(errors, [], 'unexpected console errors in the browser');
  });

  after(async () => {
    await state.browser?.close();
    await state.server?.stop();
    await state.deps?.close();
  });

  const api: E2E = {
    get url() {
      return state.url!;
    },
    get deps() {
      return state.deps!;
    },
    get config() {
      return state.config!;
    },
    get browser() {
      return state.browser!;
    },
    get server() {
      return state.server!;
    },
    get consoleErrors() {
      return state.consoleErrors!;
    },
    allowConsoleErrors(re) {
      state.allowed.push(re);
    },
    async newPage(o = {}) {
      const ctx = await state.browser!.newContext({
        viewport: o.viewport ?? DESKTOP,
        timezoneId: o.timezoneId,
        locale: o.locale ?? 'en-US',
        baseURL: state.url,
      });
      state.contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') state.consoleErrors!.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => state.consoleErrors!.push(`${page.url()}: ${e.message}`));
      return page;
    },
    async loginAs(page, user) {
      const s = await state.deps!.auth.issueSession(user.id, { userAgent: 'e2e' });
      await page
        .context()
        .addCookies([{ name: SESSION_COOKIE, value: s.token, url: state.url!, httpOnly: true, sameSite: 'Lax' }]);
    },
    async expectAccessible(page, what) {
      // Evaluated through the DevTools protocol, not as an inline <script>: the app's CSP allows no inline scripts.
      await page.evaluate(readFileSync(AXE_SOURCE, 'utf8'));
      const violations = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                ctx: Document,
                o: unknown,
              ): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe;
        const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return r.violations.map(
          (v) =>
            `${v.id}: ${v.help} — ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 5)
              .join(', ')}`,
        );
      });
      assert.deepEqual(violations, [], `accessibility violations on ${what}`);
    },
    async screenshot(page, name) {
      const dir = join(ARTIFACTS, 'screenshots');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
  return api;
}
