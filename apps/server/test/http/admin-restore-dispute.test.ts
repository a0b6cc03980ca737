/**
 * Issue 16, what was left: an admin restores a removed review or DJ profile (with a reason, audited, the author
 * told in the app and by mail; twice is 409), and a refund on a booking with a card dispute (chargeback) is
 * refused with 409 BOOKING_DISPUTED and nothing changes — the bank returns that money, it must not go back twice.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { bookedParty, createDj, lastMailTo, signedIn, signedInAdmin } from '../support/factories.ts';
import type { TestClient } from '../support/client.ts';

const NOW = '2026-12-01T12:00:00Z';
const app = useTestApp({ now: NOW });

async function auditOf(client: TestClient, action: string) {
  const res = await client.get(`/api/admin/audit?action=${action}`);
  assert.equal(res.status, 200, res.text);
  return res.body.items as { targetId: string; targetType: string; reason: string | null; detail: Record<string, unknown> }[];
}

async function rows<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await app.deps.db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** A party booked, played and completed (not yet paid out: the pay-out waits a day). */
async function completedParty() {
  app.clock.set(NOW);
  const p = await bookedParty(app);
  app.clock.set('2026-12-04T19:00:00Z');
  await app.deps.jobs.drain();
  app.clock.set('2026-12-04T22:00:00Z');
  await app.deps.jobs.drain();
  const b = (await p.host.client.get(`/api/bookings/${p.bookingId}`)).body.booking;
  assert.equal(b.state, 'completed');
  return { ...p, totalMinor: b.price.totalMinor as number };
}

/** A card dispute the provider reports on the booking's charge (as its webhook job would apply it). */
async function dispute(bookingId: string, id: string, status: 'needs_response' | 'won' | 'lost', amountMinor: number) {
  const [pay] = await rows<{ provider_payment_id: string }>(
    sql`select provider_payment_id from payments where booking_id = ${bookingId}`,
  );
  await app.deps.db.transaction((tx) =>
    app.deps.money.applyProviderDispute(tx, { id, providerPaymentId: pay!.provider_payment_id, amountMinor, status }),
  );
}

describe('restoring removed content', () => {
  test('a removed review is restored once: back on the DJ page and in the rating, author told in the app and by mail, audited; twice is 409', async () => {
    const admin = await signedInAdmin(app);
    const p = await completedParty();
    assert.equal(
      (await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, { stars: 5, text: 'Superb night.' })).status,
      201,
    );
    assert.equal((await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, { stars: 4, text: 'Fine host.' })).status, 201);
    const page = async () => (await app.client().get(`/api/reviews/djs/${p.dj.profile.id}`)).body;
    const reviewId = (await page()).items[0].id as string;
    const reporter = await signedIn(app, 'host');
    assert.equal((await reporter.client.post(`/api/reviews/${reviewId}/reports`, { reason: 'spam' })).status, 201);
    const item = ((await admin.client.get('/api/admin/moderation')).body.items as { id: string; kind: string }[]).find(
      (i) => i.kind === 'review',
    )!;
    const removal = 'Looked like spam.';
    assert.equal((await admin.client.post(`/api/admin/moderation/review/${item.id}/remove`, { reason: removal })).status, 204);
    assert.equal((await page()).items.length, 0);
    const listed = (await admin.client.get('/api/admin/removals')).body.items as {
      kind: string;
      targetId: string;
      restorable: boolean;
    }[];
    assert.deepEqual(
      listed.filter((r) => r.targetId === reviewId).map((r) => [r.kind, r.restorable]),
      [['review', true]],
      'the console lists the removal as restorable',
    );

    const path = `/api/admin/removals/review/${reviewId}/restore`;
    assert.equal((await p.host.client.post(path, { reason: 'Mine.' })).status, 403, 'authors cannot restore their own');
    const noReason = await admin.client.post(path, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.errors[0].path, 'body.reason');
    const chat = await admin.client.post(`/api/admin/removals/chat_message/${reviewId}/restore`, { reason: 'Back.' });
    assert.equal(chat.status, 400, 'chat messages cannot be restored');
    assert.equal(chat.body.errors[0].path, 'params.kind');
    const reason = 'Not spam: a real guest of that party.';
    assert.equal((await admin.client.post(path, { reason })).status, 204);

    const after = await page();
    assert.deepEqual(
      after.items.map((r: { id: string }) => r.id),
      [reviewId],
      'back on the DJ page',
    );
    assert.equal(after.summary.count, 1, 'back in the rating');
    assert.equal((await p.host.client.get(`/api/reviews/bookings/${p.bookingId}`)).body.mine.status, 'published');
    const [notice] = (await p.host.client.get('/api/moderation/notices')).body.items;
    assert.deepEqual(
      [notice.kind, notice.targetId, notice.reason, notice.restored?.reason],
      ['review', reviewId, removal, reason],
    );
    await app.deps.jobs.drain();
    const mail = await lastMailTo(app, p.host.user.email);
    assert.equal(mail.subject, 'Your review is back');
    assert.ok(mail.text.includes(reason));
    const [row] = await auditOf(admin.client, 'content.restored');
    assert.deepEqual(
      [row?.targetType, row?.targetId, row?.reason, row?.detail.removalReason],
      ['review', reviewId, reason, removal],
    );
    assert.ok(
      !((await admin.client.get('/api/admin/removals')).body.items as { targetId: string }[]).some(
        (r) => r.targetId === reviewId,
      ),
    );

    const twice = await admin.client.post(path, { reason: 'Again.' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'MODERATION_NOT_REMOVED');
    assert.equal((await auditOf(admin.client, 'content.restored')).length, 1, 'nothing written the second time');
    await assert.rejects(
      app.deps.db.execute(sql`update reviews set text = 'edited' where id = ${reviewId}`),
      'a restored review is immutable again',
    );
    await assert.rejects(
      app.deps.db.execute(sql`update reviews set status = 'removed', text = 'x' where id = ${reviewId}`),
      'a status change carries nothing else',
    );
  });

  test('a removed profile is restored: back in search and on its page; the notice and the audit row say why; unknown is 404', async () => {
    const admin = await signedInAdmin(app);
    const dj = await createDj(app);
    const host = await signedIn(app, 'host');
    assert.equal(
      (await host.client.post(`/api/moderation/profiles/${dj.profile.id}/reports`, { reason: 'Fake photos.' })).status,
      201,
    );
    const item = ((await admin.client.get('/api/admin/moderation')).body.items as { id: string; targetId: string }[]).find(
      (i) => i.targetId === dj.profile.id,
    )!;
    assert.equal(
      (await admin.client.post(`/api/admin/moderation/profile/${item.id}/remove`, { reason: 'Stolen photos.' })).status,
      204,
    );
    assert.equal((await app.client().get(`/api/djs/${dj.profile.id}`)).status, 404);
    const inSearch = async () =>
      ((await app.client().get('/api/djs')).body.items as { id: string }[]).some((d) => d.id === dj.profile.id);
    assert.equal(await inSearch(), false);
    const userPage = (await admin.client.get(`/api/admin/users/${dj.user.id}`)).body;
    assert.deepEqual(
      userPage.removals.map((r: { kind: string; targetId: string }) => [r.kind, r.targetId]),
      [['profile', dj.profile.id]],
      'the user’s page lists what was removed',
    );

    const unknown = await admin.client.post(`/api/admin/removals/profile/${host.user.id}/restore`, { reason: 'Nothing.' });
    assert.equal(unknown.status, 404);
    const reason = 'The photographer confirmed the photos are of this DJ.';
    assert.equal((await admin.client.post(`/api/admin/removals/profile/${dj.profile.id}/restore`, { reason })).status, 204);
    assert.equal((await app.client().get(`/api/djs/${dj.profile.id}`)).status, 200, 'the public page is back');
    assert.equal(await inSearch(), true, 'back in search');
    const notices = (await dj.client.get('/api/moderation/notices')).body.items;
    assert.deepEqual(
      notices.map((n: { kind: string; reason: string; restored: { reason: string } | null }) => [
        n.kind,
        n.reason,
        n.restored?.reason,
      ]),
      [['profile', 'Stolen photos.', reason]],
    );
    await app.deps.jobs.drain();
    assert.equal((await lastMailTo(app, dj.user.email)).subject, 'Your DJ profile is back');
    assert.equal((await auditOf(admin.client, 'content.restored'))[0]?.targetId, dj.profile.id);
    const twice = await admin.client.post(`/api/admin/removals/profile/${dj.profile.id}/restore`, { reason: 'Again.' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'MODERATION_NOT_REMOVED');

    // Removed again after a restore: hidden again, and the author mailed again (a mail per removal).
    assert.equal((await host.client.post(`/api/moderation/profiles/${dj.profile.id}/reports`, { reason: 'Again.' })).status, 200);
    const other = await signedIn(app, 'host');
    assert.equal((await other.client.post(`/api/moderation/profiles/${dj.profile.id}/reports`, { reason: 'Fake.' })).status, 201);
    const again = ((await admin.client.get('/api/admin/moderation')).body.items as { id: string; targetId: string }[]).find(
      (i) => i.targetId === dj.profile.id,
    )!;
    app.clock.set('2026-12-09T12:00:00Z');
    assert.equal(
      (await admin.client.post(`/api/admin/moderation/profile/${again.id}/remove`, { reason: 'Fake again.' })).status,
      204,
    );
    assert.equal(await inSearch(), false);
    await app.deps.jobs.drain();
    assert.equal((await lastMailTo(app, dj.user.email)).subject, 'Your DJ profile was removed');
  });
});

describe('refunds and card disputes', () => {
  test('a refund on a booking with an open dispute is 409 BOOKING_DISPUTED and changes nothing; once the dispute is won it is allowed', async () => {
    const admin = await signedInAdmin(app);
    const p = await completedParty();
    await dispute(p.bookingId, 'dp_restore_1', 'needs_response', p.totalMinor);
    const issue = (
      (await admin.client.get('/api/admin/money-issues')).body.items as {
        id: string;
        refundable: boolean;
        refundBlockedBy: string | null;
      }[]
    ).find((i) => i.id === p.bookingId)!;
    assert.deepEqual([issue.refundable, issue.refundBlockedBy], [false, 'card_dispute'], 'the desk says why before anyone tries');

    const path = `/api/admin/bookings/${p.bookingId}/refund`;
    const refused = await admin.client.post(path, { amountMinor: 1000, reason: 'The host complained as well.' });
    assert.equal(refused.status, 409);
    assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(refused.body.code, 'BOOKING_DISPUTED');
    assert.match(refused.body.detail, /card dispute/);
    assert.match(refused.body.detail, /twice/);
    const [b] = await rows<{ refunded_minor: string | number }>(
      sql`select refunded_minor from bookings where id = ${p.bookingId}`,
    );
    assert.equal(Number(b!.refunded_minor), 0, 'nothing refunded');
    const events = (await p.host.client.get(`/api/bookings/${p.bookingId}`)).body.booking.events as { transition: string }[];
    assert.ok(!events.some((e) => e.transition === 'refund_by_admin'), 'no lifecycle row');
    assert.deepEqual(await auditOf(admin.client, 'booking.refunded'), [], 'no audit row');
    const [jobs] = await rows<{ n: number | string }>(
      sql`select count(*) as n from jobs where key like ${`%refund%${p.bookingId}%`}`,
    );
    assert.equal(Number(jobs!.n), 0, 'no refund job');
    assert.deepEqual((await app.deps.ledger.check()).problems, []);

    await dispute(p.bookingId, 'dp_restore_1', 'won', p.totalMinor);
    const allowed = await admin.client.post(path, { amountMinor: 1000, reason: 'Dispute won; goodwill refund.' });
    assert.equal(allowed.status, 200, allowed.text);
    await app.deps.jobs.drain();
    assert.deepEqual((await app.deps.ledger.check()).problems, []);
  });

  test('a lost dispute refuses a refund as well (the bank already returned the money)', async () => {
    const admin = await signedInAdmin(app);
    const p = await completedParty();
    await dispute(p.bookingId, 'dp_restore_2', 'lost', p.totalMinor);
    const refused = await admin.client.post(`/api/admin/bookings/${p.bookingId}/refund`, { reason: 'Refund the rest.' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'BOOKING_DISPUTED');
    assert.deepEqual((await app.deps.ledger.check()).problems, []);
  });
});
