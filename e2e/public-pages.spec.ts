/**
 * Issue 20, public pages that load fast and preview when shared: landing, search and DJ profiles arrive as HTML the
 * server rendered (with the DJ's name, Open Graph/Twitter tags and the canonical slug URL, in the visitor's language),
 * an old /djs/<id> link answers 301 with the slug, and the browser hydrates that HTML without a console error or a
 * mismatch warning and is then interactive.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { ConsoleMessage, Page } from 'playwright-core';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { useE2E } from './support/fixtures.ts';

const env = useE2E();
const PHONE_390 = { width: 390, height: 844 };

let made: { id: string; slug: string } | null = null;
/** One bookable DJ with a photo, made once for the file. */
async function dj(): Promise<{ id: string; slug: string }> {
  if (made) return made;
  const { auth, dj: djs, availability, paymentService } = env.deps;
  const user = await auth.createUserDirect({
    email: 'ssr-dj@example.test',
    displayName: 'DJ Quinn',
    role: 'dj',
    password: 'ssr dj password 1',
  });
  const profile = await djs.saveMine(
    user,
    DjProfileInputSchema.parse({
      stageName: 'DJ Quinn',
      bio: 'Warehouse techno & late-night house for your living room.',
      genres: ['techno', 'house'],
      yearsExperience: 9,
      languages: ['en', 'de'],
      cityId: 'berlin',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      pricing: { kind: 'hourly', hourlyRateMinor: 12000, minHours: 2, maxHours: 5 },
      minNoticeHours: 0,
    }),
  );
  await availability.setWeekly(user.id, {
    ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '18:00', end: '23:00' })),
  });
  await paymentService.startPayoutOnboarding(user);
  const photo = await sharp({ create: { width: 700, height: 700, channels: 3, background: '#ff4fd8' } })
    .png()
    .toBuffer();
  await djs.uploadPhoto(user.id, photo);
  made = { id: profile.id, slug: profile.slug };
  return made;
}

const attr = (html: string, key: string) =>
  new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1] ?? null;

/** The app starts after the page has loaded (decision 042): its buttons work once it has hydrated. */
const hydrated = (page: Page) => page.locator('html[data-app-ready]').waitFor({ state: 'attached' });

/** Console messages of any level that speak of hydration (React's mismatch warnings and recoverable errors). */
function watchHydration(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (/hydrat|did not match|server rendered/i.test(m.text())) seen.push(`${m.type()}: ${m.text()}`);
  });
  return seen;
}

describe('server-rendered public pages', () => {
  test('a profile arrives as HTML with its name, Open Graph and Twitter tags and the canonical slug URL', async () => {
    const { slug } = await dj();
    assert.equal(slug, 'dj-quinn-berlin');
    const res = await fetch(`${env.url}/djs/${slug}`, { headers: { 'Accept-Language': 'en-GB,en;q=0.8' } });
    assert.equal(res.status, 200);
    const html = await res.text();
    const root = /<div id="root">([\s\S]*?)<\/div>\s*<script type="application\/json" id="ssr-state">/.exec(html)?.[1] ?? '';
    assert.match(root, /<h1>DJ Quinn<\/h1>/, 'the name is in the server-rendered markup');
    assert.match(html, /<html lang="en-GB">/);
    assert.match(html, /<title>DJ Quinn — DJ in Berlin \| PartyStream<\/title>/);
    assert.match(html, new RegExp(`<link rel="canonical" href="${env.url}/djs/dj-quinn-berlin" />`));
    assert.equal(attr(html, 'og:title'), 'DJ Quinn — DJ in Berlin | PartyStream');
    assert.equal(attr(html, 'og:description'), 'Warehouse techno &amp; late-night house for your living room.');
    assert.equal(attr(html, 'og:url'), `${env.url}/djs/dj-quinn-berlin`);
    assert.equal(attr(html, 'og:type'), 'profile');
    const image = attr(html, 'og:image');
    assert.ok(image?.startsWith(`${env.url}/api/files/`), `absolute photo URL: ${image}`);
    assert.equal((await fetch(image!)).status, 200, 'the preview photo loads');
    assert.equal(attr(html, 'twitter:card'), 'summary_large_image');
    assert.equal(attr(html, 'twitter:image'), image);
    assert.equal(attr(html, 'twitter:title'), 'DJ Quinn — DJ in Berlin | PartyStream');
  });

  test('the page is rendered in the language of the cookie, else of Accept-Language', async () => {
    const { slug } = await dj();
    const es = await (await fetch(`${env.url}/djs/${slug}`, { headers: { 'Accept-Language': 'es-MX,es;q=0.9' } })).text();
    assert.match(es, /<html lang="es-MX">/);
    assert.match(es, /<title>DJ Quinn — DJ en Berlin \| PartyStream<\/title>/);
    const fr = await (
      await fetch(`${env.url}/djs`, { headers: { 'Accept-Language': 'es-MX,es;q=0.9', Cookie: 'ps_lang=fr' } })
    ).text();
    assert.match(fr, /<html lang="fr">/);
    assert.match(fr, /<h1 class="search-title">Trouvez/);
  });

  test('an old /djs/<id> link answers 301 with the slug; an unknown profile is a 404 page', async () => {
    const { id, slug } = await dj();
    const res = await fetch(`${env.url}/djs/${id}`, { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), `/djs/${slug}`);
    const missing = await fetch(`${env.url}/djs/nobody-here`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /<meta name="robots" content="noindex"/);
  });

  test('the profile hydrates at 390 px without console errors or mismatch warnings, and is interactive', async () => {
    const { id, slug } = await dj();
    const page = await env.newPage({ viewport: PHONE_390, timezoneId: 'America/New_York' });
    const hydration = watchHydration(page);
    const res = await page.goto(`/djs/${id}`);
    assert.equal(new URL(page.url()).pathname, `/djs/${slug}`, 'followed the 301 to the slug');
    assert.equal(res?.status(), 200);
    await hydrated(page);
    // Interactive: the calendar (browser-only: it shows the viewer's zone) mounts, and "Book" moves focus to it.
    await page.getByTestId('slot-local').first().waitFor();
    await page.getByTestId('book-bar').getByRole('button').click();
    await page.waitForFunction(() => document.activeElement?.id === 'cal-h');
    await page.locator('.menu-toggle').click(); // on a phone the picker sits in the menu
    await page.locator('#language-picker').selectOption('es');
    await page.locator('h2#cal-h', { hasText: /Fechas/ }).waitFor();
    assert.deepEqual(hydration, []);
  });

  test('landing and search hydrate without console errors or mismatch warnings and respond to input', async () => {
    await dj();
    const page = await env.newPage({ viewport: PHONE_390 });
    const hydration = watchHydration(page);
    await page.goto('/');
    await page
      .getByTestId('featured')
      .getByRole('link', { name: /DJ Quinn/ })
      .click();
    await page.waitForURL(/\/djs\/dj-quinn-berlin$/);
    await page.goto('/djs');
    await page.locator('.dj-card').first().waitFor();
    await hydrated(page);
    await page.getByRole('button', { name: /filters/i }).click();
    await page.locator('#search-filters.open').waitFor();
    assert.deepEqual(hydration, []);
  });
});
