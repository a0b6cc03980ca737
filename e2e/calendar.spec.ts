/**
 * Issue 18: a DJ manages their time on the calendar at 390 px — blocks an evening and gives another day its own
 * hours by tapping — and a host then sees those slots gone from the DJ's profile.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { DESKTOP, useE2E } from './support/fixtures.ts';

const env = useE2E();
const PHONE_390 = { width: 390, height: 844 };
const ZONE = 'Europe/London';

/** YYYY-MM-DD in London `days` from now. */
const londonDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

describe('the DJ calendar in the browser', () => {
  test('a DJ blocks an evening and overrides a day at 390 px; a host then sees those slots gone', async () => {
    const { auth, dj: djs, availability } = env.deps;
    const djUser = await auth.createUserDirect({
      email: 'cal@example.test',
      displayName: 'Cal',
      role: 'dj',
      password: 'cal dj password 1',
    });
    const profile = await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Cal',
        genres: ['house'],
        yearsExperience: 4,
        languages: ['en'],
        cityId: 'london',
        timeZone: ZONE,
        currency: 'GBP',
        pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 1, maxHours: 5 },
        minNoticeHours: 0,
      }),
    );
    await availability.setWeekly(djUser.id, {
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '18:00', end: '23:00' })),
    });
    await env.deps.paymentService.startPayoutOnboarding(djUser);
    const evening = londonDate(3);
    const shortDay = londonDate(4);

    const dj = await env.newPage({ viewport: PHONE_390, timezoneId: ZONE });
    await env.loginAs(dj, djUser);
    await dj.goto('/bookings');
    await dj.getByRole('link', { name: 'Open calendar' }).click();
    await dj.getByRole('heading', { name: 'Calendar', exact: true }).waitFor();

    // Tap the day, block its evening.
    await dj.locator(`.cal-day[data-date="${evening}"]`).click();
    await dj.getByRole('button', { name: 'Block this evening' }).click();
    await dj
      .getByRole('status')
      .filter({ hasText: /Blocked .*18:00–23:00/ })
      .waitFor();
    await dj.locator(`.cal-day[data-date="${evening}"].has-block`).waitFor();

    // Undo, then block again (the undo really removes it).
    await dj.getByRole('button', { name: 'Undo' }).click();
    await dj.locator(`.cal-day[data-date="${evening}"]:not(.has-block)`).waitFor();
    await dj.getByRole('button', { name: 'Block this evening' }).click();
    await dj.locator(`.cal-day[data-date="${evening}"].has-block`).waitFor();

    // The next day: only 20:00–21:00 (the day sheet covers half a phone screen: close it first).
    await dj.getByRole('button', { name: 'Close', exact: true }).click();
    await dj.locator(`.cal-day[data-date="${shortDay}"]`).click();
    await dj.getByLabel('From', { exact: true }).fill('20:00');
    await dj.getByLabel('To', { exact: true }).fill('21:00');
    await dj.getByRole('button', { name: 'Save hours' }).click();
    await dj.getByRole('status').filter({ hasText: 'Hours changed' }).waitFor();
    await dj.getByText('Hours: 20:00–21:00 (custom hours)').waitFor();

    // Blocking over the blocked evening again is refused with a sentence, not a crash.
    await dj.getByRole('button', { name: 'Close', exact: true }).click();
    await dj.locator(`.cal-day[data-date="${evening}"]`).click();
    await dj.getByRole('button', { name: 'Block the whole day' }).click();
    await dj.getByRole('alert').filter({ hasText: 'That overlaps a time you already blocked' }).waitFor();
    await dj.getByRole('button', { name: 'Close', exact: true }).click();

    const phoneShot = await env.screenshot(dj, 'calendar-phone');
    const wide = await env.newPage({ viewport: DESKTOP, timezoneId: ZONE });
    await env.loginAs(wide, djUser);
    await wide.goto('/dj/calendar');
    await wide.locator(`.cal-day[data-date="${evening}"].has-block`).waitFor();
    await wide.locator(`.cal-day[data-date="${shortDay}"]`).click();
    const desktopShot = await env.screenshot(wide, 'calendar-desktop');
    await wide.getByRole('button', { name: 'Week', exact: true }).click();
    await wide.locator('.cal-week').waitFor();
    await env.screenshot(wide, 'calendar-week-desktop');
    const docs = join(import.meta.dirname, '..', 'docs', 'screenshots');
    mkdirSync(docs, { recursive: true });
    copyFileSync(phoneShot, join(docs, 'calendar-phone.png'));
    copyFileSync(desktopShot, join(docs, 'calendar-desktop.png'));

    // The host sees the evening gone and the short day as 20:00–21:00.
    const host = await env.newPage({ viewport: PHONE_390, timezoneId: ZONE, locale: 'en-GB' });
    await host.goto(`/djs/${profile.id}`);
    await host.locator('.day-open').first().waitFor();
    // Open dates are a month calendar (issue 20): find each day (moving to the next month when it is there).
    const showDay = async (day: string) => {
      if ((await host.locator(`[data-day="${day}"]:not(.rdp-outside)`).count()) === 0)
        await host.locator('.rdp-button_next').click();
      await host.locator(`[data-day="${day}"]:not(.rdp-outside)`).waitFor();
      return host.locator(`[data-day="${day}"]:not(.rdp-outside)`);
    };
    const eveningCell = await showDay(evening);
    assert.ok(!(await eveningCell.evaluate((e) => e.classList.contains('day-open'))), 'the blocked evening is not an open date');
    const shortCell = await showDay(shortDay);
    assert.ok(await shortCell.evaluate((e) => e.classList.contains('day-open')), 'the short day is still open');
    await shortCell.locator('button').click();
    await host.waitForFunction(
      (d) => document.querySelector(`[data-day="${d}"]:not(.rdp-outside)`)?.classList.contains('rdp-selected'),
      shortDay,
    );
    const short = { slots: await host.getByTestId('slot-local').allInnerTexts() };
    assert.equal(short.slots.length, 1, JSON.stringify(short));
    assert.match(short!.slots[0]!, /^(20:00|08:00\s?PM)–(21:00|09:00\s?PM)$/);
  });
});
