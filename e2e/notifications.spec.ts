/**
 * Notification settings in the browser (issue 18) at phone width (390 px): a host picks the language of their
 * mails and switches reminders off; an unsubscribe link from a mail, opened without logging in, leads to a
 * confirmation page whose button unsubscribes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { PayRequestSchema } from '@partystream/shared/booking/booking.schemas';
import { DESKTOP, useE2E } from './support/fixtures.ts';

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

  test('the dev outbox shows a French host’s confirmation as HTML, with its calendar file', async () => {
    const { auth, dj: djs, availability, booking, mails } = env.deps;
    const djUser = await auth.createUserDirect({
      email: 'lou@example.test',
      displayName: 'Lou',
      role: 'dj',
      password: 'lou dj password 12',
    });
    const profile = await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Lou',
        genres: ['disco'],
        yearsExperience: 3,
        languages: ['fr'],
        cityId: 'london',
        timeZone: 'Europe/London',
        currency: 'EUR',
        pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 2, maxHours: 5 },
        minNoticeHours: 2,
        cancellationPolicy: 'flexible',
      }),
    );
    await availability.setWeekly(djUser.id, {
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '12:00', end: '23:00' })),
    });
    await env.deps.paymentService.startPayoutOnboarding(djUser);
    const hostUser = await auth.createUserDirect({
      email: 'camille@example.test',
      displayName: 'Camille',
      role: 'host',
      password: 'camille host password',
    });
    await mails.updateSettings(hostUser.id, { locale: 'fr', timeZone: 'Europe/Paris' });

    // Tomorrow 18:00–21:00 UTC (the server's clock runs from today's midday).
    const day = new Date(env.deps.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const { booking: b } = await booking.request(hostUser, {
      djProfileId: profile.id,
      startsAt: `${day}T18:00:00.000Z`,
      endsAt: `${day}T21:00:00.000Z`,
    } as Parameters<typeof booking.request>[1]);
    await booking.pay(
      hostUser,
      b.id,
      PayRequestSchema.parse({ cardNumber: '4242 4242 4242 4242', expiry: '12/30', cvc: '123', name: 'Camille' }),
    );
    await booking.accept(djUser, b.id);
    await env.deps.jobs.drain();

    const page = await env.newPage({ viewport: DESKTOP });
    await page.goto('/dev/outbox');
    await page.getByRole('button', { name: /Votre soirée est confirmée/ }).click();
    const frame = page.frameLocator('iframe.mail-html');
    await frame.getByText('DJ Lou a confirmé votre soirée').waitFor();
    await frame
      .getByText(/Votre heure/)
      .first()
      .waitFor();
    const ics = page.getByRole('link', { name: 'Attachment: party.ics' });
    assert.match((await ics.getAttribute('href')) ?? '', /^data:text\/calendar.*METHOD%3AREQUEST/);
    await env.screenshot(page, 'dev-outbox-french-confirmation');
  });
});
