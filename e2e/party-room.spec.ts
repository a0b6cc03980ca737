import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { DESKTOP, PHONE, middayClock, useE2E } from './support/fixtures.ts';

// The server's day starts at midday so a party two hours ahead stays inside the DJ's hours (Madrid, 00:00–23:45).
const clock = middayClock();
const env = useE2E({ setup: async () => ({ overrides: { clock } }) });

describe('party room in the browser', () => {
  test('DJ, host and two guests: chat, a request upvoted and played, a poll, a theme change, a removed guest', async () => {
    const { auth, dj: djs, availability, booking, party } = env.deps;
    const djUser = await auth.createUserDirect({
      email: 'rio@example.test',
      displayName: 'Rio',
      role: 'dj',
      password: 'rio dj password 12',
    });
    const profile = await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Rio',
        genres: ['latin'],
        yearsExperience: 4,
        languages: ['es', 'en'],
        cityId: 'madrid',
        timeZone: 'Europe/Madrid',
        currency: 'EUR',
        pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 2, maxHours: 4 },
        minNoticeHours: 0,
        autoAccept: true,
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
    const paid = await booking.pay(hostUser, b.id, { cardNumber: '4242424242424242', expiry: '12/30', cvc: '123', name: 'Lia' });
    const token = paid.partyToken!;
    const inv1 = await party.createInvite(token, hostUser, 'Nico');
    const inv2 = await party.createInvite(token, hostUser, 'Ola');

    const dj = await env.newPage({ viewport: DESKTOP, timezoneId: 'Europe/Madrid' });
    await env.loginAs(dj, djUser);
    await dj.goto(`/party/${token}/room`);
    const host = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(host, hostUser);
    await host.goto(`/party/${token}/room`);
    const g1 = await env.newPage({ viewport: PHONE, timezoneId: 'America/Bogota' });
    await g1.goto(new URL(inv1.link).pathname + '/room' + new URL(inv1.link).search);
    const g2 = await env.newPage({ viewport: PHONE });
    await g2.goto(new URL(inv2.link).pathname + '/room' + new URL(inv2.link).search);
    await dj.getByTestId('presence').filter({ hasText: '4 here' }).waitFor();

    // Chat both ways.
    await g1.getByLabel('Message', { exact: true }).fill('¡Hola! Can you play some salsa?');
    await g1.getByRole('button', { name: 'Send' }).click();
    await dj.getByText('¡Hola! Can you play some salsa?').waitFor();
    await dj.getByLabel('Message', { exact: true }).fill('Of course, Nico!');
    await dj.getByRole('button', { name: 'Send' }).click();
    await g1.getByText('Of course, Nico!').waitFor();

    // A request, upvoted by the other guest, marked played by the DJ.
    await g1.getByLabel('Song', { exact: true }).fill('Vivir Mi Vida');
    await g1.getByLabel('Artist', { exact: true }).fill('Marc Anthony');
    await g1.getByRole('button', { name: 'Request' }).click();
    await g2.getByRole('button', { name: 'Upvote Vivir Mi Vida' }).click();
    await dj.getByText('1 vote').waitFor();
    await dj.getByRole('button', { name: 'Played', exact: true }).click();
    await g2.getByText(/^Played ·/).waitFor();

    // A poll voted and closed.
    await host.getByLabel('Question', { exact: true }).fill('Next up?');
    await host.getByLabel('Options, separated by commas').fill('Salsa, Reggaeton, Cumbia');
    await host.getByRole('button', { name: 'Open poll' }).click();
    await g1.getByRole('button', { name: /Reggaeton/ }).click();
    await g2.getByRole('button', { name: /Reggaeton/ }).click();
    await host.locator('.poll-option', { hasText: 'Reggaeton' }).locator('.poll-count', { hasText: '2' }).waitFor();
    await host.getByRole('button', { name: 'Close poll' }).click();
    await g1.getByText('(closed)').waitFor();

    // Reactions fly over the video; the host switches the theme and the guests see it.
    await g1.getByRole('button', { name: 'React with 🔥' }).click();
    await dj.locator('.burst').first().waitFor();
    await host.getByRole('button', { name: 'Disco' }).click();
    await g1.locator('[data-theme="disco"]').waitFor();
    await env.screenshot(g1, 'party-room-phone');
    await env.screenshot(dj, 'party-room-desktop');

    // Moderation from the chat: the DJ mutes Nico (he is told and cannot send), then lets him talk again.
    await dj.getByRole('button', { name: 'Mute Nico' }).first().click();
    await g1.getByText('The DJ or host muted you').waitFor();
    assert.equal(await g1.getByRole('button', { name: 'Send' }).isDisabled(), true);
    await dj.getByRole('button', { name: 'Unmute Nico' }).first().click();
    await g1.getByText('The DJ or host muted you').waitFor({ state: 'detached' });

    // Ola says something; the host removes her from the chat (revokes her invite): she is cut off, Nico stays.
    await g2.getByLabel('Message', { exact: true }).fill('hi from Ola');
    await g2.getByRole('button', { name: 'Send' }).click();
    await host.getByText('hi from Ola').waitFor();
    await env.screenshot(host, 'party-room-moderation');
    host.once('dialog', (d) => void d.accept());
    await host.getByRole('button', { name: 'Remove Ola' }).click();
    await g2.getByRole('heading', { name: 'You left the party' }).waitFor();
    await g1.getByLabel('Message', { exact: true }).fill('still dancing');
    await g1.getByRole('button', { name: 'Send' }).click();
    await dj.getByText('still dancing').waitFor();
    assert.equal(await g2.getByLabel('Message', { exact: true }).count(), 0);
  });
});
