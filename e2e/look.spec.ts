/**
 * Issue 20, the look and onboarding: photos on cards and profiles, a gallery, a sticky "Book" on a phone, onboarding
 * whose tabs fit, whose photo can be chosen before the first save (preview, progress) and whose "saved" screen says
 * what is missing; sign-in landing on the next useful step; a landing page with the top-rated DJs; skeletons and
 * empty states.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { DESKTOP, useE2E } from './support/fixtures.ts';

const env = useE2E();
const PHONE_390 = { width: 390, height: 844 };

const png = (w: number, h: number, background: string) =>
  sharp({ create: { width: w, height: h, channels: 3, background } })
    .png()
    .toBuffer();

let n = 0;
async function bookableDj(stageName: string, o: { photo?: boolean; gallery?: number; autoAccept?: boolean } = {}) {
  const { auth, dj, availability, paymentService } = env.deps;
  const user = await auth.createUserDirect({
    email: `look${++n}@example.test`,
    displayName: stageName,
    role: 'dj',
    password: 'look dj password 1',
  });
  const profile = await dj.saveMine(
    user,
    DjProfileInputSchema.parse({
      stageName,
      genres: ['house', 'disco'],
      yearsExperience: 6,
      languages: ['en', 'fr'],
      cityId: 'paris',
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      pricing: { kind: 'hourly', hourlyRateMinor: 15000, minHours: 2, maxHours: 5 },
      minNoticeHours: 0,
      autoAccept: o.autoAccept ?? false,
    }),
  );
  await availability.setWeekly(user.id, {
    ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '18:00', end: '23:00' })),
  });
  await paymentService.startPayoutOnboarding(user);
  if (o.photo !== false) await dj.uploadPhoto(user.id, await png(700, 700, '#ff4fd8'));
  for (let i = 0; i < (o.gallery ?? 0); i++) await dj.addGalleryPhoto(user.id, await png(900, 600, i ? '#22d3ee' : '#7b2cff'));
  return { user, profile };
}

/** Every step tab is on screen and not clipped by its row. */
async function assertTabsVisible(page: Page, width: number) {
  const boxes = await page.locator('.steps .step').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      const row = e.closest('.steps')!.getBoundingClientRect();
      return { left: r.left, right: r.right, rowRight: row.right, text: e.textContent };
    }),
  );
  assert.equal(boxes.length, 6);
  for (const b of boxes) {
    assert.ok(b.left >= 0 && b.right <= width, `${b.text} inside the ${width} px window (${b.left}–${b.right})`);
    assert.ok(b.right <= b.rowRight + 1, `${b.text} not cut off by the tab row`);
  }
  assert.equal(await page.locator('.steps').evaluate((e) => e.scrollWidth <= e.clientWidth), true, 'no hidden tabs');
}

describe('the look of PartyStream (issue 20)', () => {
  test('onboarding: tabs fit at 1280 and 390 px; the photo is chosen before the first save, previewed, uploaded with the save; the saved screen names what is missing', async () => {
    const dj = await env.deps.auth.createUserDirect({
      email: 'neon@example.test',
      displayName: 'Neon',
      role: 'dj',
      password: 'neon dj password 1',
    });
    const page = await env.newPage({ viewport: { width: 1280, height: 860 }, timezoneId: 'Europe/Paris' });
    await env.loginAs(page, dj);
    await page.goto('/dj/profile');
    await page.getByRole('heading', { name: 'Set up your DJ profile' }).waitFor();
    await assertTabsVisible(page, 1280);

    // No profile yet, yet the photo can be chosen: a preview at once, and a note that it goes up with the save.
    await page
      .getByLabel('Photo')
      .setInputFiles({ name: 'neon.png', mimeType: 'image/png', buffer: await png(800, 600, '#22d3ee') });
    await page.locator('.photo-preview').waitFor();
    assert.match((await page.locator('.photo-preview').getAttribute('src')) ?? '', /^blob:/);
    await page.getByTestId('photo-pending').waitFor();
    assert.equal(await page.locator('input[type=file][multiple]').count(), 0, 'the gallery comes once the profile exists');

    await page.getByLabel('Stage name').fill('DJ Neon Rêve');
    await page.getByLabel("Where you're based").selectOption('paris');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'House', exact: true }).click();
    await page.getByRole('button', { name: 'French' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Hourly rate (EUR)').fill('140');
    // Saved without weekly hours (and without payouts): not "live", and it says why.
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('heading', { name: 'Profile saved — 2 steps to go' }).waitFor();
    const missing = await page.getByTestId('missing').innerText();
    assert.match(missing, /Weekly hours/);
    assert.match(missing, /Payouts/);
    const saved = (await env.deps.dj.getMine(dj))!;
    assert.ok(saved.photoUrl, 'the photo chosen before the first save was uploaded with it');
    await env.screenshot(page, 'onboarding-saved-desktop');

    // The way to the missing hours is right there; once they are in, only payouts remain.
    await page.getByRole('button', { name: 'Add weekly hours' }).click();
    await page.getByRole('button', { name: 'Add hours' }).click();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('heading', { name: 'Profile saved — one step to go' }).waitFor();
    assert.doesNotMatch(await page.getByTestId('missing').innerText(), /Weekly hours/);

    // With a profile, the gallery takes several pictures at once, with the limit shown.
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await page.getByRole('button', { name: /Basics/ }).click();
    await page.locator('#gallery-add').setInputFiles([
      { name: 'a.png', mimeType: 'image/png', buffer: await png(900, 600, '#ff4fd8') },
      { name: 'b.png', mimeType: 'image/png', buffer: await png(900, 600, '#7b2cff') },
    ]);
    await page.getByText('2 of 8').waitFor();
    assert.equal(await page.getByTestId('gallery-manager').locator('img').count(), 2);
    await page.getByRole('button', { name: 'Remove picture 1' }).click();
    await page.getByText('1 of 8').waitFor();
    assert.equal((await env.deps.dj.getMine(dj))!.gallery.length, 1);

    const phone = await env.newPage({ viewport: PHONE_390 });
    await env.loginAs(phone, dj);
    await phone.goto('/dj/profile');
    await phone.getByRole('heading', { name: 'Your DJ profile' }).waitFor();
    await assertTabsVisible(phone, PHONE_390.width);
  });

  test('cards and profiles have photos; the profile gallery opens large; a phone keeps "Book" in reach', async () => {
    const { profile } = await bookableDj('DJ Gallery Girl', { gallery: 2 });
    await bookableDj('DJ No Photo', { photo: false });
    const page = await env.newPage({ viewport: DESKTOP, timezoneId: 'Europe/Paris' });
    await page.goto('/djs?cityId=paris&radiusKm=20');
    const card = page.locator('.dj-card').filter({ hasText: 'DJ Gallery Girl' });
    await card.waitFor();
    const img = card.locator('img.avatar');
    assert.match((await img.getAttribute('src')) ?? '', /^\/api\/files\/dj-photos\//);
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('.dj-card img.avatar')).every((i) => (i as HTMLImageElement).naturalWidth > 0),
    );

    await card.click();
    await page.getByRole('heading', { name: 'DJ Gallery Girl' }).waitFor();
    assert.match((await page.locator('.profile-head img.avatar-hero').getAttribute('src')) ?? '', /dj-photos/);
    const thumbs = page.getByTestId('gallery').locator('img');
    assert.equal(await thumbs.count(), 2);
    await page.getByRole('button', { name: 'Photo 2 of DJ Gallery Girl' }).click();
    const dialog = page.locator('dialog.gallery-dialog');
    await dialog.getByRole('img', { name: 'Photo 2 of DJ Gallery Girl' }).waitFor();
    await dialog.getByRole('button', { name: 'Previous photo' }).click();
    await dialog.getByRole('img', { name: 'Photo 1 of DJ Gallery Girl' }).waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), false);
    assert.equal(await page.getByTestId('book-bar').isVisible(), false, 'no bar on a wide screen');

    const phone = await env.newPage({ viewport: PHONE_390, timezoneId: 'Europe/Paris' });
    // The calendar's code arrives late, as on a slow phone: "Book" is pressed while its placeholder shows.
    let releaseCalendar!: () => void;
    const calendarHeld = new Promise<void>((r) => (releaseCalendar = r));
    await phone.route(/open-dates-[^/]*\.js$/, async (route) => {
      await calendarHeld;
      await route.continue();
    });
    await phone.goto(`/djs/${profile.id}`);
    await phone.getByRole('heading', { name: 'DJ Gallery Girl' }).waitFor();
    const bar = phone.getByTestId('book-bar');
    for (const y of [0, 600]) {
      await phone.evaluate((to) => window.scrollTo(0, to), y);
      const box = await bar.boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= PHONE_390.height + 1, `the bar is on screen at scroll ${y}`);
    }
    assert.match(await bar.innerText(), /150,00|€150\.00/);
    await bar.getByRole('button', { name: 'Book' }).click();
    releaseCalendar();
    await phone.getByRole('grid').first().waitFor();
    await phone.waitForFunction(() => {
      const r = document.getElementById('cal-h')!.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight - 80;
    });
    // Focus follows once the smooth scroll ends: wait for it rather than read it at once (flaked under load).
    await phone.waitForFunction(() => document.activeElement?.id === 'cal-h', undefined, { timeout: 10_000 });
    assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth)) <= PHONE_390.width, 'no sideways scroll');
  });

  test('sign-in lands on the next useful step: a host with nothing booked on search, one with a party coming on it; a DJ on their bookings, with the earnings chart', async () => {
    const host = await env.deps.auth.createUserDirect({
      email: 'landing-host@example.test',
      displayName: 'Lana',
      role: 'host',
      password: 'landing host password',
    });
    const { user: djUser } = await bookableDj('DJ Lands');
    const login = async (u: User, password: string) => {
      const page = await env.newPage({ viewport: PHONE_390 });
      await page.goto('/login');
      await page.getByLabel('Email').fill(u.email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      return page;
    };
    await (await login(host, 'landing host password')).waitForURL(/\/djs$/);
    await (await login(djUser, 'look dj password 1')).waitForURL(/\/bookings$/);

    // A host with a party coming lands on that party's booking; its DJ sees the earnings chart on their bookings.
    const booker = await env.deps.auth.createUserDirect({
      email: 'landing-booker@example.test',
      displayName: 'Bo',
      role: 'host',
      password: 'landing booker password',
    });
    const { user: paidDj, profile } = await bookableDj('DJ Earns', { autoAccept: true });
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const { booking } = await env.deps.booking.request(booker, {
      djProfileId: profile.id,
      startsAt: `${day}T18:00:00Z`, // 19:00 or 20:00 in Paris: inside the DJ's 18–23 h
      endsAt: `${day}T20:00:00Z`,
      note: '',
    });
    await env.deps.booking.pay(booker, booking.id, {
      cardNumber: '4242424242424242',
      expiry: '12/30',
      cvc: '123',
      name: 'Bo',
    });
    await (await login(booker, 'landing booker password')).waitForURL(new RegExp(`/bookings/${booking.id}$`));
    const djPage = await login(paidDj, 'look dj password 1');
    await djPage.waitForURL(/\/bookings$/);
    const chart = djPage.getByTestId('earnings-chart');
    await chart.locator('.recharts-bar-rectangle path').first().waitFor();
    assert.match(await chart.locator('figcaption').innerText(), /€/);
  });

  test('the landing page shows the top-rated DJs with photos, how it works, and no overflow at 390 px; search loads with skeletons and ends empty kindly', async () => {
    await bookableDj('DJ Front Page');
    const page = await env.newPage({ viewport: PHONE_390 });
    // A direct visit arrives server-rendered with the DJs in it (issue 20); reached inside the app, the page fetches
    // them — hold that answer back a moment: the page shows skeletons in the shape of cards meanwhile.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/api\/djs\?/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/login');
    await page.locator('a.brand').click();
    await page.getByTestId('skeleton').first().waitFor();
    release();
    const featured = page.getByTestId('featured');
    await featured.getByText('DJ Front Page').waitFor();
    assert.ok((await featured.locator('img.avatar').count()) >= 1, 'featured DJs have photos');
    await page.getByRole('heading', { name: 'How it works' }).waitFor();
    assert.equal(await page.locator('.how-steps > li').count(), 3);
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE_390.width, 'no sideways scroll');
    await page.unroute(/\/api\/djs\?/);

    await page.goto('/djs?q=nobody-plays-this-zzz');
    await page.getByTestId('empty-state').getByRole('link', { name: 'Clear all filters' }).waitFor();
  });
});
