import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startTestApp, type TestApp } from '../support/app.ts';
import { card, CARDS, createDj, signedIn } from '../support/factories.ts';
import { startFakeStripe, type FakeStripe } from '../support/stripe-server.ts';
import { deliverStripeEvent } from '../support/stripe-webhook.ts';
import { createStripeClient, stripePayments } from '../../src/providers/payments/stripe.ts';

const WEBHOOK_SECRET = 'whsec_test_partystream';
const SECRET_KEY = 'sk_test_partystream';
const PUBLISHABLE_KEY = 'pk_test_partystream';
const NOW = '2026-12-01T12:00:00Z';
const FRI = { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' };

describe('Stripe Connect twin against a local Stripe-speaking server', () => {
  let fake: FakeStripe;
  let app: TestApp & { stop(): Promise<void> };
  let stripe: Stripe;

  before(async () => {
    fake = await startFakeStripe({ now: () => app.clock.now() });
    stripe = createStripeClient({ secretKey: SECRET_KEY, host: '127.0.0.1', port: fake.port, protocol: 'http' });
    app = await startTestApp({
      now: NOW,
      env: {
        PAYMENTS_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
      },
      overrides: { stripe, payments: stripePayments(stripe) },
    });
  });
  after(async () => {
    await app?.stop();
    await fake?.close();
  });
  afterEach(() => {
    app.clock.set(NOW);
    assert.deepEqual(app.errorLogs.splice(0), [], 'no error logs');
  });

  const send = (payload: { id: string }, secret = WEBHOOK_SECRET) => deliverStripeEvent(app, stripe, payload, { secret });
  let evtSeq = 0;
  const event = (type: string, object: object, id = `evt_${++evtSeq}_${Date.now()}`) => ({
    id,
    object: 'event',
    type,
    data: { object },
    api_version: '2026-10-28.endive',
    created: 1,
  });

  const accountOf = async (djProfileId: string) => (await app.deps.dj.getBookingTerms(djProfileId)).stripeAccountId;

  /** A DJ who finished Express onboarding (told by the account.updated webhook). */
  async function readyDj(profile: Record<string, unknown> = {}) {
    const dj = await createDj(app, { profile });
    const acct = (await accountOf(dj.profile.id))!;
    fake.completeOnboarding(acct);
    const res = await send(event('account.updated', { id: acct, object: 'account' }));
    assert.equal(res.body.applied, 'payouts_ready');
    return { ...dj, acct };
  }

  async function bookAndPay(number = CARDS.ok, profile: Record<string, unknown> = {}) {
    const dj = await readyDj(profile);
    const host = await signedIn(app, 'host');
    const created = await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI });
    assert.equal(created.status, 201, created.text);
    const b = created.body.booking;
    const paid = await host.client.post(`/api/bookings/${b.id}/pay`, card(number));
    return { dj, host, b, paid };
  }

  describe('DJ payout onboarding', () => {
    test('starting setup makes one Express account even under double clicks and concurrency, and links back to our app', async () => {
      const dj = await createDj(app, { payouts: false });
      const before = fake.requests.filter((r) => r.path === '/v1/accounts').length;
      const results = await Promise.all(
        Array.from({ length: 5 }, () => dj.client.post('/api/payments/payout-account/onboarding')),
      );
      const again = await dj.client.post('/api/payments/payout-account/onboarding');
      assert.ok(
        [...results, again].every((r) => r.status === 200),
        results.map((r) => r.text).join('\n'),
      );
      const creates = fake.requests.filter((r) => r.path === '/v1/accounts').slice(before);
      assert.equal(creates.length, 1, 'one connected account');
      assert.equal(creates[0]!.params.get('type'), 'express');
      assert.equal(creates[0]!.params.get('capabilities[transfers][requested]'), 'true');
      assert.equal(creates[0]!.params.get('settings[payouts][schedule][interval]'), 'manual');
      assert.equal(creates[0]!.idempotencyKey, `payee:${dj.profile.id}`);
      const acct = await accountOf(dj.profile.id);
      assert.match(acct!, /^acct_/);
      assert.equal(again.body.url, `https://connect.stripe.test/setup/${acct}`);
      assert.deepEqual(again.body.status, { provider: 'stripe', state: 'pending' });
      const link = fake.requests.filter((r) => r.path === '/v1/account_links').at(-1)!;
      assert.equal(link.params.get('return_url'), `${app.url}/dj/payouts/return`);
      assert.equal(link.params.get('refresh_url'), `${app.url}/dj/payouts?setup=again`);
      assert.equal(link.params.get('type'), 'account_onboarding');
    });

    test('until Stripe enables the account hosts cannot book the DJ; account.updated (verified, deduplicated) makes them bookable', async () => {
      const dj = await createDj(app);
      const host = await signedIn(app, 'host');
      const refused = await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'DJ_PAYOUTS_NOT_READY');
      assert.match(refused.body.detail, /payout setup/);

      const acct = (await accountOf(dj.profile.id))!;
      const forged = await send(event('account.updated', { id: acct, object: 'account' }), 'whsec_wrong');
      assert.equal(forged.status, 400);
      const early = await send(
        event('account.updated', { id: acct, object: 'account', charges_enabled: true, payouts_enabled: true }),
      );
      assert.equal(early.body.applied, undefined, 'the event’s own snapshot is not trusted: Stripe still says not ready');
      fake.completeOnboarding(acct);
      const ready = event('account.updated', { id: acct, object: 'account' });
      assert.equal((await send(ready)).body.applied, 'payouts_ready');
      assert.equal((await send(ready)).body.duplicate, true);
      assert.deepEqual((await dj.client.get('/api/payments/payout-account')).body.status, { provider: 'stripe', state: 'ready' });
      assert.equal((await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI })).status, 201);
    });

    test('the return page’s status check asks Stripe, so it does not wait for the webhook', async () => {
      const dj = await createDj(app);
      assert.equal((await dj.client.get('/api/payments/payout-account')).body.status.state, 'pending');
      fake.completeOnboarding((await accountOf(dj.profile.id))!);
      assert.equal((await dj.client.get('/api/payments/payout-account')).body.status.state, 'ready');
      assert.equal((await app.deps.dj.getBookingTerms(dj.profile.id)).payoutsReady, true, 'stored');
    });

    test('a DJ whose account Stripe restricted cannot accept a paid request (409) and the booking stays as it was', async () => {
      const { dj, b } = await bookAndPay();
      Object.assign(fake.accounts.get(dj.acct)!, { payouts_enabled: false, capabilities: { transfers: 'inactive' } });
      assert.equal((await send(event('account.updated', { id: dj.acct, object: 'account' }))).body.applied, 'payouts_not_ready');
      const res = await dj.client.post(`/api/bookings/${b.id}/accept`);
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'DJ_PAYOUTS_NOT_READY');
      assert.equal((await dj.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'pending_acceptance');
      assert.equal(
        fake.requests.filter((r) => r.path === `/v1/payment_intents/${[...fake.intents.keys()].at(-1)}/capture`).length,
        0,
        'nothing captured',
      );
    });

    test('account.updated for an account that is not one of our DJs is acknowledged without asking Stripe', async () => {
      const before = fake.requests.length;
      const res = await send(event('account.updated', { id: 'acct_someone_else', object: 'account' }));
      assert.equal(res.status, 200);
      assert.equal(res.body.applied, undefined);
      assert.equal(fake.requests.length, before);
    });

    test('only DJs reach the payout endpoints', async () => {
      const host = await signedIn(app, 'host');
      assert.equal((await host.client.post('/api/payments/payout-account/onboarding')).status, 403);
      assert.equal((await app.client().get('/api/payments/payout-account')).status, 401);
    });
  });

  describe('card payments (server-confirmed test PaymentMethods)', () => {
    test('paying creates a manual-capture destination charge to the DJ’s connected account; accepting captures it once', async () => {
      const { dj, b, paid } = await bookAndPay();
      assert.equal(paid.status, 200, paid.text);
      assert.equal(paid.body.booking.state, 'pending_acceptance');
      const create = fake.requests.filter((r) => r.path === '/v1/payment_intents').at(-1)!;
      assert.equal(create.params.get('capture_method'), 'manual');
      assert.equal(create.params.get('amount'), '45000');
      assert.equal(create.params.get('currency'), 'eur');
      assert.equal(create.params.get('application_fee_amount'), '6750');
      assert.equal(create.params.get('transfer_data[destination]'), dj.acct);
      assert.equal(create.idempotencyKey, `authorize:${b.id}`);
      await dj.client.post(`/api/bookings/${b.id}/accept`);
      const captures = fake.requests.filter((r) => r.path.endsWith('/capture') && r.idempotencyKey === `capture:${b.id}`);
      assert.equal(captures.length, 1);
      assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {
        customer: -45_000,
        dj_payable: 38_250,
        platform_revenue: 6_750,
      });
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

    test('a DJ cancellation refunds in full with the application fee; the payout goes to the DJ’s account', async () => {
      const { dj, b } = await bookAndPay();
      await dj.client.post(`/api/bookings/${b.id}/accept`);
      await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
      const refund = fake.requests.filter((r) => r.path === '/v1/refunds').at(-1)!;
      assert.equal(refund.params.get('amount'), '45000');
      assert.equal(refund.params.get('refund_application_fee'), 'true');

      const second = await bookAndPay();
      await second.dj.client.post(`/api/bookings/${second.b.id}/accept`);
      for (const at of ['2026-12-04T19:00:00Z', '2026-12-04T22:00:00Z', '2026-12-05T22:00:00Z']) {
        app.clock.set(at);
        await app.deps.jobs.drain();
      }
      assert.equal((await second.dj.client.get(`/api/bookings/${second.b.id}`)).body.booking.state, 'paid_out');
      const payout = fake.requests.filter((r) => r.path === '/v1/payouts').at(-1)!;
      assert.equal(payout.account, second.dj.acct);
      assert.equal(payout.params.get('amount'), '38250');
    });

    test('webhooks: bad signatures are refused; a replayed event ×10 is applied once; an older event cannot move a payment back', async () => {
      const { dj, b } = await bookAndPay();
      const pi = [...fake.intents.values()].at(-1)!;
      const forged = await send(event('payment_intent.succeeded', { id: pi.id }, 'evt_forged'), 'whsec_wrong_secret');
      assert.equal(forged.status, 400);
      assert.equal(forged.body.code, 'PAYMENT_WEBHOOK_SIGNATURE_INVALID');

      await dj.client.post(`/api/bookings/${b.id}/accept`);
      const succeeded = event('payment_intent.succeeded', { id: pi.id, object: 'payment_intent' }, 'evt_succeeded_1');
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await send(succeeded));
      assert.ok(results.every((r) => r.status === 200));
      assert.equal(results.filter((r) => r.body.duplicate).length, 9, 'nine duplicates recognised');
      const late = await send(
        event('payment_intent.amount_capturable_updated', { id: pi.id, object: 'payment_intent' }, 'evt_capturable_old'),
      );
      assert.equal(late.body.applied, undefined, 'an out-of-order older event changes nothing');
      const after = await dj.client.get(`/api/bookings/${b.id}`);
      assert.equal(after.body.booking.paymentStatus, 'captured');
      const snapshotOnly = await send(
        event(
          'charge.refunded',
          { id: 'ch_1', object: 'charge', payment_intent: pi.id, amount: 45000, amount_refunded: 45000 },
          'evt_refund_1',
        ),
      );
      assert.equal(
        snapshotOnly.body.applied,
        undefined,
        'a refund event is read back from Stripe: no refund there, nothing booked',
      );
      assert.equal((await dj.client.get(`/api/bookings/${b.id}`)).body.booking.paymentStatus, 'captured');
    });
  });

  describe('refunds made in the Stripe dashboard (decision 011)', () => {
    const bal = (id: string) => app.deps.ledger.balances(app.deps.db, id);
    const kinds = async (id: string) =>
      (await app.deps.ledger.customerMovements(app.deps.db, id)).map((m) => `${m.kind}:${m.amountMinor}`);
    const refundEvent = (type: 'refund.created' | 'refund.updated', r: Record<string, unknown>, id?: string) =>
      event(type, { ...r }, id);
    const chargeRefunded = (piId: string, id?: string) =>
      event('charge.refunded', { id: `ch_${piId.slice(3)}`, object: 'charge', payment_intent: piId }, id);

    async function confirmedBooking(profile: Record<string, unknown> = {}) {
      const { dj, host, b } = await bookAndPay(CARDS.ok, profile);
      await dj.client.post(`/api/bookings/${b.id}/accept`);
      const piId = [...fake.intents.values()].at(-1)!.id as string;
      assert.equal(fake.intents.get(piId)!.status, 'succeeded');
      return { dj, host, b, piId };
    }

    test('replayed ×10 and out of order, a dashboard refund is booked once; a pending one waits until it succeeds', async () => {
      const { host, b, piId } = await confirmedBooking();
      const pending = fake.refundInDashboard(piId, 10_000, { reverseTransfer: true, status: 'pending' });
      const created = refundEvent('refund.created', pending, 'evt_re_created_1');
      assert.equal((await send(created)).body.applied, undefined, 'pending: no money moved yet');
      assert.equal((await kinds(b.id)).length, 1);

      pending.status = 'succeeded';
      const updated = refundEvent('refund.updated', pending, 'evt_re_updated_1');
      const charge = chargeRefunded(piId, 'evt_ch_refunded_1');
      // Stripe may deliver these in any order and more than once.
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await send(charge), await send(updated), await send(created));
      assert.ok(results.every((r) => r.status === 200));
      assert.deepEqual(
        results.map((r) => r.body.applied).filter(Boolean),
        [`refunds:${pending.id}`],
        'applied once, by the first event after it succeeded',
      );
      assert.equal(results.filter((r) => r.body.duplicate).length, 28);
      assert.equal(
        (await send(refundEvent('refund.updated', pending))).body.applied,
        undefined,
        'a new event for the same refund changes nothing',
      );

      // Transfer reversed: DJ and platform share it in proportion (1 500 of the 6 750 fee on 10 000 of 45 000).
      assert.deepEqual(await bal(b.id), { customer: -35_000, dj_payable: 29_750, platform_revenue: 5_250 });
      assert.deepEqual(await kinds(b.id), ['capture:-45000', 'provider_refund:10000']);
      const booking = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
      assert.equal(booking.state, 'confirmed', 'money only: the party stays confirmed');
      assert.equal(booking.refundedMinor, 10_000);
      assert.equal(booking.paymentStatus, 'partially_refunded');
      assert.equal(booking.events.at(-1).transition, 'provider_refund');
      const receipt = (await host.client.get(`/api/bookings/${b.id}/receipt`)).body.receipt;
      assert.deepEqual(
        receipt.refunds.map((r: { amountMinor: number; reason: string }) => [r.amountMinor, r.reason]),
        [[10_000, 'Refund from PartyStream support']],
      );
      assert.equal(receipt.netPaidMinor, 35_000);
      assert.deepEqual((await app.deps.ledger.check()).problems, []);
    });

    test('a partial then a full dashboard refund without transfer reversal: the platform pays, the DJ is still paid out in full', async () => {
      const { dj, host, b, piId } = await confirmedBooking();
      const first = fake.refundInDashboard(piId, 20_000);
      assert.equal((await send(chargeRefunded(piId))).body.applied, `refunds:${first.id}`);
      assert.deepEqual(await bal(b.id), {
        customer: -25_000,
        dj_payable: 38_250,
        platform_revenue: 6_750,
        platform_refund_cost: -20_000,
      });
      assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.paymentStatus, 'partially_refunded');

      const rest = fake.refundInDashboard(piId, 25_000);
      assert.equal((await send(refundEvent('refund.created', rest))).body.applied, `refunds:${rest.id}`);
      const after = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
      assert.equal(after.state, 'confirmed');
      assert.equal(after.refundedMinor, 45_000);
      assert.equal(after.paymentStatus, 'refunded');
      assert.deepEqual(await bal(b.id), {
        customer: 0,
        dj_payable: 38_250,
        platform_revenue: 6_750,
        platform_refund_cost: -45_000,
      });
      const receipt = (await host.client.get(`/api/bookings/${b.id}/receipt`)).body.receipt;
      assert.deepEqual(
        receipt.refunds.map((r: { amountMinor: number }) => r.amountMinor),
        [20_000, 25_000],
      );
      assert.equal(receipt.netPaidMinor, 0);
      assert.deepEqual((await app.deps.ledger.check()).problems, []);

      // Nothing is left to refund: a DJ cancellation now refunds nothing more.
      const cancelled = await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'double check' });
      assert.equal(cancelled.body.booking.state, 'cancelled_by_dj');
      assert.equal(
        fake.requests.filter((r) => r.path === '/v1/refunds' && r.method === 'POST' && r.params.get('payment_intent') === piId)
          .length,
        0,
      );
      assert.deepEqual((await app.deps.ledger.check()).problems, []);
    });

    test('after payout, a reversed dashboard refund is clawed back from what the DJ was paid', async () => {
      const { b, piId } = await confirmedBooking();
      for (const at of ['2026-12-04T19:00:00Z', '2026-12-04T22:00:00Z', '2026-12-05T22:00:00Z']) {
        app.clock.set(at);
        await app.deps.jobs.drain();
      }
      assert.deepEqual(await bal(b.id), { customer: -45_000, dj_payable: 0, dj_paid_out: 38_250, platform_revenue: 6_750 });
      const r = fake.refundInDashboard(piId, 45_000, { reverseTransfer: true });
      assert.equal((await send(chargeRefunded(piId))).body.applied, `refunds:${r.id}`);
      assert.deepEqual(await bal(b.id), { customer: 0, dj_payable: 0, dj_paid_out: 0, platform_revenue: 0 });
      assert.deepEqual((await app.deps.ledger.check()).problems, []);
    });

    test('a refund the app made is not booked again when its webhooks come back, even mixed with a dashboard refund', async () => {
      // The DJ's own cancellation (a full refund made by the app), echoed by Stripe's events.
      const own = await confirmedBooking();
      assert.equal(
        (await own.dj.client.post(`/api/bookings/${own.b.id}/cancel`, { reason: 'ill' })).body.booking.state,
        'cancelled_by_dj',
      );
      const refund = [...fake.refunds.values()].find((r) => r.payment_intent === own.piId)!;
      assert.equal((refund.metadata as Record<string, string>).partystream_refund_key, `refund:${own.b.id}:refund_in_full`);
      for (const e of [refundEvent('refund.created', refund), refundEvent('refund.updated', refund), chargeRefunded(own.piId)]) {
        for (let i = 0; i < 3; i++) assert.equal((await send(e)).body.applied, undefined);
      }
      assert.deepEqual(await kinds(own.b.id), ['capture:-45000', 'refund:45000']);
      assert.equal((await own.host.client.get(`/api/bookings/${own.b.id}`)).body.booking.refundedMinor, 45_000);

      // The host cancels under the moderate policy (50 % within a week); support refunds the rest in the dashboard.
      const mixed = await confirmedBooking({ cancellationPolicy: 'moderate' });
      assert.equal((await mixed.host.client.post(`/api/bookings/${mixed.b.id}/cancel`, {})).body.booking.refundedMinor, 22_500);
      fake.refundInDashboard(mixed.piId, 22_500, { reverseTransfer: true });
      for (let i = 0; i < 3; i++) await send(chargeRefunded(mixed.piId));
      assert.deepEqual(await kinds(mixed.b.id), ['capture:-45000', 'refund:22500', 'provider_refund:22500']);
      const receipt = (await mixed.host.client.get(`/api/bookings/${mixed.b.id}/receipt`)).body.receipt;
      assert.deepEqual(
        receipt.refunds.map((r: { reason: string }) => r.reason),
        ['Cancelled by you — refund under the DJ’s cancellation policy', 'Refund from PartyStream support'],
      );
      assert.equal((await mixed.host.client.get(`/api/bookings/${mixed.b.id}`)).body.booking.paymentStatus, 'refunded');
      assert.deepEqual((await app.deps.ledger.check()).problems, []);
    });

    test('our refund whose transaction has not committed (or crashed) is left to the retried transition, which books it once', async () => {
      const { dj, b, piId } = await confirmedBooking();
      const key = `refund:${b.id}:refund_in_full`;
      // Stripe accepted our refund, then our process died before commit: only the webhook knows so far.
      await stripe.refunds.create(
        {
          payment_intent: piId,
          amount: 45_000,
          refund_application_fee: true,
          reverse_transfer: true,
          metadata: { partystream_refund_key: key },
        },
        { idempotencyKey: key },
      );
      assert.equal((await send(chargeRefunded(piId))).body.applied, undefined, 'not booked as a dashboard refund');
      assert.deepEqual(await kinds(b.id), ['capture:-45000']);
      const retried = await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
      assert.equal(retried.body.booking.refundedMinor, 45_000);
      assert.equal(
        [...fake.refunds.values()].filter((r) => r.payment_intent === piId).length,
        1,
        'Stripe returned the first refund for the same key',
      );
      assert.equal((await send(chargeRefunded(piId))).body.applied, undefined);
      assert.deepEqual(await kinds(b.id), ['capture:-45000', 'refund:45000']);
      assert.deepEqual((await app.deps.ledger.check()).problems, []);
    });

    test('a refund of ours from before refunds carried our key is not booked twice (capped by what Stripe refunded)', async () => {
      const { dj, b, piId } = await confirmedBooking();
      await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
      const ours = [...fake.refunds.values()].find((r) => r.payment_intent === piId)!;
      ours.metadata = {}; // as an older release made it
      assert.equal((await send(chargeRefunded(piId))).body.applied, undefined);
      assert.deepEqual(await kinds(b.id), ['capture:-45000', 'refund:45000']);
    });
  });

  describe('checkout with Stripe Elements', () => {
    async function requested(profile: Record<string, unknown> = {}) {
      const dj = await readyDj(profile);
      const host = await signedIn(app, 'host');
      const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI })).body.booking;
      return { dj, host, b };
    }

    test('the host gets the PaymentIntent’s client secret and the publishable key — never the secret key — and the same intent on every call', async () => {
      const { dj, host, b } = await requested();
      const first = await host.client.post(`/api/bookings/${b.id}/checkout`);
      assert.equal(first.status, 200, first.text);
      const c = first.body.checkout;
      assert.equal(c.provider, 'stripe');
      assert.equal(c.publishableKey, PUBLISHABLE_KEY);
      assert.equal(c.stripeJsUrl, null);
      const pi = [...fake.intents.values()].find((x) => (x.metadata as { booking_id: string }).booking_id === b.id)!;
      assert.equal(c.clientSecret, pi.client_secret);
      assert.ok(!first.text.includes(SECRET_KEY) && !first.text.includes(WEBHOOK_SECRET), 'no secret in the response');
      const create = fake.requests.filter((r) => r.path === '/v1/payment_intents').at(-1)!;
      assert.equal(create.idempotencyKey, `checkout:${b.id}`);
      assert.equal(create.params.get('capture_method'), 'manual');
      assert.equal(create.params.get('confirm'), null, 'confirmed by the customer in the browser');
      assert.equal(create.params.get('transfer_data[destination]'), dj.acct);
      assert.equal(create.params.get('application_fee_amount'), '6750');
      const second = await host.client.post(`/api/bookings/${b.id}/checkout`);
      assert.equal(second.body.checkout.clientSecret, c.clientSecret);
      assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.paymentStatus, 'pending');
      assert.equal(
        (await host.client.post(`/api/bookings/${b.id}/pay`, card())).status,
        409,
        'no second payment on the card endpoint',
      );
    });

    test('the page may load Stripe.js and its frames (CSP)', async () => {
      const csp = (await app.client().get('/api/health')).headers.get('content-security-policy')!;
      // The public pages' boot-script hash (decision 042) may stand between 'self' and Stripe's origin.
      assert.match(csp, /script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')? https:\/\/js\.stripe\.com/);
      assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, 'no inline scripts (issue 17.7)');
      assert.match(csp, /frame-src [^;]*https:\/\/js\.stripe\.com/);
      assert.match(csp, /connect-src [^;]*https:\/\/api\.stripe\.com/);
    });

    test('nobody but the booking’s host gets the client secret', async () => {
      const { dj, b } = await requested();
      const stranger = await signedIn(app, 'host');
      const admin = await signedIn(app, 'admin');
      for (const [who, res] of [
        ['another host', await stranger.client.post(`/api/bookings/${b.id}/checkout`)],
        ['the DJ', await dj.client.post(`/api/bookings/${b.id}/checkout`)],
        ['an admin', await admin.client.post(`/api/bookings/${b.id}/checkout`)],
        ['anonymous', await app.client().post(`/api/bookings/${b.id}/checkout`)],
      ] as const) {
        assert.ok([401, 403, 404].includes(res.status), `${who}: ${res.status}`);
        assert.ok(!res.text.includes('_secret_'), `${who} sees no client secret`);
      }
      assert.equal(
        (await stranger.client.post(`/api/bookings/${b.id}/checkout`)).status,
        404,
        'another host is told it does not exist',
      );
      assert.equal(
        fake.requests.filter((r) => r.path === '/v1/payment_intents' && r.params.get('metadata[booking_id]') === b.id).length,
        0,
        'no intent made for them',
      );
    });

    test('confirmed in the browser: the amount_capturable_updated webhook moves the booking on once', async () => {
      const { host, b } = await requested();
      const c = (await host.client.post(`/api/bookings/${b.id}/checkout`)).body.checkout;
      const piId = c.clientSecret.split('_secret_')[0];
      fake.confirmInBrowser(piId);
      const evt = event('payment_intent.amount_capturable_updated', { id: piId, object: 'payment_intent' });
      assert.equal((await send(evt)).body.applied, 'authorized');
      assert.equal((await send(evt)).body.duplicate, true);
      const after = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
      assert.equal(after.state, 'pending_acceptance');
      assert.equal(after.paymentStatus, 'authorized');
      assert.deepEqual(
        after.events.map((e: { transition: string }) => e.transition),
        ['request', 'pay'],
      );
      const confirm = await host.client.post(`/api/bookings/${b.id}/confirm-payment`);
      assert.equal(confirm.status, 200, 'the page’s own check after the webhook is harmless');
      assert.equal(confirm.body.booking.state, 'pending_acceptance');
    });

    test('confirmed in the browser, webhook late: the page’s check asks Stripe and moves the booking; an auto-accept DJ confirms', async () => {
      const { host, b } = await requested({ autoAccept: true });
      const c = (await host.client.post(`/api/bookings/${b.id}/checkout`)).body.checkout;
      const piId = c.clientSecret.split('_secret_')[0];
      fake.confirmInBrowser(piId);
      const res = await host.client.post(`/api/bookings/${b.id}/confirm-payment`);
      assert.equal(res.body.booking.state, 'confirmed');
      assert.equal(fake.intents.get(piId)!.status, 'succeeded', 'captured on auto-accept');
      const late = await send(event('payment_intent.amount_capturable_updated', { id: piId, object: 'payment_intent' }));
      assert.equal(late.body.applied, undefined);
    });

    test('declined in the browser: 402 from the check, the booking still waits for payment', async () => {
      const { host, b } = await requested();
      const c = (await host.client.post(`/api/bookings/${b.id}/checkout`)).body.checkout;
      fake.confirmInBrowser(c.clientSecret.split('_secret_')[0], 'declined');
      const res = await host.client.post(`/api/bookings/${b.id}/confirm-payment`);
      assert.equal(res.status, 402);
      assert.equal(res.body.detail, 'Your card was declined.');
      assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'pending_payment');
    });

    test('a hold that expires with a started payment cancels the PaymentIntent; a late webhook changes nothing', async () => {
      const { host, b } = await requested();
      const c = (await host.client.post(`/api/bookings/${b.id}/checkout`)).body.checkout;
      const piId = c.clientSecret.split('_secret_')[0];
      app.clock.set('2026-12-01T12:16:00Z');
      await app.deps.jobs.drain();
      assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'expired');
      assert.equal(fake.intents.get(piId)!.status, 'canceled');
      assert.equal(
        (await send(event('payment_intent.amount_capturable_updated', { id: piId, object: 'payment_intent' }))).body.applied,
        undefined,
      );
      assert.equal((await host.client.post(`/api/bookings/${b.id}/checkout`)).status, 409);
    });
  });
});
