import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { card, createDj, signedIn } from '../support/factories.ts';
import { localPayments } from '../../src/providers/payments/local.ts';
import type { PaymentsProvider } from '../../src/providers/payments/payments.ts';

/** A processor that dies at a chosen call (optionally only for one idempotency key), once, like a killed process. */
const failOnce = new Set<string>();
const keyOf = (args: unknown[]) => String((args[0] as { idempotencyKey?: string })?.idempotencyKey ?? '');
const inner = localPayments();
const flaky: PaymentsProvider = new Proxy(inner, {
  get(target, prop: string) {
    const fn = (target as unknown as Record<string, unknown>)[prop];
    if (typeof fn !== 'function') return fn;
    return async (...args: unknown[]) => {
      if (failOnce.delete(prop) || failOnce.delete(`${prop}:${keyOf(args)}`)) throw new Error(`simulated crash during ${prop}`);
      return (fn as (...a: unknown[]) => unknown).apply(target, args);
    };
  },
});

const app = useTestApp({ now: '2026-12-01T12:00:00Z', overrides: { payments: flaky } });

describe('crash consistency: a failure at any step leaves no half-done booking or money', () => {
  for (const step of ['authorize', 'capture'] as const) {
    test(`dying during ${step} rolls everything back; the retry then succeeds exactly once`, async () => {
      app.expectErrors();
      const dj = await createDj(app);
      const host = await signedIn(app, 'host');
      const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' })).body.booking;
      if (step === 'capture') await host.client.post(`/api/bookings/${b.id}/pay`, card());
      failOnce.add(step);
      const act = () => (step === 'authorize' ? host.client.post(`/api/bookings/${b.id}/pay`, card()) : dj.client.post(`/api/bookings/${b.id}/accept`));
      const crashed = await act();
      assert.equal(crashed.status, 500);
      const after = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
      assert.equal(after.state, step === 'authorize' ? 'pending_payment' : 'pending_acceptance', 'the state did not move');
      assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), {}, 'no money moved');
      assert.equal(after.events.length, step === 'authorize' ? 1 : 2, 'no audit row for the failed transition');
      const retried = await act();
      assert.equal(retried.status, 200);
      if (step === 'capture') assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), { customer: -45_000, dj_payable: 38_250, platform_revenue: 6_750 });
      assert.deepEqual((await app.deps.ledger.check()).problems, []);
    });
  }

  test('a payout job that dies is retried later and pays out once', async () => {
    app.expectErrors();
    const dj = await createDj(app, { profile: { autoAccept: true } });
    const host = await signedIn(app, 'host');
    const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, startsAt: '2026-12-05T19:00:00Z', endsAt: '2026-12-05T22:00:00Z' })).body.booking;
    await host.client.post(`/api/bookings/${b.id}/pay`, card());
    app.clock.set('2026-12-05T22:00:00Z');
    await app.deps.jobs.drain();
    app.clock.set('2026-12-06T22:01:00Z');
    failOnce.add(`payout:payout:${b.id}`);
    await app.deps.jobs.drain();
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'completed', 'the failed payout changed nothing');
    app.clock.advance(2 * 3_600_000);
    await app.deps.jobs.drain();
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'paid_out');
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, b.id), { customer: -45_000, dj_payable: 0, dj_paid_out: 38_250, platform_revenue: 6_750 });
  });
});
