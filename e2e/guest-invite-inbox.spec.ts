/**
 * Issue 18 in the browser, at 390 px: the host's bell lights up live when the DJ accepts, and the item is marked
 * read; the host invites a guest by email from the invite page; the guest opens the mailed link from the dev
 * outbox, answers yes, and the host's guest list shows it without a reload.
 */
import { describe, test } from 'node:test';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { middayClock, useE2E } from './support/fixtures.ts';

// The server's day starts at midday so a party two hours ahead stays inside the DJ's hours, whatever the hour.
const clock = middayClock();
const env = useE2E({ setup: async () => ({ overrides: { clock } }) });
const PHONE_390 = { width: 390, height: 844 };

describe('guest invites by email and the in-app inbox', () => {
  test('the bell counts the DJ’s answer live; a guest invited by email RSVPs from the mailed link; the host sees it', async () => {
    const { auth, dj: djs, availability, booking } = env.deps;
    const djUser = await auth.createUserDirect({
      email: 'noa@example.test',
      displayName: 'Noa',
      role: 'dj',
      password: 'noa dj password 12',
    });
    const profile = await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Noa',
        genres: ['house'],
        yearsExperience: 6,
        languages: ['en'],
        cityId: 'madrid',
        timeZone: 'Europe/Madrid',
        currency: 'EUR',
        pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 2, maxHours: 4 },
        minNoticeHours: 0,
        autoAccept: false,
      }),
    );
    await availability.setWeekly(djUser.id, {
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:45' })),
    });
    await env.deps.paymentService.startPayoutOnboarding(djUser);
    const hostUser = await auth.createUserDirect({
      email: 'lia@example.test',
      displayName: 'Lia',
      role: 'host',
      password: 'lia host password 1',
    });
    const start = new Date(Math.ceil((clock.now().getTime() + 2 * 3_600_000) / 900_000) * 900_000);
    const { booking: b } = await booking.request(hostUser, {
      djProfileId: profile.id,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      note: '',
    });
    await booking.pay(hostUser, b.id, { cardNumber: '4242424242424242', expiry: '12/30', cvc: '123', name: 'Lia' });

    // The host's bell, on a phone: the "request sent" note unread, then the DJ accepts and the count arrives over
    // the socket.
    const host = await env.newPage({ viewport: PHONE_390, timezoneId: 'Europe/Madrid' });
    await env.loginAs(host, hostUser);
    await host.goto('/bookings');
    await host.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    const accepted = await booking.accept(djUser, b.id);
    const bell = host.getByRole('button', { name: 'Notifications, 2 unread' });
    await bell.waitFor();
    await bell.click();
    await host.getByRole('link', { name: /Your party on .* is confirmed/ }).waitFor();
    await env.screenshot(host, 'inbox-phone');
    await env.expectAccessible(host, 'the open inbox panel');
    await host.getByRole('button', { name: /^Mark read: Your party on/ }).click();
    await host.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    await host.keyboard.press('Escape');

    // The invite page: a guest's name and email; the mail goes out through the jobs runner.
    const token = accepted.partyToken!;
    await host.goto(`/party/${token}`);
    await host.getByLabel("Guest's name").fill('Camille');
    await host.getByLabel("Guest's email (optional)").fill('camille@example.test');
    await host.getByRole('button', { name: 'Send invite' }).click();
    const row = host.getByTestId('invite').filter({ hasText: 'Camille' });
    await row.getByText('Mailed to camille@example.test, no answer yet').waitFor();

    // The guest (no account) opens the mail in the dev outbox and follows its "yes" link.
    const guest = await env.newPage({ viewport: PHONE_390, timezoneId: 'America/New_York' });
    await guest.goto('/dev/outbox');
    await guest.getByRole('button', { name: /Lia invites you to a live DJ party/ }).click({ timeout: 20_000 });
    await guest.locator('a[href*="rsvp=yes"]').click();
    await guest.getByRole('heading', { name: 'Will you come?' }).waitFor();
    // The link only preselected the answer: nothing is recorded until the guest taps.
    await row.getByText('no answer yet').waitFor();
    await guest.getByRole('button', { name: "Yes, I'll be there" }).click();
    await guest.getByText("You said you'll be there.", { exact: false }).waitFor();
    await env.screenshot(guest, 'guest-rsvp-phone');

    // The host's open guest list follows without a reload.
    await row.getByText(/^Coming/).waitFor();
    await env.screenshot(host, 'invites-rsvp-phone');
  });
});
