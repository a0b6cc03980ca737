/**
 * Notification settings in the browser (issue 18) at phone width (390 px): a host picks the language of their
 * mails and switches reminders off; an unsubscribe link from a mail, opened without logging in, leads to a
 * confirmation page whose button unsubscribes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useE2E } from './support/fixtures.ts';

const env = useE2E();
const PHONE_390 = { width: 390, height: 844 };

describe('notification settings in the browser', () => {
  test('a host sets French mails and turns reminders off on a phone; a mailed unsubscribe link works without login', async () => {
    const user = await env.deps.auth.createUserDirect({
      email: 'noa@example.test',
      displayName: 'Noa Notify',
      role: 'host',
      password: 'quiet inbox please 2026',
    });
    const page = await env.newPage({ viewport: PHONE_390 });
    await env.loginAs(page, user);
    await page.goto('/account');
    await page.getByRole('link', { name: 'Notification settings' }).click();
    await page.getByRole('heading', { name: 'Notification settings' }).waitFor();
    await env.expectAccessible(page, 'notification settings');

    assert.equal(await page.getByRole('button', { name: 'Save settings' }).isDisabled(), true, 'nothing to save yet');
    await page.getByLabel('Language of your mails').selectOption('fr');
    await page.getByLabel('Time zone for times in mails').selectOption('Europe/Paris');
    await page.getByRole('checkbox', { name: /Party reminders/ }).uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Your settings are saved.').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at 390 px (overflow ${overflow}px)`);
    await env.screenshot(page, 'notification-settings-390');
    assert.deepEqual(await env.deps.mails.getSettings(user.id), {
      locale: 'fr',
      timeZone: 'Europe/Paris',
      categories: { reminders: false, reviews: true, invites: true },
    });

    const stranger = await env.newPage({ viewport: PHONE_390 });
    await stranger.goto(env.deps.mails.unsubscribeUrl({ userId: user.id }, 'reviews'));
    await stranger.waitForURL(/\/unsubscribe\//);
    await stranger.getByText('Stop getting these mails: Review requests.').waitFor();
    await stranger.getByRole('button', { name: 'Unsubscribe' }).click();
    await stranger
      .getByRole('status')
      .getByText(/^Done: you will not get these mails/)
      .waitFor();
    assert.equal((await env.deps.mails.getSettings(user.id)).categories.reviews, false);
  });
});
