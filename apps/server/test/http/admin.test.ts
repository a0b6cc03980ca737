import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { card, createDj, signedIn, signedInAdmin } from '../support/factories.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

describe('admin', () => {
  test('the platform fee applies to bookings requested after the change only', async () => {
    const admin = await signedInAdmin(app);
    const dj = await createDj(app);
    const host = await signedIn(app, 'host');
    const before = (
      await host.client.post('/api/bookings', {
        djProfileId: dj.profile.id,
        startsAt: '2026-12-04T19:00:00Z',
        endsAt: '2026-12-04T21:00:00Z',
      })
    ).body.booking;
    assert.equal(before.price.feeBps, 1500);
    const put = await admin.client.put('/api/admin/settings', { feeBps: 1000 });
    assert.equal(put.status, 200);
    const after = (
      await host.client.post('/api/bookings', {
        djProfileId: dj.profile.id,
        startsAt: '2026-12-05T19:00:00Z',
        endsAt: '2026-12-05T21:00:00Z',
      })
    ).body.booking;
    assert.deepEqual([after.price.feeBps, after.price.feeMinor], [1000, 3000]);
    assert.equal(
      (await host.client.get(`/api/bookings/${before.id}`)).body.booking.price.feeBps,
      1500,
      'frozen on the earlier booking',
    );
    await host.client.post(`/api/bookings/${before.id}/pay`, card());
    await dj.client.post(`/api/bookings/${before.id}/accept`);
    await app.client().get('/api/health');
    await admin.client.put('/api/admin/settings', { feeBps: 1500 });
  });

  test('only admins change settings or read the ledger check; absurd fees are refused', async () => {
    const host = await signedIn(app, 'host');
    assert.equal((await host.client.put('/api/admin/settings', { feeBps: 0 })).status, 403);
    assert.equal((await host.client.get('/api/admin/ledger-check')).status, 403);
    const admin = await signedInAdmin(app);
    assert.equal((await admin.client.put('/api/admin/settings', { feeBps: 9000 })).status, 400);
    const check = await admin.client.get('/api/admin/ledger-check');
    assert.equal(check.status, 200);
    assert.equal(check.body.ok, true);
    assert.ok(check.body.bookingsChecked >= 2);
  });

  test('the database refuses an unbalanced ledger transaction and any edit of a line', async () => {
    app.expectErrors();
    const { sql } = await import('drizzle-orm');
    const says = (re: RegExp) => (e: unknown) =>
      re.test(`${(e as Error)?.message} ${((e as Error)?.cause as Error | undefined)?.message}`);
    await assert.rejects(
      app.deps.db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into ledger_transactions (id, kind, idempotency_key, created_at) values ('00000000-0000-4000-8000-00000000abcd', 'test', 'unbalanced-test', ${app.clock.now()})`,
        );
        await tx.execute(
          sql`insert into ledger_lines (transaction_id, account, amount_minor, currency) values ('00000000-0000-4000-8000-00000000abcd', 'customer', -100, 'EUR')`,
        );
      }),
      says(/does not balance/),
    );
    await assert.rejects(app.deps.db.execute(sql`update ledger_lines set amount_minor = 0`), says(/append-only/));
  });
});
