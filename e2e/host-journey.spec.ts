/**
 * Issue 20: the whole host journey on a 390 px phone in Spanish — search (DJs on the first screen, the price filter
 * agreeing with the cards) → profile (only windows that fit a party are bookable) → pick a start time and a
 * length (only what fits; the price at once) → pay → confirmed — with no developer text on screen at any step,
 * and the app's own pages for broken links and refused filters.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { ARTIFACTS, useE2E } from './support/fixtures.ts';

const env = useE2E();
const PHONE_390 = { width: 390, height: 844 };

/** Text written for developers that must never reach a person. */
const DEV_TEXT =
  /\b[a-z]+_[a-z_]+\b|\b(body|query|params|headers)\.\w|expected (string|number|array)|Too small|Too big|Invalid input|Unexpected Application Error|Hey developer|errors\.\w|booking\.book\./;

async function assertNoDevText(page: Page, where: string) {
  const text = await page.evaluate(() => document.body.innerText);
  const hit = DEV_TEXT.exec(text);
  assert.equal(hit, null, `${where}: developer text on screen: "${hit?.[0]}"`);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, 'screenshots', `${name}.png`) });
}

describe('host journey on a phone, in Spanish (issue 20)', () => {
  test('search → profile → start time and length → pay → confirmed, in plain Spanish', async () => {
    const { auth, dj: djs, availability } = env.deps;
    const djUser = await auth.createUserDirect({
      email: 'lola@example.test',
      displayName: 'Lola',
      role: 'dj',
      password: 'lola dj password 1',
    });
    const profile = await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Lola Madrid',
        genres: ['latin', 'reggaeton'],
        yearsExperience: 8,
        languages: ['es', 'en'],
        cityId: 'madrid',
        timeZone: 'Europe/Madrid',
        currency: 'EUR',
        pricing: { kind: 'hourly', hourlyRateMinor: 12000, minHours: 2, maxHours: 4 },
        minNoticeHours: 2,
        cancellationPolicy: 'flexible',
        autoAccept: true,
      }),
    );
    // Every day: a one-hour lunch window (too short for the 2-hour minimum) and an evening 19:00–23:00.
    await availability.setWeekly(djUser.id, {
      ranges: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
        { weekday, start: '12:00', end: '13:00' },
        { weekday, start: '19:00', end: '23:00' },
      ]),
    });
    await env.deps.paymentService.startPayoutOnboarding(djUser);
    const hostUser = await auth.createUserDirect({
      email: 'pepa@example.test',
      displayName: 'Pepa',
      role: 'host',
      password: 'pepa host password',
    });

    const page = await env.newPage({ viewport: PHONE_390, timezoneId: 'Europe/Madrid', locale: 'es-ES' });
    await env.loginAs(page, hostUser);

    // Search: the card says €120/hour, and a €100–150 filter finds it; the first DJ is on the first screen.
    await page.goto('/djs?cityId=madrid&radiusKm=50&currency=EUR&minPrice=10000&maxPrice=15000');
    const card = page.locator('.dj-card').filter({ hasText: 'DJ Lola Madrid' });
    await card.waitFor();
    assert.match(await card.innerText(), /120,00\s€/);
    const box = await card.boundingBox();
    assert.ok(box && box.y + 120 < PHONE_390.height, `the first card starts on the first screen (top at ${box?.y} px)`);
    assert.equal(await page.locator('#search-filters').isVisible(), false, 'filters fold into a sheet');
    await shot(page, 'search-phone-es');
    await page.getByRole('button', { name: /^Filtros/ }).click();
    await page.getByLabel('Precio mín.').waitFor();
    await shot(page, 'search-filters-sheet-phone-es');
    await page.getByRole('button', { name: /^Ver 1 DJ/ }).click();
    await assertNoDevText(page, 'search');

    // Profile: the one-hour lunch windows have no "Reservar"; every evening does.
    await card.click();
    await page.getByRole('heading', { name: 'DJ Lola Madrid' }).waitFor();
    const slots = page.getByTestId('slot-local');
    await slots.first().waitFor();
    // A month calendar of open dates (issue 20): next month every day is open, for its evening only.
    await page.locator('.rdp-button_next').click();
    await page.waitForFunction(() => document.querySelectorAll('.day-open').length >= 28);
    await page.locator('.day-open button').last().click();
    await page.waitForFunction(
      () => document.querySelector('.rdp-selected') === Array.from(document.querySelectorAll('.day-open')).at(-1),
    );
    const times = await slots.allInnerTexts();
    assert.deepEqual(times, ['19:00–23:00'], `the chosen day offers its evening and no lunch window: ${times.join(', ')}`);
    await assertNoDevText(page, 'profile');
    await shot(page, 'profile-calendar-phone-es');

    // Book that evening (a whole 19:00–23:00 window).
    await page.getByRole('link', { name: 'Reservar' }).last().click();
    await page.getByRole('heading', { name: 'Reservar a DJ Lola Madrid' }).waitFor();
    const start = page.getByLabel('Hora de inicio');
    const startTimes = await start.locator('option').allInnerTexts();
    assert.deepEqual(startTimes, ['19:00', '19:15', '19:30', '19:45', '20:00', '20:15', '20:30', '20:45', '21:00']);
    const length = page.getByLabel('Duración');
    await start.selectOption({ label: '21:00' });
    await page.waitForFunction(() => document.querySelector('#length')?.tagName === 'OUTPUT');
    assert.match(await page.locator('#length').innerText(), /^2 horas$/, 'from 21:00 only 2 hours fit before 23:00');
    await start.selectOption({ label: '20:00' });
    // The single length (an <output>) becomes a choice again once React re-renders.
    await page.waitForFunction(() => document.querySelector('#length')?.tagName === 'SELECT');
    assert.deepEqual(
      (await length.locator('option').allInnerTexts()).map((s) => s.replace(/\s/g, ' ')),
      ['2 horas · 240,00 €', '2,5 horas · 300,00 €', '3 horas · 360,00 €'],
      'lengths stop at the window end (max 4 h)',
    );
    await length.selectOption('180');
    await page
      .getByTestId('total')
      .filter({ hasText: /360,00/ })
      .waitFor({ timeout: 1000 });
    assert.match(await page.getByTestId('when').innerText(), /^20:00–23:00/);
    // Every length with its price fits in the select at 390 px (the pickers stack on a phone).
    const fits = await page.evaluate(() => {
      const el = document.querySelector<HTMLSelectElement>('#length')!;
      const cs = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const text = Math.max(...Array.from(el.options, (o) => ctx.measureText(o.text).width));
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16; // the arrow
      return { text: Math.ceil(text), room: Math.floor(room) };
    });
    assert.ok(fits.text <= fits.room, `the longest length text (${fits.text} px) fits its select (${fits.room} px)`);
    await page.getByLabel('Cuéntale al DJ cómo es tu fiesta').fill('Cumpleaños de Pepa, 25 amigos.');
    await assertNoDevText(page, 'book');
    await shot(page, 'book-phone-es');

    await page.getByRole('button', { name: 'Solicitar y pagar' }).click();
    await page.getByRole('heading', { name: 'Paga tu fiesta' }).waitFor();
    await page.getByLabel('Número de tarjeta').fill('4242 4242 4242 4242');
    await page.getByLabel('Caducidad').fill('12/30');
    await page.getByLabel('CVC').fill('123');
    await page.getByLabel('Nombre en la tarjeta').fill('Pepa Host');
    await assertNoDevText(page, 'checkout');
    await page.getByRole('button', { name: /^Pagar / }).click();
    await page.getByText('Confirmada').first().waitFor();
    await assertNoDevText(page, 'confirmed');
    await shot(page, 'booking-confirmed-phone-es');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), PHONE_390.width, 'no sideways scroll');
    void profile;
  });

  test('broken links, unknown pages and refused filters are Spanish sentences on the app’s own pages', async () => {
    const page = await env.newPage({ viewport: PHONE_390, timezoneId: 'Europe/Madrid', locale: 'es-ES' });

    await page.goto('/book/00000000-0000-4000-8000-000000000000?start=garbage');
    await page.getByRole('heading', { name: 'Este enlace de reserva está roto' }).waitFor();
    await assertNoDevText(page, '/book?start=garbage');
    await shot(page, 'broken-link-phone-es');

    await page.goto('/esto-no-existe');
    await page.getByRole('heading', { name: 'Esta página se fue de la fiesta' }).waitFor();
    await assertNoDevText(page, 'not found');

    await page.goto('/djs?minPrice=-500');
    await page.locator('.results').getByText('Escribe un precio de 0 o más.').waitFor();
    assert.equal(await page.getByText('Cargando…').count(), 0, 'results are not stuck on loading');
    await assertNoDevText(page, 'refused filter');

    await page.goto('/party/x');
    await page.getByRole('heading', { name: 'Para esta fiesta necesitas una invitación válida' }).waitFor();
    await page.getByText(/Este enlace está incompleto o no es válido/).waitFor();
    await assertNoDevText(page, 'bad party link');
  });
});
