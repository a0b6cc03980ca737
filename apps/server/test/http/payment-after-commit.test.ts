import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp } from '../support/app.ts';
import { card, createDj, lastMailTo, signedIn } from '../support/factories.ts';
import { faultyPayments, type FaultyPayments } from '../support/payment-faults.ts';
import { startFakeStripe, type FakeStripe } from '../support/stripe-server.ts';
import { deliverStripeEvent } from '../support/stripe-webhook.ts';
import { createStripeClient, stripePayments } from '../../src/providers/payments/stripe.ts';

/**
 * The Stripe twin through the after-commit payment jobs (decision 015), against the local Stripe-speaking server:
 * crashes around the provider call, Stripe outages, refusals that compensate, refunds that fail after they
 * succeeded, and card disputes — webhooks verified, replayed ×10 and out of order.
 */
const WEBHOOK_SECRET = 'whsec_test_partystream';
const SECRET_KEY = 'sk_test_partystream';
const NOW = '2026-12-01T12:00:00Z';
const FRI = { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' };
const FULL = { customer: -45_000, dj_payable: 38_250, platform_revenue: 6_750 };

describe('Stripe twin: provider calls after commit, refund failures and disputes', () => {
  let fake: FakeStripe;
  let app: TestApp & { stop(): Promise<void> };
  let stripe: Stripe;
  let faults: FaultyPayments;

  before(async () => {
    fake = await startFakeStripe({ now: () => app.clock.now() });
    stripe = createStripeClient({ secretKey: SECRET_KEY, host: '127.0.0.1', port: fake.port, protocol: 'http' });
    faults = faultyPayments(stripePayments(stripe));
    app = await startTestApp({
      now: NOW,
      env: {
        PAYMENTS_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_PUBLISHABLE_KEY: 'pk_test_partystream',
      },
      overrides: { stripe, payments: faults.provider },
    });
  });
  after(async () => {
    await app?.stop();
    await fake?.close();
  });
  afterEach(() => {
    app.clock.set(NOW);
    faults.clear();
    assert.deepEqual(app.errorLogs.splice(0), [], 'no error logs');
  });

  const bal = (id: string) => app.deps.ledger.balances(app.deps.db, id);
  const check = async () => assert.deepEqual((await app.deps.ledger.check()).problems, []);
  const send = (payload: { id: string }) => deliverStripeEvent(app, stripe, payload, { secret: WEBHOOK_SECRET });
  let seq = 0;
  const event = (type: string, object: object, id = `evt_ac_${++seq}_${Date.now()}`) => ({
    id,
    object: 'event',
    type,
    data: { object },
    api_version: '2026-10-28.endive',
    created: 1,
  });
  const requestsWithKey = (key: string) => fake.requests.filter((r) => r.idempotencyKey === key);

  async function paid() {
    const dj = await createDj(app);
    const acct = (await app.deps.dj.getBookingTerms(dj.profile.id)).stripeAccountId!;
    fake.completeOnboarding(acct);
    assert.equal((await send(event('account.updated', { id: acct, object: 'account' }))).body.applied, 'payouts_ready');
    const host = await signedIn(app, 'host');
    const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI })).body.booking;
    assert.equal((await host.client.post(`/api/bookings/${b.id}/pay`, card())).status, 200);
    const piId = [...fake.intents.values()].at(-1)!.id as string;
    return { dj, host, b, piId };
  }

  async function confirmed() {
    const p = await paid();
    assert.equal((await p.dj.client.post(`/api/bookings/${p.b.id}/accept`)).body.booking.paymentStatus, 'captured');
    return p;
  }

  describe('crashes and outages around the provider call', () => {
    test('killed after Stripe captured but before recording: the restarted job sends the same key, Stripe answers the first result, money is captured and booked once', async () => {
      const { dj, b, piId } = await paid();
      faults.inject('capture', 'killed_after');
      const gone = new AbortController();
      void dj.client.request('POST', `/api/bookings/${b.id}/accept`, { signal: gone.signal }).catch(() => {});
      for (let i = 0; i < 300 && fake.intents.get(piId)!.status !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(fake.intents.get(piId)!.status, 'succeeded', 'Stripe captured');
      assert.deepEqual(await bal(b.id), { capture_pending: -45_000, dj_payable: 38_250, platform_revenue: 6_750 });
      await check();
      // Meanwhile Stripe's own event arrives: it moves the payment status, the ledger waits for the job.
      assert.equal(
        (await send(event('payment_intent.succeeded', { id: piId, object: 'payment_intent' }))).body.applied,
        'captured',
      );

      faults.clear();
      const peer = await startTestApp({
        peerOf: app,
        env: {
          PAYMENTS_PROVIDER: 'stripe',
          STRIPE_SECRET_KEY: SECRET_KEY,
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          STRIPE_PUBLISHABLE_KEY: 'pk_test_partystream',
        },
        overrides: { stripe, payments: faults.provider },
      });
      try {
        peer.clock.advance(5 * 60_000 + 1);
        await peer.deps.jobs.drain();
      } finally {
        gone.abort();
        await peer.stop();
      }
      const captures = requestsWithKey(`capture:${b.id}`);
      assert.equal(captures.length, 2, 'called twice…');
      assert.equal(fake.intents.get(piId)!.amount_received, 45_000, '…captured once');
      assert.deepEqual(await bal(b.id), FULL);
      assert.equal((await app.deps.ledger.customerMovements(app.deps.db, b.id)).length, 1);
      await check();
    });

    test('a Stripe outage during a refund: the job retries later with the same key and refunds once', async () => {
      const { dj, b, piId } = await confirmed();
      fake.failNext(/^\/v1\/refunds$/, 3); // the SDK's own two retries fail too
      const cancelled = await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
      assert.equal(cancelled.status, 200);
      assert.equal(cancelled.body.booking.state, 'cancelled_by_dj');
      assert.equal(cancelled.body.booking.paymentStatus, 'captured', 'not refunded yet');
      assert.deepEqual(await bal(b.id), { customer: -45_000, refund_pending: 45_000, dj_payable: 0, platform_revenue: 0 });
      await check();
      app.clock.advance(60_000);
      await app.deps.jobs.drain();
      assert.equal([...fake.refunds.values()].filter((r) => r.payment_intent === piId).length, 1);
      assert.deepEqual(await bal(b.id), { customer: 0, dj_payable: 0, platform_revenue: 0 });
      assert.equal((await dj.client.get(`/api/bookings/${b.id}`)).body.booking.paymentStatus, 'refunded');
      await check();
    });

    test('an authorisation Stripe let lapse cannot be captured: the booking ends in payment_failed, the slot is released, both are told', async () => {
      const { dj, host, b, piId } = await paid();
      Object.assign(fake.intents.get(piId)!, { status: 'canceled' }); // 7 days passed at Stripe
      const accepted = await dj.client.post(`/api/bookings/${b.id}/accept`);
      assert.equal(accepted.body.booking.state, 'payment_failed');
      assert.equal(accepted.body.booking.paymentStatus, 'released');
      assert.deepEqual(await bal(b.id), { dj_payable: 0, platform_revenue: 0 });
      assert.equal(
        requestsWithKey(`release:${b.id}`).length,
        1,
        'the release was tried; an already cancelled intent counts as released',
      );
      await app.deps.jobs.drain();
      assert.equal((await lastMailTo(app, host.user.email)).subject, 'Your payment could not be collected');
      assert.equal((await lastMailTo(app, dj.user.email)).subject, 'A booking fell through: the payment failed');
      assert.equal(
        (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI })).status,
        201,
        'the slot is free',
      );
      await check();
    });
  });

  describe('a refund that fails after it succeeded (refund.updated / refund.failed)', () => {
    test('our refund, reported failed, is reversed once (replay ×10, any order); the receipt and a mail say so', async () => {
      const { dj, host, b, piId } = await confirmed();
      await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
      assert.deepEqual(await bal(b.id), { customer: 0, dj_payable: 0, platform_revenue: 0 });
      const refund = [...fake.refunds.values()].find((r) => r.payment_intent === piId)!;
      refund.status = 'failed';
      const updated = event('refund.updated', { ...refund });
      const failed = event('refund.failed', { ...refund });
      const charge = event('charge.refund.updated', { ...refund });
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await send(failed), await send(updated), await send(charge));
      assert.ok(results.every((r) => r.status === 200));
      assert.deepEqual(results.map((r) => r.body.applied).filter(Boolean), [`refunds:${refund.id}:reversed`]);
      assert.equal(results.filter((r) => r.body.duplicate).length, 27);
      assert.deepEqual(await bal(b.id), FULL, 'the money is back where it was before the refund');
      const booking = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
      assert.equal(booking.refundedMinor, 0);
      assert.equal(booking.paymentStatus, 'captured');
      assert.equal(booking.state, 'cancelled_by_dj');
      assert.equal(booking.events.at(-1).transition, 'refund_failed');
      const receipt = (await host.client.get(`/api/bookings/${b.id}/receipt`)).body.receipt;
      assert.deepEqual(
        receipt.refunds.map((r: { amountMinor: number }) => r.amountMinor),
        [45_000, -45_000],
      );
      assert.equal(receipt.netPaidMinor, 45_000);
      await app.deps.jobs.drain();
      const mails = (await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(host.user.email)}`)).body.messages.map(
        (m: { subject: string }) => m.subject,
      );
      assert.equal(mails.filter((s: string) => s === 'Your refund did not go through').length, 1);
      // The retried refund job (at-least-once) must not book it again.
      await app.deps.money.jobs
        .find((j) => j.name === 'payment.refund')!
        .handle(
          {
            bookingId: b.id,
            op: 'refund',
            key: `refund:${b.id}:refund_in_full`,
            amountMinor: 45_000,
            refundApplicationFee: true,
            ref: 'refund_in_full',
          },
          { jobId: 'x', attempt: 2 },
        );
      assert.deepEqual(await bal(b.id), FULL);
      await check();
    });

    test('a dashboard refund that later fails is reversed once; a pending one that fails was never booked', async () => {
      const { b, piId } = await confirmed();
      const r = fake.refundInDashboard(piId, 10_000, { reverseTransfer: true });
      assert.equal(
        (await send(event('charge.refunded', { id: `ch_${piId.slice(3)}`, object: 'charge', payment_intent: piId }))).body
          .applied,
        `refunds:${r.id}`,
      );
      const pending = fake.refundInDashboard(piId, 5_000, { status: 'pending' });
      r.status = 'failed';
      pending.status = 'canceled';
      const e = event('refund.updated', { ...r });
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await send(e), await send(event('refund.updated', { ...pending })));
      assert.deepEqual(results.map((x) => x.body.applied).filter(Boolean), [`refunds:${r.id}:reversed`]);
      assert.deepEqual(await bal(b.id), FULL);
      assert.equal((await app.deps.booking.get({ id: '', role: 'admin' } as never, b.id)).refundedMinor, 0);
      await check();
    });
  });

  describe('card disputes (charge.dispute.*)', () => {
    const disputeEvent = (type: string, d: Record<string, unknown>, id?: string) => event(type, { ...d }, id);

    test('opened, replayed ×10: the money is withdrawn once and the booking is flagged for host, DJ and admins; lost: the platform bears it', async () => {
      const { dj, host, b, piId } = await confirmed();
      const d = fake.openDispute(piId);
      const created = disputeEvent('charge.dispute.created', d, 'evt_dp_created_1');
      const results = [];
      for (let i = 0; i < 10; i++) results.push(await send(created));
      assert.deepEqual(results.map((r) => r.body.applied).filter(Boolean), ['dispute_opened']);
      assert.equal(results.filter((r) => r.body.duplicate).length, 9);
      assert.deepEqual(await bal(b.id), { ...FULL, chargeback: 45_000, dispute_reserve: -45_000 });
      await check();
      const admin = await signedIn(app, 'admin');
      for (const who of [host.client, dj.client, admin.client]) {
        const seen = (await who.get(`/api/bookings/${b.id}`)).body.booking;
        assert.deepEqual(seen.dispute, { status: 'open', amountMinor: 45_000 });
        assert.equal(seen.state, 'confirmed', 'a dispute is money only');
      }
      await app.deps.jobs.drain();
      assert.equal((await lastMailTo(app, dj.user.email)).subject, 'A payment for your party is disputed');

      d.status = 'lost';
      const closed = disputeEvent('charge.dispute.closed', d);
      for (let i = 0; i < 10; i++) await send(closed);
      assert.deepEqual(
        await bal(b.id),
        { ...FULL, chargeback: 45_000, dispute_reserve: 0, platform_dispute_loss: -45_000 },
        'the DJ keeps their share',
      );
      const after = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
      assert.deepEqual(after.dispute, { status: 'lost', amountMinor: 45_000 });
      assert.deepEqual(
        after.events.slice(-2).map((e: { transition: string }) => e.transition),
        ['dispute_opened', 'dispute_lost'],
      );
      assert.equal((await send(created)).body.duplicate, true);
      assert.equal(
        (await send(disputeEvent('charge.dispute.created', d))).body.applied,
        undefined,
        'a late "created" cannot reopen it',
      );
      await check();
    });

    test('out of order: "closed (won)" arrives before "created"; the ledger ends where the dispute ended, once', async () => {
      const { b, piId } = await confirmed();
      const d = fake.openDispute(piId, 20_000);
      const created = disputeEvent('charge.dispute.created', { ...d }); // snapshot: needs_response
      d.status = 'won';
      const closed = disputeEvent('charge.dispute.closed', { ...d });
      const reinstated = disputeEvent('charge.dispute.funds_reinstated', { ...d });
      assert.equal((await send(closed)).body.applied, 'dispute_opened,dispute_won');
      for (let i = 0; i < 10; i++) {
        assert.equal((await send(created)).body.applied, undefined);
        assert.equal((await send(reinstated)).body.applied, undefined);
      }
      assert.deepEqual(await bal(b.id), { ...FULL, chargeback: 0, dispute_reserve: 0 });
      assert.deepEqual((await app.deps.booking.get({ id: '', role: 'admin' } as never, b.id)).dispute, {
        status: 'won',
        amountMinor: 20_000,
      });
      await check();
    });

    test('a forged dispute event is refused; one for a payment that is not ours changes nothing', async () => {
      const body = JSON.stringify(event('charge.dispute.created', { id: 'dp_x', payment_intent: 'pi_x' }));
      const forged = await app.client({ origin: null }).request('POST', '/api/payments/webhooks/stripe', {
        raw: body,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=abc' },
      });
      assert.equal(forged.status, 400);
      const before = fake.requests.length;
      assert.equal(
        (await send(event('charge.dispute.created', { id: 'dp_unknown', object: 'dispute', payment_intent: 'pi_not_ours' }))).body
          .applied,
        undefined,
      );
      assert.equal(fake.requests.length, before, 'Stripe is not asked about payments that are not ours');
    });
  });

  describe('the webhook answers at once; a job applies the event (decision 027)', () => {
    const rows = async <T>(q: ReturnType<typeof sql>) => ((await app.deps.db.execute(q)) as unknown as { rows: T[] }).rows;
    const jobsOf = (eventId: string) =>
      rows<{ status: string; attempts: number }>(sql`select status, attempts from jobs where key = ${`stripe-event:${eventId}`}`);
    const refundedBy = (piId: string) =>
      event('charge.refunded', { id: `ch_${piId.slice(3)}`, object: 'charge', payment_intent: piId });

    test('2xx before processing: nothing is read from Stripe or booked until the event’s job runs', async () => {
      const { b, piId } = await confirmed();
      const r = fake.refundInDashboard(piId, 10_000, { reverseTransfer: true });
      const e = refundedBy(piId);
      const reads = () => faults.calls.filter((c) => c.startsWith('listRefunds:')).length;
      const readsBefore = reads();

      const res = await deliverStripeEvent(app, stripe, e, { secret: WEBHOOK_SECRET, process: false });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { received: true });
      assert.equal(reads(), readsBefore, 'Stripe is not asked while the request is open');
      assert.deepEqual(await bal(b.id), FULL, 'nothing booked yet');
      assert.equal((await app.deps.paymentService.findWebhookEvent(e.id))?.processedAt, null);
      assert.deepEqual(await jobsOf(e.id), [{ status: 'pending', attempts: 0 }]);

      await app.deps.jobs.drain();
      assert.equal(reads(), readsBefore + 1);
      const recorded = await app.deps.paymentService.findWebhookEvent(e.id);
      assert.equal(recorded?.applied, `refunds:${r.id}`);
      assert.ok(recorded?.processedAt);
      assert.notDeepEqual(await bal(b.id), FULL, 'the refund is booked by the job');
      await check();
    });

    test('a processing failure is retried by the job and applied once, also when the job runs again', async () => {
      const { b, piId } = await confirmed();
      const r = fake.refundInDashboard(piId, 10_000, { reverseTransfer: true });
      const e = refundedBy(piId);
      faults.inject('listRefunds', 'transient');

      const first = await send(e);
      assert.equal(first.status, 200, 'Stripe’s outage is the job’s problem, not the delivery’s');
      assert.equal(first.body.applied, undefined);
      assert.deepEqual(await bal(b.id), FULL);
      assert.deepEqual(await jobsOf(e.id), [{ status: 'pending', attempts: 1 }]);
      assert.equal((await send(e)).body.duplicate, true, 'Stripe’s retry of the delivery queues nothing more');

      app.clock.advance(61_000); // the runner's first backoff
      await app.deps.jobs.drain();
      assert.equal((await app.deps.paymentService.findWebhookEvent(e.id))?.applied, `refunds:${r.id}`);
      assert.deepEqual(await jobsOf(e.id), [{ status: 'done', attempts: 2 }]);
      const once = await bal(b.id);
      assert.notDeepEqual(once, FULL);

      // The process died after the job's commit, before the job was marked done: the runner runs it again.
      await app.deps.db.execute(sql`update jobs set status = 'pending' where key = ${`stripe-event:${e.id}`}`);
      await app.deps.jobs.drain();
      assert.deepEqual(await bal(b.id), once, 'applied once');
      assert.equal(
        (await app.deps.paymentService.findWebhookEvent(e.id))?.applied,
        `refunds:${r.id}`,
        'the second run saw it done',
      );
      assert.equal((await app.deps.ledger.customerMovements(app.deps.db, b.id)).length, 2, 'the capture and one refund');
      await check();
    });

    test('a duplicate delivery, also concurrent, is recorded once, queued once and processed once', async () => {
      const { b, piId } = await confirmed();
      const d = fake.openDispute(piId);
      const e = event('charge.dispute.created', { ...d });
      const reads = () => faults.calls.filter((c) => c.startsWith('getDispute:')).length;
      const readsBefore = reads();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => deliverStripeEvent(app, stripe, e, { secret: WEBHOOK_SECRET, process: false })),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200, 200, 200],
      );
      assert.equal(answers.filter((a) => a.body.duplicate).length, 4);
      assert.equal((await jobsOf(e.id)).length, 1);

      await app.deps.jobs.drain();
      assert.equal((await send(e)).body.duplicate, true);
      await app.deps.jobs.drain();
      assert.equal(reads(), readsBefore + 1, 'read back from Stripe once');
      assert.equal((await app.deps.paymentService.findWebhookEvent(e.id))?.applied, 'dispute_opened');
      assert.deepEqual(await bal(b.id), { ...FULL, chargeback: 45_000, dispute_reserve: -45_000 });
      await check();
    });
  });
});
