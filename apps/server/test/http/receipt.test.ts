import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { card, createDj, signedIn } from '../support/factories.ts';

const NOW = '2026-12-01T12:00:00Z';
const app = useTestApp({ now: NOW });
const FRI = { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' };

afterEach(() => app.clock.set(NOW));

async function outbox(to: string): Promise<{ subject: string; text: string; html: string | null; template: string | null }[]> {
  return (await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(to)}`)).body.messages;
}

async function confirmedBooking(profile: Record<string, unknown> = {}) {
  const dj = await createDj(app, { profile: { stageName: 'DJ Receipt', ...profile } });
  const host = await signedIn(app, 'host');
  const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI })).body.booking;
  await host.client.post(`/api/bookings/${b.id}/pay`, card());
  return { dj, host, b };
}

describe('host receipts', () => {
  test('no receipt before the card is charged; after the DJ accepts the host sees one built from the frozen price, with no fee line', async () => {
    const { dj, host, b } = await confirmedBooking();
    const early = await host.client.get(`/api/bookings/${b.id}/receipt`);
    assert.equal(early.status, 404, 'authorised is not charged');
    app.clock.set('2026-12-01T13:00:00Z');
    await dj.client.post(`/api/bookings/${b.id}/accept`);

    const res = await host.client.get(`/api/bookings/${b.id}/receipt`);
    assert.equal(res.status, 200, res.text);
    const r = res.body.receipt;
    assert.match(r.number, /^PS-[0-9A-F]{10}$/);
    assert.equal(r.djStageName, 'DJ Receipt');
    assert.deepEqual(r.lines, [{ label: 'Live DJ set by DJ Receipt · 3 hours', amountMinor: 45_000 }]);
    assert.deepEqual(r.total, { amountMinor: 45_000, currency: 'EUR' });
    // Keys and labels only: ids and the receipt number are hex and may spell "fee" (PS-…FEE…, a uuid).
    const keys = (o: unknown): string[] =>
      o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => [k, ...keys(v)]) : [];
    const words = [...keys(r), ...r.lines.map((l: { label: string }) => l.label)];
    assert.ok(!words.some((w) => /fee/i.test(w)), 'the platform fee (taken from the DJ’s share) is not a host charge');
    assert.deepEqual(r.payment, { status: 'captured', cardLast4: '4242', chargedAt: '2026-12-01T13:00:00.000Z' });
    assert.deepEqual(r.refunds, []);
    assert.equal(r.netPaidMinor, 45_000);
    assert.equal(r.timeZone, null, 'the host chose no zone: the page uses the viewer’s');
    assert.equal(r.djTimeZone, 'Europe/Berlin');
  });

  test('only the host and admins see a receipt: the DJ, other users and strangers get 404, anonymous 401', async () => {
    const { dj, b } = await confirmedBooking();
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    const other = await signedIn(app, 'host');
    const admin = await signedIn(app, 'admin');
    for (const [who, c] of [
      ['the DJ', dj.client],
      ['another host', other.client],
    ] as const) {
      const res = await c.get(`/api/bookings/${b.id}/receipt`);
      assert.equal(res.status, 404, who);
      assert.equal(res.body.code, 'NOT_FOUND');
      // Ids in the problem (the booking's, the request's) are random hex and can spell "4242": look past them.
      const words = res.text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{8,}/gi, '');
      assert.ok(!words.includes('4242') && !/last4|card/i.test(words), `${who} learns nothing`);
    }
    assert.equal((await app.client().get(`/api/bookings/${b.id}/receipt`)).status, 401);
    assert.equal((await admin.client.get(`/api/bookings/${b.id}/receipt`)).status, 200);
    assert.equal((await other.client.get('/api/bookings/00000000-0000-4000-8000-000000000000/receipt')).status, 404);
  });

  test('the receipt is mailed to the host when the card is charged, and again with the refund when the DJ cancels', async () => {
    const { dj, host, b } = await confirmedBooking();
    await app.deps.db.execute(sql`update users set time_zone = 'America/New_York' where id = ${host.user.id}`);
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    await app.deps.jobs.drain();
    const charged = (await outbox(host.user.email)).filter((m) => m.template === 'booking.receipt_charged');
    assert.equal(charged.length, 1);
    assert.match(charged[0]!.subject, /^Receipt PS-[0-9A-F]{10}: your party with DJ Receipt$/);
    assert.match(
      charged[0]!.text,
      /Party: Friday, December 4, 2026 at 2:00\sPM \(EST\) – 5:00\sPM/,
      'the party in the host’s zone',
    );
    assert.match(charged[0]!.text, /your card ending 4242 was charged/);
    assert.match(charged[0]!.text, /Total charged: €450\.00/);
    assert.match(charged[0]!.text, new RegExp(`/bookings/${b.id}/receipt`));
    assert.ok(!(await outbox(dj.user.email)).some((m) => m.template?.startsWith('booking.receipt')), 'the DJ gets no receipt');

    app.clock.set('2026-12-02T09:30:00Z');
    const cancelled = await dj.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'ill' });
    assert.equal(cancelled.status, 200, cancelled.text);
    await app.deps.jobs.drain();
    const refunded = (await outbox(host.user.email)).filter((m) => m.template === 'booking.receipt_refunded');
    assert.equal(refunded.length, 1);
    assert.match(refunded[0]!.text, /Refunded December 2, 2026 \(Cancelled by the DJ — full refund\): −€450\.00/);
    assert.match(refunded[0]!.text, /Net paid: €0\.00/);
    await app.deps.jobs.drain();
    assert.equal(
      (await outbox(host.user.email)).filter((m) => m.template?.startsWith('booking.receipt')).length,
      2,
      'each mail once',
    );

    const r = (await host.client.get(`/api/bookings/${b.id}/receipt`)).body.receipt;
    assert.equal(r.timeZone, 'America/New_York');
    assert.deepEqual(r.refunds, [
      { at: '2026-12-02T09:30:00.000Z', amountMinor: 45_000, reason: 'Cancelled by the DJ — full refund' },
    ]);
    assert.equal(r.refundedMinor, 45_000);
    assert.equal(r.netPaidMinor, 0);
    assert.equal(r.payment.status, 'refunded');
  });

  test('a host cancellation under a moderate policy shows the partial refund', async () => {
    const { dj, host, b } = await confirmedBooking({ cancellationPolicy: 'moderate' });
    await dj.client.post(`/api/bookings/${b.id}/accept`);
    await host.client.post(`/api/bookings/${b.id}/cancel`, { reason: 'plans changed' });
    const r = (await host.client.get(`/api/bookings/${b.id}/receipt`)).body.receipt;
    assert.equal(r.refunds.length, 1);
    assert.equal(r.refunds[0].amountMinor, 22_500, '50 % with less than 7 days’ notice');
    assert.match(r.refunds[0].reason, /Cancelled by you/);
    assert.equal(r.netPaidMinor, 22_500);
    assert.equal(r.payment.status, 'partially_refunded');
  });
});
