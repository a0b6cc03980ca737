/**
 * The README's screenshots (issue 20): landing, search, a DJ profile, onboarding and the booking page, at 390 and
 * 1280 px, in Spanish and French, over the demo seed; and the admin console (issue 16: overview, moderation, money).
 * Written to docs/screenshots/. Not part of the suite (slow, and pictures are not assertions): run with
 * DOCS_SCREENSHOTS=1 node scripts/run-tests.mjs e2e/docs-screenshots.spec.ts (DOCS_SCREENSHOTS=admin: the console only).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { runSeed } from '../apps/server/src/scripts/seed/seed.ts';
import { SEED_STEPS } from '../apps/server/src/scripts/seed/steps.ts';
import { useE2E, type E2E } from './support/fixtures.ts';
import { OffsetClock } from '../apps/server/src/clock.ts';
import { adminDemo, ADMIN_SECTIONS } from './support/admin-demo.ts';
import { loginAsVerifiedAdmin } from './support/admin-session.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const run = !!process.env.DOCS_SCREENSHOTS;
const only = process.env.DOCS_SCREENSHOTS === 'admin';
// A settable clock, so the seed plays its parties in the past and publishes their reviews (ratings, parties played).
const clock = new OffsetClock();
// Skipped in `npm test`: then no browser and no server start either (the tests below never touch `env`).
const env: E2E = run ? useE2E({ setup: async () => ({ overrides: { clock } }) }) : (undefined as never);
let seeded = false;
async function seed() {
  if (!seeded) await runSeed(env.deps, SEED_STEPS);
  seeded = true;
}
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 860 } } as const;
const LANGS = { es: { locale: 'es-ES', tz: 'Europe/Madrid' }, fr: { locale: 'fr-FR', tz: 'Europe/Paris' } } as const;

async function settle(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="skeleton"]'));
  // Scroll through once so lazy images load, then back to the top.
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 60));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
}

describe('docs screenshots', { skip: !run }, () => {
  test(
    'landing, search, profile, onboarding and booking at 390 and 1280 px in es and fr',
    { timeout: 900_000, skip: only },
    async () => {
      mkdirSync(OUT, { recursive: true });
      await seed();
      const { items } = await env.deps.dj.search({ currency: 'EUR', sort: 'rating', page: 1, pageSize: 1, tz: 'UTC' } as never);
      const top = items[0]!;
      const host = await env.deps.auth.createUserDirect({
        email: 'shots-host@example.test',
        displayName: 'Sofía',
        role: 'host',
        password: 'screenshots host pw',
      });
      const newDj = await env.deps.auth.createUserDirect({
        email: 'shots-dj@example.test',
        displayName: 'Nuevo',
        role: 'dj',
        password: 'screenshots dj pass',
      });
      for (const [lang, l] of Object.entries(LANGS)) {
        for (const [size, viewport] of Object.entries(SIZES)) {
          const name = (page: string) => join(OUT, `${page}-${size}-${lang}.png`);
          const page = await env.newPage({ viewport, locale: l.locale, timezoneId: l.tz });
          await page.goto('/');
          await page.getByTestId('featured').waitFor();
          await settle(page);
          await page.screenshot({ path: name('landing'), fullPage: true });

          await page.goto('/djs');
          await page.locator('.dj-card img').first().waitFor();
          await settle(page);
          await page.screenshot({ path: name('search') });

          await page.goto(`/djs/${top.id}`);
          await page.locator('.day-open').first().waitFor();
          await settle(page);
          await page.screenshot({ path: name('profile') });
          await page.screenshot({ path: name('profile-full'), fullPage: true });

          const href = await page.locator('.book-btn').first().getAttribute('href');
          assert.ok(href);
          await env.loginAs(page, host);
          await page.goto(href);
          await page.locator('#length').waitFor();
          await settle(page);
          await page.screenshot({ path: name('booking'), fullPage: size === 'phone' });

          const dj = await env.newPage({ viewport, locale: l.locale, timezoneId: l.tz });
          await env.loginAs(dj, newDj);
          await dj.goto('/dj/profile');
          await dj.locator('.steps').waitFor();
          await settle(dj);
          await dj.screenshot({ path: name('onboarding'), fullPage: true });
        }
      }
    },
  );

  test('admin console: overview, moderation and money at 390 and 1280 px in es and fr', { timeout: 900_000 }, async () => {
    mkdirSync(OUT, { recursive: true });
    await seed();
    const { admin } = await adminDemo(env, clock);
    for (const [lang, l] of Object.entries(LANGS)) {
      for (const [size, viewport] of Object.entries(SIZES)) {
        const page = await env.newPage({ viewport, locale: l.locale, timezoneId: l.tz });
        await loginAsVerifiedAdmin(env, page, admin);
        await page.goto('/admin');
        await page.locator('.admin-charts svg').first().waitFor();
        for (const [section, ready] of ADMIN_SECTIONS) {
          await page.locator('.admin-nav button').nth(ready.tab).click();
          await page.locator(ready.selector).first().waitFor();
          await settle(page);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 1, `admin ${section} (${size}, ${lang}) scrolls sideways by ${overflow}px`);
          await page.screenshot({ path: join(OUT, `admin-${section}-${size}-${lang}.png`), fullPage: true });
        }
      }
    }
  });
});
