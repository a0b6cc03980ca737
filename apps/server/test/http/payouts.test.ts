import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { card, createDj, signedIn } from '../support/factories.ts';

// With the embedded test-mode processor: payout setup completes at once; the booking gate is the same as with Stripe.
const app = useTestApp({ now: '2026-12-01T12:00:00Z' });
const FRI = { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' };

describe('DJ payout setup (embedded processor)', () => {
  test('a DJ who has not set up payouts cannot be booked; setting up completes at once and sends them back to our return page', async () => {
    const dj = await createDj(app, { payouts: false });
    const host = await signedIn(app, 'host');
    assert.deepEqual((await dj.client.get('/api/payments/payout-account')).body.status, {
      provider: 'local',
      state: 'not_started',
    });

    const refused = await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'DJ_PAYOUTS_NOT_READY');
    assert.match(refused.headers.get('content-type')!, /application\/problem\+json/);
    assert.equal((await host.client.get('/api/bookings')).body.bookings.length, 0, 'nothing held');

    const started = await dj.client.post('/api/payments/payout-account/onboarding');
    assert.equal(started.status, 200, started.text);
    assert.deepEqual(started.body, { url: `${app.url}/dj/payouts/return`, status: { provider: 'local', state: 'ready' } });
    assert.equal(
      (await dj.client.post('/api/payments/payout-account/onboarding')).body.status.state,
      'ready',
      'again: still ready',
    );
    assert.equal((await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI })).status, 201);
  });

  test('a DJ whose payouts stopped working cannot accept (409, booking unchanged), and hosts cannot pay them meanwhile', async () => {
    const dj = await createDj(app);
    const host = await signedIn(app, 'host');
    const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI })).body.booking;
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    await app.deps.dj.setPayoutsReady(dj.profile.id, false);
    const res = await dj.client.post(`/api/bookings/${b.id}/accept`);
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'DJ_PAYOUTS_NOT_READY');
    assert.match(res.body.detail, /Finish your payout setup/);
    assert.equal((await dj.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'pending_acceptance');
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {}, 'nothing captured');
    await dj.client.post('/api/payments/payout-account/onboarding');
    assert.equal(
      (await dj.client.post(`/api/bookings/${b.id}/accept`)).body.booking.state,
      'confirmed',
      'after setup the DJ can accept',
    );

    const auto = await createDj(app, { profile: { autoAccept: true } });
    const b2 = (await host.client.post('/api/bookings', { djProfileId: auto.profile.id, ...FRI })).body.booking;
    await app.deps.dj.setPayoutsReady(auto.profile.id, false);
    const paid = await host.client.post(`/api/bookings/${b2.id}/pay`, card());
    assert.equal(paid.status, 409, 'no payment to a DJ who cannot be paid');
    assert.equal((await host.client.get(`/api/bookings/${b2.id}`)).body.booking.state, 'pending_payment');
  });

  test('only DJs with a profile can set up payouts', async () => {
    const host = await signedIn(app, 'host');
    assert.equal((await host.client.post('/api/payments/payout-account/onboarding')).status, 403);
    assert.equal((await host.client.get('/api/payments/payout-account')).status, 403);
    const bare = await signedIn(app, 'dj');
    const res = await bare.client.post('/api/payments/payout-account/onboarding');
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'DJ_PROFILE_REQUIRED');
    assert.equal((await app.client().post('/api/payments/payout-account/onboarding')).status, 401);
  });

  test('checkout with the embedded processor says to use the card form, to the host only', async () => {
    const dj = await createDj(app);
    const host = await signedIn(app, 'host');
    const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI })).body.booking;
    const res = await host.client.post(`/api/bookings/${b.id}/checkout`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { checkout: { provider: 'local' } });
    const stranger = await signedIn(app, 'host');
    assert.equal((await stranger.client.post(`/api/bookings/${b.id}/checkout`)).status, 404);
  });
});
