import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { card, CARDS, createDj, signedIn } from '../support/factories.ts';
import { testDbKind } from '../support/db.ts';
import type { TestClient } from '../support/client.ts';

// Tuesday noon UTC. Test DJs play Fri and Sat 20:00–02:00 Berlin (19:00–01:00 UTC in December).
const NOW = '2026-12-01T12:00:00Z';
const app = useTestApp({ now: NOW });
const FRI = { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' };

afterEach(async () => {
  const check = await app.deps.ledger.check();
  assert.deepEqual(check.problems, [], 'the ledger balances and every booking’s money is accounted for');
  app.clock.set(NOW);
});

async function setup(profile: Record<string, unknown> = {}) {
  const dj = await createDj(app, { profile });
  const host = await signedIn(app, 'host');
  return { dj, host };
}

async function book(host: { client: TestClient }, djProfileId: string, times = FRI) {
  const res = await host.client.post('/api/bookings', { djProfileId, ...times, note: 'Birthday!' });
  assert.equal(res.status, 201, res.text);
  return res.body.booking;
}

describe('booking lifecycle', () => {
  test('request → pay → DJ accepts: the slot is held, money captured and split, both told', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    assert.equal(b.state, 'pending_payment');
    assert.deepEqual(b.price, { totalMinor: 45_000, feeMinor: 6_750, djShareMinor: 38_250, currency: 'EUR', feeBps: 1500 });
    assert.equal(b.holdExpiresAt, '2026-12-01T12:15:00.000Z');
    const slots = await app.client().get(`/api/djs/${dj.profile.id}/slots?from=2026-12-04&to=2026-12-04&tz=UTC`);
    assert.deepEqual(
      slots.body.windows,
      [{ startsAt: '2026-12-04T22:30:00.000Z', endsAt: '2026-12-05T00:00:00.000Z' }],
      'the held slot and its 30-minute buffer are taken out',
    );

    const paid = await host.client.post(`/api/bookings/${b.id}/pay`, card());
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.booking.state, 'pending_acceptance');
    assert.equal(paid.body.booking.paymentStatus, 'authorized');
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {}, 'authorisation moves no money');

    const accepted = await dj.client.post(`/api/bookings/${b.id}/accept`);
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.body.booking.state, 'confirmed');
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {
      customer: -45_000,
      dj_payable: 38_250,
      platform_revenue: 6_750,
    });
    assert.deepEqual(
      accepted.body.booking.events.map((e: { transition: string }) => e.transition),
      ['request', 'pay', 'accept'],
    );

    await app.deps.jobs.drain();
    // The receipt follows the confirmation: it is queued once the payment job has captured (decision 015).
    const hostMails = (await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(host.user.email)}`)).body.messages.map(
      (m: { subject: string }) => m.subject,
    );
    assert.equal(hostMails[1], 'Your party is confirmed');
    assert.match(hostMails[0], /^Receipt PS-\w+: your party with /);
    const djMails = (await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(dj.user.email)}`)).body.messages.map(
      (m: { subject: string }) => m.subject,
    );
    assert.deepEqual(
      djMails.slice(0, 2),
      ['You are booked: party confirmed', 'New booking request'],
      'the DJ’s own calendar entry too',
    );
  });

  test('an auto-accept DJ is confirmed as soon as the host pays', async () => {
    const { dj, host } = await setup({ autoAccept: true });
    const b = await book(host, dj.profile.id);
    const paid = await host.client.post(`/api/bookings/${b.id}/pay`, card());
    assert.equal(paid.body.booking.state, 'confirmed');
    assert.equal(paid.body.booking.events.at(-1).actor, 'system');
  });

  test('a declined card leaves the booking unpaid and moves nothing', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    const res = await host.client.post(`/api/bookings/${b.id}/pay`, card(CARDS.declined));
    assert.equal(res.status, 402);
    assert.equal(res.body.code, 'PAYMENT_DECLINED');
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'pending_payment');
    assert.equal(
      (await host.client.post(`/api/bookings/${b.id}/pay`, card())).body.booking.state,
      'pending_acceptance',
      'another card works',
    );
  });

  test('a card needing extra confirmation waits for it', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    const res = await host.client.post(`/api/bookings/${b.id}/pay`, card(CARDS.action));
    assert.equal(res.body.booking.state, 'pending_payment');
    assert.equal(res.body.booking.paymentStatus, 'requires_action');
    const confirmed = await host.client.post(`/api/bookings/${b.id}/confirm-payment`);
    assert.equal(confirmed.body.booking.state, 'pending_acceptance');
  });

  test('an unpaid hold expires after 15 minutes and frees the slot; paying it then is refused', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    app.clock.advance(16 * 60_000);
    assert.equal(
      (await host.client.post(`/api/bookings/${b.id}/pay`, card())).body.code,
      'BOOKING_HOLD_EXPIRED',
      'even before the timer ran',
    );
    await app.deps.jobs.drain();
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'expired');
    assert.equal((await host.client.post(`/api/bookings/${b.id}/pay`, card())).body.code, 'BOOKING_HOLD_EXPIRED');
    const again = await signedIn(app, 'host');
    await book(again, dj.profile.id);
  });

  test('a DJ who does not answer in 48 hours lets the request expire; the authorisation is released', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    app.clock.advance(48 * 3_600_000 + 60_000);
    await app.deps.jobs.drain();
    const after = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
    assert.equal(after.state, 'expired');
    assert.equal(after.paymentStatus, 'released');
  });

  test('accepting twice, declining after accepting and paying twice are 409s that change nothing', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    for (const [who, path, body] of [
      [dj, 'accept', undefined],
      [dj, 'decline', {}],
      [host, 'pay', card()],
    ] as const) {
      const res = await who.client.post(`/api/bookings/${b.id}/${path}`, body);
      assert.equal(res.status, 409, `${path}: ${res.text}`);
      assert.equal(res.body.code, 'BOOKING_INVALID_TRANSITION');
    }
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {
      customer: -45_000,
      dj_payable: 38_250,
      platform_revenue: 6_750,
    });
  });

  test('the DJ declines: the host is not charged', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    const res = await dj.client.post(`/api/bookings/${b.id}/decline`, { reason: 'Double gig' });
    assert.equal(res.body.booking.state, 'declined');
    assert.equal(res.body.booking.paymentStatus, 'released');
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {});
  });

  test('host cancellation refunds by the DJ’s policy (moderate: 50 % inside 7 days)', async () => {
    const { dj, host } = await setup({ cancellationPolicy: 'moderate' });
    const b = await book(host, dj.profile.id);
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    const res = await host.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'Plans changed' });
    assert.equal(res.body.booking.state, 'cancelled_by_host');
    assert.equal(res.body.booking.refundedMinor, 22_500);
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {
      customer: -22_500,
      dj_payable: 19_125,
      platform_revenue: 3_375,
    });
  });

  test('the DJ cancelling refunds the host in full and frees the slot', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    const res = await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'Ill' });
    assert.equal(res.body.booking.state, 'cancelled_by_dj');
    assert.equal(res.body.booking.refundedMinor, 45_000);
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), { customer: 0, dj_payable: 0, platform_revenue: 0 });
    await book(await signedIn(app, 'host'), dj.profile.id);
  });

  test('the party goes live, completes, and the DJ is paid out a day later; a completed party cannot be cancelled', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    app.clock.set('2026-12-04T19:00:00Z');
    await app.deps.jobs.drain();
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'live');
    app.clock.set('2026-12-04T22:00:00Z');
    await app.deps.jobs.drain();
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'completed');
    assert.equal((await host.client.post(`/api/bookings/${b.id}/cancel`, {})).body.code, 'BOOKING_INVALID_TRANSITION');
    app.clock.set('2026-12-05T22:01:00Z');
    await app.deps.jobs.drain();
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'paid_out');
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {
      customer: -45_000,
      dj_payable: 0,
      dj_paid_out: 38_250,
      platform_revenue: 6_750,
    });
    await app.deps.jobs.drain();
    assert.deepEqual(
      await app.deps.ledger.balances(app.deps.db, b.id),
      { customer: -45_000, dj_payable: 0, dj_paid_out: 38_250, platform_revenue: 6_750 },
      're-running jobs pays nothing twice',
    );
  });
});

describe('refusals', () => {
  test('strangers get 404 for someone else’s booking and nothing changes', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    const stranger = await signedIn(app, 'host');
    const otherDj = await signedIn(app, 'dj');
    assert.equal((await stranger.client.get(`/api/bookings/${b.id}`)).status, 404);
    assert.equal((await stranger.client.post(`/api/bookings/${b.id}/pay`, card())).status, 404);
    assert.equal((await stranger.client.post(`/api/bookings/${b.id}/cancel`, {})).status, 404);
    assert.equal((await otherDj.client.post(`/api/bookings/${b.id}/accept`)).status, 404);
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'pending_payment');
    assert.equal((await dj.client.post(`/api/bookings`, { djProfileId: dj.profile.id, ...FRI })).status, 403, 'DJs do not book');
  });

  test('past, unavailable, too-soon and wrongly sized slots are refused with a reason', async () => {
    const { dj, host } = await setup();
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ startsAt: '2026-11-27T19:00:00Z', endsAt: '2026-11-27T22:00:00Z' }, 409, /past/],
      [{ startsAt: '2026-12-08T19:00:00Z', endsAt: '2026-12-08T22:00:00Z' }, 409, /outside/],
      [{ startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T20:00:00Z' }, 422, /at least 2 hours/],
      [{ startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T19:07:00Z' }, 400, /15-minute/],
      [{ startsAt: '2026-12-04T22:00:00Z', endsAt: '2026-12-04T19:00:00Z' }, 400, /after the start/],
    ];
    for (const [times, status, reason] of cases) {
      const res = await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...times });
      assert.equal(res.status, status, `${JSON.stringify(times)}: ${res.text}`);
      assert.match(res.body.detail, reason);
    }
    app.clock.set('2026-12-03T21:00:00Z'); // Friday 19:00 UTC is now 22 hours away; the DJ needs 24
    const soon = await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI });
    assert.equal(soon.status, 409);
    assert.match(soon.body.detail, /notice/);
  });

  test('a retried request with the same Idempotency-Key returns the first booking', async () => {
    const { dj, host } = await setup();
    const body = { djProfileId: dj.profile.id, ...FRI };
    const a = await host.client.request('POST', '/api/bookings', { body, headers: { 'Idempotency-Key': 'retry-key-0001' } });
    const b2 = await host.client.request('POST', '/api/bookings', { body, headers: { 'Idempotency-Key': 'retry-key-0001' } });
    assert.equal(a.status, 201);
    assert.equal(b2.status, 200);
    assert.equal(a.body.booking.id, b2.body.booking.id);
  });
});

describe('no double booking under concurrency (' + testDbKind + ')', () => {
  test('200 concurrent requests for overlapping slots of one DJ: exactly one wins', async () => {
    const { dj } = await setup();
    const hosts = await Promise.all(Array.from({ length: 10 }, () => signedIn(app, 'host')));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const start = Date.parse('2026-12-04T19:00:00Z') + (i % 5) * 15 * 60_000;
        return hosts[i % hosts.length]!.client.post('/api/bookings', {
          djProfileId: dj.profile.id,
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 2 * 3_600_000).toISOString(),
        });
      }),
    );
    const statuses = results.map((r) => r.status);
    assert.equal(
      statuses.filter((s) => s === 201).length,
      1,
      `statuses: ${JSON.stringify(Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length])))}`,
    );
    const odd = results.filter(
      (r) =>
        !(r.status === 201 || (r.status === 409 && ['BOOKING_SLOT_TAKEN', 'BOOKING_SLOT_UNAVAILABLE'].includes(r.body.code))),
    );
    assert.deepEqual(
      odd.map((r) => `${r.status} ${r.body?.code ?? ''} ${r.body?.detail ?? ''}`).slice(0, 5),
      [],
      'every loser is a 409 that says why',
    );
  });

  test('10 concurrent accepts of one request: one capture, nine 409s', async () => {
    const { dj, host } = await setup();
    const b = await book(host, dj.profile.id);
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    const results = await Promise.all(Array.from({ length: 10 }, () => dj.client.post(`/api/bookings/${b.id}/accept`)));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(results.every((r) => r.status === 200 || r.status === 409));
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {
      customer: -45_000,
      dj_payable: 38_250,
      platform_revenue: 6_750,
    });
  });
});
