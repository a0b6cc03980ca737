import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { OffsetClock } from '../apps/server/src/clock.ts';
import { DESKTOP, useE2E } from './support/fixtures.ts';
import { TestPublisher, TestViewer, until } from '../packages/media/test/support/peers.ts';

// The server runs on a movable clock so the party can happen (book → live → completed) during the test.
const clock = new OffsetClock();
const env = useE2E({
  env: { SFU_ICE_LOOPBACK: 'true', SFU_FORWARD_WORKERS: '1' },
  setup: async () => ({ overrides: { clock } }),
});

/** WHIP/WHEP from a werift peer: POST the offer, return the session and the answer. */
const answerer =
  (url: string, headers: Record<string, string> = {}) =>
  async (offer: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: offer });
    assert.equal(res.status, 201, await res.clone().text());
    return {
      sessionId: new URL(res.headers.get('location')!, 'http://x').pathname.split('/').pop()!,
      answerSdp: await res.text(),
    };
  };
const HOUR = 3_600_000;
const PHONE_390 = { width: 390, height: 844 };

/** Polls the stream's facts (written as the SFU reports activity) until `ok`. */
async function factsUntil(
  bookingId: string,
  ok: (f: Awaited<ReturnType<typeof env.deps.stream.getPartyFacts>>) => boolean,
  what: string,
): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (ok(await env.deps.stream.getPartyFacts(bookingId))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what}: ${JSON.stringify(await env.deps.stream.getPartyFacts(bookingId))}`);
}

describe('reviews in the browser', () => {
  test('a party completes; host and DJ review each other; both publish; search card and profile show the rating', async () => {
    const { auth, dj: djs, availability, booking, party, jobs } = env.deps;
    const realNow = Date.now();
    clock.set(new Date(realNow - 3 * 24 * HOUR));

    const djUser = await auth.createUserDirect({
      email: 'rio@example.test',
      displayName: 'Rio',
      role: 'dj',
      password: 'rio dj password 1',
    });
    const profile = await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Rio',
        genres: ['funk', 'disco'],
        yearsExperience: 9,
        languages: ['en', 'pt'],
        cityId: 'london',
        timeZone: 'UTC',
        currency: 'EUR',
        pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 2, maxHours: 5 },
        minNoticeHours: 2,
        autoAccept: true,
        cancellationPolicy: 'flexible',
        bio: 'Funk and disco for living-room dance floors.',
      }),
    );
    await availability.setWeekly(djUser.id, {
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:30' })),
    });
    await env.deps.paymentService.startPayoutOnboarding(djUser);
    const hostUser = await auth.createUserDirect({
      email: 'ines@example.test',
      displayName: 'Inès',
      role: 'host',
      password: 'ines host password',
    });

    // The party: booked and paid three days ago, played the next day, completed.
    const from = clock.now().getTime() + 3 * HOUR;
    const open = await availability.openIntervals(profile.id, from, from + 2 * 24 * HOUR);
    const slot = open.find((w) => w.end - Math.ceil(w.start / HOUR) * HOUR >= 2 * HOUR);
    assert.ok(slot, 'an open slot of two hours');
    const startsAt = new Date(Math.ceil(slot.start / HOUR) * HOUR);
    const endsAt = new Date(startsAt.getTime() + 2 * HOUR);
    const { booking: b } = await booking.request(hostUser, {
      djProfileId: profile.id,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      note: '',
    });
    const paid = await booking.pay(hostUser, b.id, { cardNumber: '4242424242424242', expiry: '12/40', cvc: '123', name: 'Inès' });
    const invite = await party.createInvite(paid.partyToken!, hostUser, 'Noor');
    const code = new URL(invite.link).searchParams.get('invite')!;
    clock.set(startsAt);
    await jobs.drain();
    await party.view(paid.partyToken!, null, code);
    // The DJ streams (OBS-style WHIP) and the guest watches (WHEP): the verified line is what the SFU measured.
    const { streamKey } = await env.deps.stream.regenerateKey(paid.partyToken!, djUser);
    const publisher = new TestPublisher();
    const viewer = new TestViewer();
    try {
      await publisher.connect(answerer(`${env.url}/api/streams/whip`, { Authorization: `Bearer ${streamKey}` }));
      await viewer.connect(answerer(`${env.url}/api/streams/${paid.partyToken}/whep?invite=${code}`));
      await factsUntil(b.id, (f) => f.firstLiveAt !== null && f.guestsJoined === 1, 'on air, one guest watching');
      clock.set(new Date(endsAt.getTime() + 60_000));
      const room = env.deps.sfu.session(publisher.sessionId)!.roomId;
      await env.deps.sfu.end(publisher.sessionId);
      await until(() => !env.deps.sfu.hasPublisher(room), 5000, 'off air');
      await factsUntil(b.id, (f) => f.minutesLive >= 120, 'the minutes on air recorded');
    } finally {
      await Promise.all([viewer.close(), publisher.close()]);
    }
    await jobs.drain();
    clock.set(new Date(endsAt.getTime() + 2 * HOUR));
    assert.equal((await booking.listMine(hostUser)).find((x) => x.id === b.id)?.state, 'completed');

    // Host (context 1): from the booking to the review form; the review stays hidden.
    const host = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(host, hostUser);
    await host.goto(`/bookings/${b.id}`);
    await host.getByTestId('booking-review-panel').getByRole('link', { name: 'Write your review' }).click();
    await host.getByRole('heading', { name: 'Review DJ Rio' }).waitFor();
    await host.getByRole('group', { name: 'Overall' }).getByLabel('5 stars').check();
    await host.getByRole('group', { name: 'Music selection' }).getByLabel('5 stars').check();
    await host.getByRole('group', { name: 'Punctuality' }).getByLabel('4 stars').check();
    await host.getByLabel('Great vibes').check();
    await host.getByLabel('Tell other hosts about the party').fill('Our living room turned into a club. Everybody danced!');
    await env.expectAccessible(host, 'the review form');
    await env.screenshot(host, 'review-form-desktop');
    await host.getByRole('button', { name: 'Publish when both are in' }).click();
    await host.getByTestId('review-hidden').waitFor();
    assert.match(await host.getByTestId('review-hidden').innerText(), /hidden until DJ Rio writes theirs/);

    // Nothing public yet.
    const visitor = await env.newPage({ viewport: DESKTOP });
    await visitor.goto(`/djs/${profile.id}`);
    await visitor.getByText('No reviews yet.').waitFor();

    // DJ (context 2): sees the host wrote (not what), writes back; both publish.
    const dj = await env.newPage({ viewport: PHONE_390 });
    await env.loginAs(dj, djUser);
    await dj.goto(`/bookings/${b.id}/review`);
    await dj.getByRole('heading', { name: 'Review your host Inès' }).waitFor();
    assert.equal(await dj.getByTestId('their-review').count(), 0, 'the host’s review is hidden from the DJ');
    await dj.getByRole('group', { name: 'Overall' }).getByLabel('4 stars').check();
    await dj.getByLabel('How was this host and their crowd?').fill('Warm welcome, great guests.');
    await env.screenshot(dj, 'review-form-phone');
    await dj.getByRole('button', { name: 'Publish when both are in' }).click();
    await dj.getByTestId('their-review').getByText('Our living room turned into a club. Everybody danced!').waitFor();
    await dj
      .getByTestId('their-review')
      .getByText(/Verified party: 12\d min live · guests joined: 1/)
      .waitFor();

    await host.reload();
    await host.getByTestId('their-review').getByText('Warm welcome, great guests.').waitFor();

    // Search: the card shows the new rating (the Bayesian score, one review of 5★ → 4.2).
    await visitor.goto('/djs?sort=rating&genres=funk');
    const card = visitor.getByRole('link', { name: /DJ Rio/ });
    await card.getByTestId('card-rating').filter({ hasText: '★ 4.2 (1)' }).waitFor();

    // Profile: histogram drawn, one 5★ bar.
    for (const [name, viewport] of [
      ['phone', PHONE_390],
      ['desktop', DESKTOP],
    ] as const) {
      const page = await env.newPage({ viewport });
      await page.goto(`/djs/${profile.id}`);
      const hist = page.getByTestId('rating-histogram');
      await hist.waitFor();
      assert.equal(await hist.locator('g[data-stars="5"]').getAttribute('data-count'), '1');
      assert.equal(await hist.locator('rect.h-bar').count(), 1, 'one bar drawn');
      await page.getByTestId('review-item').getByText('Our living room turned into a club. Everybody danced!').waitFor();
      await page.getByTestId('dj-reviews').scrollIntoViewIfNeeded();
      await env.screenshot(page, `profile-reviews-${name}`);
      if (name === 'desktop') await env.expectAccessible(page, 'the DJ profile with reviews');
    }

    // Anyone signed in can report the review and the profile; each form says so once it is sent.
    await host.goto(`/djs/${profile.id}`);
    const item = host.getByTestId('review-item').first();
    await item.getByRole('button', { name: 'Report' }).click();
    await item.getByLabel('Why are you reporting this review?').selectOption('spam');
    await item.getByRole('button', { name: 'Send report' }).click();
    await item.getByRole('status').filter({ hasText: 'the moderators will look at it' }).waitFor();
    await host.getByRole('button', { name: 'Report this profile' }).click();
    await host.getByLabel('What is wrong with this profile?').fill('The photos are not of this DJ.');
    await host.getByRole('button', { name: 'Send the report' }).click();
    await host.getByRole('status').filter({ hasText: 'our moderators will look at it' }).waitFor();
    clock.reset();
  });
});
