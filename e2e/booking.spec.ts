import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { DESKTOP, PHONE, useE2E } from './support/fixtures.ts';

const env = useE2E();

describe('booking journey in the browser', () => {
  test('host books and pays with the test card, DJ accepts, host invites a guest, the guest lands in the lobby', async () => {
    const { auth, dj: djs, availability } = env.deps;
    const djUser = await auth.createUserDirect({
      email: 'mira@example.test',
      displayName: 'Mira',
      role: 'dj',
      password: 'mira dj password 1',
    });
    const profile = await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Mira',
        genres: ['house', 'disco'],
        yearsExperience: 6,
        languages: ['en'],
        cityId: 'london',
        timeZone: 'Europe/London',
        currency: 'GBP',
        pricing: { kind: 'hourly', hourlyRateMinor: 12000, minHours: 2, maxHours: 5 },
        minNoticeHours: 2,
        cancellationPolicy: 'flexible',
      }),
    );
    await availability.setWeekly(djUser.id, {
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '12:00', end: '23:00' })),
    });
    await env.deps.paymentService.startPayoutOnboarding(djUser);
    const hostUser = await auth.createUserDirect({
      email: 'hana@example.test',
      displayName: 'Hana',
      role: 'host',
      password: 'hana host password',
    });

    // Host: profile → Book → length → request → checkout.
    const host = await env.newPage({ viewport: DESKTOP, timezoneId: 'Europe/Paris' });
    await env.loginAs(host, hostUser);
    await host.goto(`/djs/${profile.id}`);
    // Open dates are a month calendar (issue 20): next month every day is open; choose the first and book it.
    await host.locator('.rdp-button_next').click();
    await host.locator('.day-open button').first().click();
    await host.waitForFunction(() => document.querySelector('.rdp-selected') === document.querySelector('.day-open'));
    await host.getByTestId('day-windows').getByRole('link', { name: 'Book' }).first().click();
    await host.getByRole('heading', { name: 'Book DJ Mira' }).waitFor();
    await host.getByLabel('How long').selectOption('180');
    await host.getByTestId('total').filter({ hasText: '£360.00' }).waitFor();
    assert.match(
      await host.getByTestId('estimate').innerText(),
      /^≈ \$[\d,]+\.\d{2}$/,
      'an estimate in the host’s own currency (en-US → USD)',
    );
    await host.getByLabel('Tell the DJ about your party').fill('Housewarming, 30 friends, disco classics please!');
    await env.screenshot(host, 'book-desktop');
    await host.getByRole('button', { name: 'Request and pay' }).click();
    await host.getByRole('heading', { name: 'Pay for your party' }).waitFor();
    await host.getByText(/We hold this time for you/).waitFor();

    // A declined card is explained; the test success card goes through.
    await host.getByLabel('Card number').fill('4000 0000 0000 0002');
    await host.getByLabel('Expiry').fill('12/30');
    await host.getByLabel('CVC').fill('123');
    await host.getByLabel('Name on card').fill('Hana Host');
    await host.getByRole('button', { name: /^Pay / }).click();
    await host.getByText('The card was declined by the bank.').first().waitFor();
    await env.screenshot(host, 'checkout-declined-desktop');
    await host.getByLabel('Card number').fill('4242 4242 4242 4242');
    await host.getByRole('button', { name: /^Pay / }).click();
    await host.getByText('Awaiting DJ').waitFor();
    const bookingUrl = host.url();

    // DJ: sees the request in the dashboard and accepts it.
    const djPage = await env.newPage({ viewport: PHONE, timezoneId: 'Europe/London' });
    await env.loginAs(djPage, djUser);
    await djPage.goto('/bookings');
    await djPage.getByText('1 request to answer').waitFor();
    await env.screenshot(djPage, 'dj-dashboard-phone');
    await djPage.getByRole('link', { name: /Hana/ }).first().click();
    await djPage.getByRole('button', { name: 'Accept' }).click();
    await djPage.getByText('Confirmed').first().waitFor();

    // Host: the open booking page updates live (Socket.io), then the party page.
    assert.equal(host.url(), bookingUrl);
    await host.getByText('Your party page is ready.').waitFor();
    await env.screenshot(host, 'booking-confirmed-desktop');

    // Host: the receipt (charged on acceptance), in the host's zone, with no separate fee line.
    await host.getByRole('link', { name: 'Receipt' }).click();
    await host.getByRole('heading', { name: 'Receipt' }).waitFor();
    assert.equal(await host.getByTestId('receipt-total').innerText(), '£360.00');
    assert.doesNotMatch(await host.locator('.receipt').innerText(), /fee \(/i);
    await env.screenshot(host, 'receipt-desktop');
    await host.goBack();
    await host.getByRole('link', { name: 'Open party page' }).click();
    await host.getByRole('heading', { name: "Hana's party with DJ Mira" }).waitFor();
    await host.getByLabel("Guest's name").fill('Sam');
    await host.getByRole('button', { name: 'Create invite link' }).click();
    const link = await host.getByLabel('Invite link for Sam').inputValue();
    assert.match(link, /\/party\/[A-Za-z0-9_-]{43}\?invite=[A-Za-z0-9_-]{22}$/);
    await env.screenshot(host, 'lobby-host-desktop');

    // Guest: opens the invite link, sees the lobby with a countdown in their own zone.
    const guest = await env.newPage({ viewport: PHONE, timezoneId: 'America/New_York' });
    await guest.goto(link);
    await guest.getByText('Welcome, Sam!').waitFor();
    await guest.getByTestId('countdown-hours').waitFor();
    await env.screenshot(guest, 'lobby-guest-phone');
    const ledger = await env.deps.ledger.check();
    assert.deepEqual(ledger.problems, []);

    // Host sees that Sam opened the link; a guest without the code is refused.
    await host.reload();
    await host.getByText(/Opened the link/).waitFor();
    const stranger = await env.newPage({ viewport: PHONE });
    await stranger.goto(link.replace(/\?invite=.*/, ''));
    await stranger.getByRole('heading', { name: 'This party needs a valid invite' }).waitFor();
  });

  test('a new DJ sets up payouts from the dashboard and becomes bookable', async () => {
    const { auth, dj: djs } = env.deps;
    const djUser = await auth.createUserDirect({
      email: 'nova@example.test',
      displayName: 'Nova',
      role: 'dj',
      password: 'nova dj password 1',
    });
    await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Nova',
        genres: ['techno'],
        yearsExperience: 2,
        languages: ['en'],
        cityId: 'berlin',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
        pricing: { kind: 'hourly', hourlyRateMinor: 9000, minHours: 2, maxHours: 4 },
        minNoticeHours: 2,
        cancellationPolicy: 'flexible',
      }),
    );
    const page = await env.newPage({ viewport: PHONE, timezoneId: 'Europe/Berlin' });
    await env.loginAs(page, djUser);
    await page.goto('/bookings');
    const payouts = page.getByTestId('payouts');
    await payouts.getByText('Not set up').waitFor();
    await env.screenshot(page, 'payouts-not-set-up-phone');
    await payouts.getByRole('button', { name: 'Set up payouts' }).click();
    await page.waitForURL(/\/dj\/payouts\/return$/);
    await page.getByRole('heading', { name: 'Payouts are set up' }).waitFor();
    await page.getByRole('link', { name: 'Go to my bookings' }).click();
    await page.getByTestId('payouts').getByText('Ready').waitFor();
    const profile = await djs.getMine(djUser);
    assert.equal((await djs.getBookingTerms(profile!.id)).payoutsReady, true);
  });
});
