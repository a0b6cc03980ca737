import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startTestApp, type TestApp } from '../support/app.ts';
import { card, CARDS, createDj, signedIn } from '../support/factories.ts';
import { startFakeStripe, type FakeStripe } from '../support/stripe-server.ts';
import { createStripeClient, stripePayments } from '../../src/providers/payments/stripe.ts';

const WEBHOOK_SECRET = 'whsec_test_partystream';

describe('Stripe Connect twin against a local Stripe-speaking server', () => {
  let fake: FakeStripe;
  let app: TestApp & { stop(): Promise<void> };
  let stripe: Stripe;

  before(async () => {
    fake = await startFakeStripe();
    stripe = createStripeClient({ secretKey: 'sk_test_partystream', host: '127.0.0.1', port: fake.port, protocol: 'http' });
    app = await startTestApp({
      now: '2026-12-01T12:00:00Z',
      env: { PAYMENTS_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_test_partystream', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
      overrides: { stripe, payments: stripePayments(stripe) },
    });
  });
  after(async () => {
    await app?.stop();
    await fake?.close();
  });

  async function bookAndPay(number = CARDS.ok) {
    const dj = await createDj(app);
    const host = await signedIn(app, 'host');
    const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' })).body.booking;
    const paid = await host.client.post(`/api/bookings/${b.id}/pay`, card(number));
    return { dj, host, b, paid };
  }

  test('paying creates a manual-capture PaymentIntent with an idempotency key; accepting captures it once', async () => {
    const { dj, b, paid } = await bookAndPay();
    assert.equal(paid.status, 200, paid.text);
    assert.equal(paid.body.booking.state, 'pending_acceptance');
    const create = fake.requests.find((r) => r.path === '/v1/payment_intents')!;
    assert.equal(create.params.get('capture_method'), 'manual');
    assert.equal(create.params.get('amount'), '45000');
    assert.equal(create.params.get('currency'), 'eur');
    assert.equal(create.idempotencyKey, `authorize:${b.id}`);
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    const captures = fake.requests.filter((r) => r.path.endsWith('/capture'));
    assert.equal(captures.length, 1);
    assert.equal(captures[0]!.idempotencyKey, `capture:${b.id}`);
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), { customer: -45_000, dj_payable: 38_250, platform_revenue: 6_750 });
  });

  test('a declined card comes back as a 402 with Stripe’s reason', async () => {
    const { paid } = await bookAndPay(CARDS.declined);
    assert.equal(paid.status, 402);
    assert.equal(paid.body.detail, 'Your card was declined.');
  });

  test('3-D Secure: requires_action, then confirmed', async () => {
    const { host, b, paid } = await bookAndPay(CARDS.action);
    assert.equal(paid.body.booking.paymentStatus, 'requires_action');
    const confirmed = await host.client.post(`/api/bookings/${b.id}/confirm-payment`);
    assert.equal(confirmed.body.booking.state, 'pending_acceptance');
  });

  test('a DJ cancellation refunds in full with the application fee; onboarding creates an Express account link', async () => {
    const { dj, b } = await bookAndPay();
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
    const refund = fake.requests.find((r) => r.path === '/v1/refunds')!;
    assert.equal(refund.params.get('amount'), '45000');
    assert.equal(refund.params.get('refund_application_fee'), 'true');
    const onboard = await stripePayments(stripe).onboardPayee({ email: 'dj@example.test', refreshUrl: 'http://x/r', returnUrl: 'http://x/done' });
    assert.match(onboard.accountId, /^acct_/);
    assert.match(onboard.onboardingUrl, /connect\.stripe\.test/);
    assert.equal(fake.requests.find((r) => r.path === '/v1/accounts')!.params.get('type'), 'express');
  });

  test('webhooks: bad signatures are refused; a replayed event ×10 is applied once; an older event cannot move a payment back', async () => {
    const { dj, b } = await bookAndPay();
    const pi = [...fake.intents.values()].at(-1)!;
    const send = async (payload: object, secret = WEBHOOK_SECRET) => {
      const body = JSON.stringify(payload);
      const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret });
      return app.client({ origin: null }).request('POST', '/api/payments/webhooks/stripe', { raw: body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header } });
    };
    const event = (id: string, type: string, object: object) => ({ id, object: 'event', type, data: { object }, api_version: '2025-01-01', created: 1 });

    const forged = await send(event('evt_forged', 'payment_intent.succeeded', { id: pi.id }), 'whsec_wrong_secret');
    assert.equal(forged.status, 400);
    assert.equal(forged.body.code, 'PAYMENT_WEBHOOK_SIGNATURE_INVALID');

    await dj.client.post(`/api/bookings/${b.id}/accept`);
    const succeeded = event('evt_succeeded_1', 'payment_intent.succeeded', { id: pi.id, object: 'payment_intent' });
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await send(succeeded));
    assert.ok(results.every((r) => r.status === 200));
    assert.equal(results.filter((r) => r.body.duplicate).length, 9, 'nine duplicates recognised');
    const late = await send(event('evt_capturable_old', 'payment_intent.amount_capturable_updated', { id: pi.id, object: 'payment_intent' }));
    assert.equal(late.body.applied, undefined, 'an out-of-order older event changes nothing');
    assert.equal((await app.client().get('/api/health')).status, 200);
    const after = await dj.client.get(`/api/bookings/${b.id}`);
    assert.equal(after.body.booking.paymentStatus, 'captured');
    const refunded = await send(event('evt_refund_1', 'charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: pi.id, amount: 45000, amount_refunded: 45000 }));
    assert.equal(refunded.body.applied, 'refunded');
  });
});
