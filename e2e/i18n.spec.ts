import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { PHONE, useE2E } from './support/fixtures.ts';

const env = useE2E();

describe('languages in the browser', () => {
  test('a visitor whose browser prefers French gets French pages and French euro prices, switches to Spanish, and keeps it after a reload', async () => {
    const { auth, dj: djs, availability } = env.deps;
    const djUser = await auth.createUserDirect({
      email: 'soleil@example.test',
      displayName: 'Soleil',
      role: 'dj',
      password: 'soleil dj password 1',
    });
    await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Soleil',
        genres: ['house', 'wedding'],
        yearsExperience: 4,
        languages: ['fr', 'en'],
        cityId: 'paris',
        timeZone: 'Europe/Paris',
        currency: 'EUR',
        pricing: { kind: 'hourly', hourlyRateMinor: 123450, minHours: 2, maxHours: 5 },
        minNoticeHours: 2,
        cancellationPolicy: 'flexible',
      }),
    );
    await availability.setWeekly(djUser.id, { ranges: [5, 6].map((weekday) => ({ weekday, start: '20:00', end: '23:00' })) });
    await env.deps.paymentService.startPayoutOnboarding(djUser);

    const page = await env.newPage({ viewport: PHONE, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Organisez une soirée privée en ligne avec un DJ en live' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'fr-FR');
    await env.screenshot(page, 'landing-fr-phone');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(await overflow(), 0, 'French text fits a 360 px phone without sideways scrolling');

    await page.goto('/djs');
    await page.getByRole('heading', { name: 'Trouvez votre DJ' }).waitFor();
    const card = page.getByRole('link', { name: /DJ Soleil/ });
    // French grouping and decimal comma, the euro sign after the amount: "1 234,50 €" (narrow no-break spaces).
    assert.match(await card.locator('.price strong').innerText(), /^1\s234,50\s€$/u);
    await card.getByText('/ heure').waitFor();
    await card.getByText('Classiques de mariage', { exact: false }).waitFor();
    await page.getByText('1 DJ', { exact: true }).waitFor();
    await env.screenshot(page, 'search-fr-phone');
    assert.equal(await overflow(), 0, 'the French search page fits a phone');
    await env.expectAccessible(page, 'the French search page');

    // The picker lives in the phone menu; a native select, reached by its accessible name.
    await page.getByRole('button', { name: 'Menu' }).click();
    await env.screenshot(page, 'menu-fr-phone');
    await page.getByRole('combobox', { name: 'Langue du site' }).selectOption('es');
    await page.getByRole('heading', { name: 'Encuentra tu DJ' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    assert.match(await card.locator('.price strong').innerText(), /^1\.?234,50\s€$/u);
    await card.getByText('/ hora').waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Encuentra tu DJ' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    await page.getByRole('button', { name: 'Menú' }).click();
    assert.equal(await page.getByRole('combobox', { name: 'Idioma de la web' }).inputValue(), 'es');
  });

  test('an English visitor never downloads another language, and can switch to French from the desktop header', async () => {
    const page = await env.newPage({ locale: 'en-US' });
    const catalogues: string[] = [];
    page.on('request', (r) => {
      if (/\/assets\/catalogue-/.test(r.url())) catalogues.push(r.url());
    });
    await page.goto('/');
    await page.getByRole('heading', { name: 'Throw a private online party with a live DJ' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en-US');
    assert.deepEqual(catalogues, [], 'no other catalogue fetched for English');

    // The landing page is server-rendered and the app starts after load (decision 042): the picker works once hydrated.
    await page.locator('html[data-app-ready]').waitFor({ state: 'attached' });
    const picker = page.getByRole('combobox', { name: 'Site language' });
    await picker.focus();
    await picker.selectOption('fr');
    await page.getByRole('heading', { name: 'Organisez une soirée privée en ligne avec un DJ en live' }).waitFor();
    assert.equal(catalogues.length, 1, 'French arrives as one chunk');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  });
});
