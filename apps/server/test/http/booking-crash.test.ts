import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, useTestApp, type TestApp } from '../support/app.ts';
import { card, createDj, lastMailTo, signedIn } from '../support/factories.ts';
import { faultyPayments } from '../support/payment-faults.ts';
import { localPayments } from '../../src/providers/payments/local.ts';

/**
 * Crash consistency with the embedded processor. Provider calls run after commit from payment jobs (decision
 * 014): a transition commits state + ledger (pending accounts) + a job; the job calls the provider with the
 * effect's idempotency key and records the result in its own transaction. The Stripe twin goes through the same
 * jobs (payment-after-commit.test.ts).
 */
const faults = faultyPayments(localPayments(() => app.clock.now()));
const app = useTestApp({ now: '2026-12-01T12:00:00Z', overrides: { payments: faults.provider } });

const FULL = { customer: -45_000, dj_payable: 38_250, platform_revenue: 6_750 };
const bal = (id: string) => app.deps.ledger.balances(app.deps.db, id);
const check = async () => assert.deepEqual((await app.deps.ledger.check()).problems, []);
const jobRows = async (bookingId: string) =>
  (
    (await app.deps.db.execute(
      `select name, status, attempts from jobs where name like 'payment.%' and payload ->> 'bookingId' = '${bookingId}' order by created_at`,
    )) as unknown as { rows: { name: string; status: string; attempts: number }[] }
  ).rows;
const until = async (cond: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
};

async function paid(
  profile: Record<string, unknown> = {},
  slot = { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' },
) {
  const dj = await createDj(app, { profile });
  const host = await signedIn(app, 'host');
  const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...slot })).body.booking;
  assert.equal((await host.client.post(`/api/bookings/${b.id}/pay`, card())).status, 200);
  return { dj, host, b };
}

/** The server was killed: a fresh process on the same database and clock, with a healthy provider, restarts the runner. */
async function restart(): Promise<TestApp & { stop(): Promise<void> }> {
  faults.clear();
  return startTestApp({ peerOf: app, overrides: { payments: faults.provider } });
}

describe('crash consistency: a failure at any step leaves no half-done booking or money', () => {
  // A fault belongs to the test that injected it: a leftover one must not meet the next test's jobs.
  afterEach(() => faults.clear());
  test('dying during authorisation rolls everything back; the retry then succeeds exactly once', async () => {
    app.expectErrors();
    const dj = await createDj(app);
    const host = await signedIn(app, 'host');
    const b = (
      await host.client.post('/api/bookings', {
        djProfileId: dj.profile.id,
        startsAt: '2026-12-04T19:00:00Z',
        endsAt: '2026-12-04T22:00:00Z',
      })
    ).body.booking;
    faults.inject('authorize', 'transient');
    assert.equal((await host.client.post(`/api/bookings/${b.id}/pay`, card())).status, 500);
    const after = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
    assert.equal(after.state, 'pending_payment', 'the state did not move');
    assert.equal(after.events.length, 1, 'no audit row for the failed transition');
    assert.deepEqual(await bal(b.id), {}, 'no money moved');
    assert.equal((await host.client.post(`/api/bookings/${b.id}/pay`, card())).status, 200);
    await check();
  });

  test('a capture the provider cannot take right now: the booking is confirmed with the capture pending, and the retry captures once', async () => {
    const { dj, b } = await paid();
    faults.inject('capture', 'transient');
    const accepted = await dj.client.post(`/api/bookings/${b.id}/accept`);
    assert.equal(accepted.status, 200, 'the DJ’s accept is committed; the provider call is not part of it');
    assert.equal(accepted.body.booking.state, 'confirmed');
    assert.equal(accepted.body.booking.paymentStatus, 'authorized', 'not charged yet');
    assert.deepEqual(await bal(b.id), { capture_pending: -45_000, dj_payable: 38_250, platform_revenue: 6_750 });
    await check(); // a pending capture is accounted for
    assert.deepEqual(
      (await jobRows(b.id)).map((j) => [j.name, j.status]),
      [['payment.capture', 'pending']],
    );
    app.clock.advance(60_000); // the runner's first backoff
    await app.deps.jobs.drain();
    assert.deepEqual(await bal(b.id), FULL);
    assert.equal((await dj.client.get(`/api/bookings/${b.id}`)).body.booking.paymentStatus, 'captured');
    assert.equal(faults.calls.filter((c) => c === `capture:capture:${b.id}`).length, 1, 'captured once');
    await check();
  });

  test('killed between commit and the provider call: after a restart the job captures once and the booking has its money', async () => {
    const { dj, b } = await paid();
    faults.inject('capture', 'killed_before');
    const gone = new AbortController(); // the caller of the dead process gives up at the end
    void dj.client.request('POST', `/api/bookings/${b.id}/accept`, { signal: gone.signal }).catch(() => {}); // this process never answers
    await until(async () => (await jobRows(b.id))[0]?.status === 'running');
    assert.equal((await app.deps.booking.get(dj.user, b.id)).state, 'confirmed', 'the transition committed');
    assert.ok(!faults.calls.includes(`capture:capture:${b.id}`), 'the provider was never called');
    await check(); // consistent in between: the money is pending capture

    const peer = await restart();
    try {
      peer.clock.advance(5 * 60_000 + 1); // the dead process's claim on the job expires
      await peer.deps.jobs.drain();
      assert.deepEqual(await bal(b.id), FULL);
      assert.deepEqual(faults.calls.filter((c) => c === `capture:capture:${b.id}`).length, 1);
      assert.deepEqual(
        (await jobRows(b.id)).map((j) => j.status),
        ['done'],
      );
      await check();
    } finally {
      gone.abort();
      await peer.stop();
    }
  });

  test('killed between the provider call and recording it: the restarted job calls again with the same key and records once', async () => {
    const { dj, b } = await paid();
    faults.inject('capture', 'killed_after');
    const gone = new AbortController();
    void dj.client.request('POST', `/api/bookings/${b.id}/accept`, { signal: gone.signal }).catch(() => {});
    await until(async () => faults.calls.includes(`capture:capture:${b.id}`));
    assert.deepEqual(
      await bal(b.id),
      { capture_pending: -45_000, dj_payable: 38_250, platform_revenue: 6_750 },
      'captured at the provider, not recorded yet',
    );
    await check();

    const peer = await restart();
    try {
      peer.clock.advance(5 * 60_000 + 1);
      await peer.deps.jobs.drain();
      assert.equal(faults.calls.filter((c) => c === `capture:capture:${b.id}`).length, 2, 'the same key both times');
      assert.deepEqual(await bal(b.id), FULL, 'recorded once');
      assert.equal((await app.deps.ledger.customerMovements(app.deps.db, b.id)).length, 1);
      await check();
    } finally {
      gone.abort();
      await peer.stop();
    }
  });

  test('a capture refused for good: the booking ends in payment_failed, the slot is free, the ledger is unwound, host and DJ are told', async () => {
    const { dj, host, b } = await paid();
    faults.inject('capture', 'permanent');
    const accepted = await dj.client.post(`/api/bookings/${b.id}/accept`);
    assert.equal(accepted.status, 200);
    const after = accepted.body.booking;
    assert.equal(after.state, 'payment_failed');
    assert.equal(after.paymentStatus, 'released', 'not charged, and the authorisation let go');
    assert.equal(after.partyToken, null);
    assert.deepEqual(
      after.events.map((e: { transition: string }) => e.transition),
      ['request', 'pay', 'accept', 'capture_failed'],
    );
    assert.match(after.events.at(-1).reason, /simulated refusal of capture/);
    assert.deepEqual(await bal(b.id), { dj_payable: 0, platform_revenue: 0 });
    assert.ok(faults.calls.includes(`release:release:${b.id}`), 'the authorisation is released');
    await app.deps.jobs.drain();
    assert.equal((await lastMailTo(app, host.user.email)).subject, 'Your payment could not be collected');
    assert.equal((await lastMailTo(app, dj.user.email)).subject, 'A booking fell through: the payment failed');
    // The slot rule: the time is free again for another host.
    const other = await signedIn(app, 'host');
    assert.equal(
      (
        await other.client.post('/api/bookings', {
          djProfileId: dj.profile.id,
          startsAt: '2026-12-04T19:00:00Z',
          endsAt: '2026-12-04T22:00:00Z',
        })
      ).status,
      201,
    );
    assert.equal(
      (await host.client.post(`/api/bookings/${b.id}/cancel`, {})).status,
      409,
      'a failed booking cannot be cancelled',
    );
    await check();
  });

  test('cancelled while the capture is pending: the refund waits for the capture, then both go through once', async () => {
    const { dj, b } = await paid();
    faults.inject('capture', 'transient');
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    const cancelled = await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
    assert.equal(cancelled.body.booking.state, 'cancelled_by_dj');
    assert.equal(cancelled.body.booking.refundedMinor, 45_000);
    assert.ok(!faults.calls.includes(`refund:refund:${b.id}:refund_in_full`), 'no refund before the capture');
    await check();
    app.clock.advance(60_000);
    await app.deps.jobs.drain();
    assert.deepEqual(
      faults.calls.filter((c) => !c.startsWith('authorize') && (c.endsWith(b.id) || c.endsWith(`${b.id}:refund_in_full`))),
      [`capture:capture:${b.id}`, `refund:refund:${b.id}:refund_in_full`],
    );
    assert.deepEqual(await bal(b.id), { customer: 0, dj_payable: 0, platform_revenue: 0 });
    assert.equal((await dj.client.get(`/api/bookings/${b.id}`)).body.booking.paymentStatus, 'refunded');
    await check();
  });

  test('cancelled while the capture is pending, then the capture is refused: nothing was charged, so nothing is refunded', async () => {
    const { dj, host, b } = await paid();
    faults.inject('capture', 'transient');
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    await host.client.post(`/api/bookings/${b.id}/cancel`, {});
    faults.inject('capture', 'permanent');
    app.clock.advance(60_000);
    await app.deps.jobs.drain();
    const after = (await host.client.get(`/api/bookings/${b.id}`)).body.booking;
    assert.equal(after.state, 'cancelled_by_host', 'the state stays');
    assert.equal(after.refundedMinor, 0);
    assert.equal(after.events.at(-1).transition, 'capture_failed');
    assert.ok(!faults.calls.some((c) => c.startsWith(`refund:refund:${b.id}`)), 'no refund call');
    assert.deepEqual(await bal(b.id), { dj_payable: 0, platform_revenue: 0 });
    assert.ok((await jobRows(b.id)).every((j) => j.status === 'done'));
    await check();
  });

  test('a refund refused for good is reversed in the ledger once; the host is told and keeps the booking’s history', async () => {
    const { dj, host, b } = await paid();
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    faults.inject('refund', 'permanent');
    const cancelled = await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
    assert.equal(cancelled.body.booking.state, 'cancelled_by_dj');
    assert.equal(cancelled.body.booking.refundedMinor, 0, 'the refund did not happen');
    assert.equal(cancelled.body.booking.paymentStatus, 'captured');
    assert.equal(cancelled.body.booking.events.at(-1).transition, 'refund_failed');
    assert.deepEqual(await bal(b.id), FULL);
    await app.deps.jobs.drain();
    const mails = (await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(host.user.email)}`)).body.messages.map(
      (m: { subject: string }) => m.subject,
    );
    assert.ok(mails.includes('Your refund did not go through'), mails.join(' | '));
    await check();
  });

  test('a pay-out that fails for a moment is retried and pays once; one refused for good goes back to completed and is tried again a day later, then two days after a second refusal', async () => {
    const { b } = await paid({ autoAccept: true }, { startsAt: '2026-12-05T19:00:00Z', endsAt: '2026-12-05T22:00:00Z' });
    app.clock.set('2026-12-05T22:00:00Z');
    await app.deps.jobs.drain();
    app.clock.set('2026-12-06T22:01:00Z');
    faults.inject('payout', 'transient', { key: `payout:${b.id}` });
    await app.deps.jobs.drain();
    assert.deepEqual(await bal(b.id), { customer: -45_000, dj_payable: 0, payout_pending: 38_250, platform_revenue: 6_750 });
    await check();
    app.clock.advance(2 * 60_000);
    await app.deps.jobs.drain();
    assert.deepEqual(await bal(b.id), { customer: -45_000, dj_payable: 0, dj_paid_out: 38_250, platform_revenue: 6_750 });
    assert.equal(faults.calls.filter((c) => c === `payout:payout:${b.id}`).length, 1);

    // A second party whose pay-out the provider refuses.
    app.clock.set('2026-12-01T12:00:00Z');
    const second = await paid({ autoAccept: true }, { startsAt: '2026-12-05T19:00:00Z', endsAt: '2026-12-05T22:00:00Z' });
    app.clock.set('2026-12-05T22:00:00Z');
    await app.deps.jobs.drain();
    app.clock.set('2026-12-06T22:01:00Z');
    faults.inject('payout', 'permanent', { key: `payout:${second.b.id}` });
    await app.deps.jobs.drain();
    const failed = (await second.dj.client.get(`/api/bookings/${second.b.id}`)).body.booking;
    assert.equal(failed.state, 'completed');
    assert.deepEqual(
      failed.events.slice(-2).map((e: { transition: string }) => e.transition),
      ['payout', 'payout_failed'],
    );
    assert.deepEqual(await bal(second.b.id), { customer: -45_000, dj_payable: 38_250, platform_revenue: 6_750 });
    assert.equal((await lastMailTo(app, second.dj.user.email)).subject, 'Your payout could not be sent');
    assert.match((await lastMailTo(app, second.dj.user.email)).text, /we try again in 1 day\./);
    await check();
    // Refused again a day later: the next try waits two days, and the DJ gets a second mail saying so.
    faults.inject('payout', 'permanent', { key: `payout:${second.b.id}:2` });
    app.clock.set('2026-12-07T22:02:00Z');
    await app.deps.jobs.drain();
    assert.equal((await second.dj.client.get(`/api/bookings/${second.b.id}`)).body.booking.state, 'completed');
    assert.match((await lastMailTo(app, second.dj.user.email)).text, /we try again in 2 days/);
    await check();
    app.clock.set('2026-12-08T22:03:00Z');
    await app.deps.jobs.drain();
    assert.ok(!faults.calls.includes(`payout:payout:${second.b.id}:3`), 'no try one day after the second refusal');
    app.clock.set('2026-12-09T22:03:00Z');
    await app.deps.jobs.drain();
    assert.equal((await second.dj.client.get(`/api/bookings/${second.b.id}`)).body.booking.state, 'paid_out');
    assert.ok(faults.calls.includes(`payout:payout:${second.b.id}:3`), 'the third attempt, with its own key');
    assert.deepEqual(await bal(second.b.id), { customer: -45_000, dj_payable: 0, dj_paid_out: 38_250, platform_revenue: 6_750 });
    await check();
  });
});
