/**
 * Issue 16, what the console decides beyond chat: reported reviews and DJ profiles (remove with a notice and a
 * mail to the author, suspend, twice is 409), refunds an admin decides through the process table, and the mail
 * an unlicensed DJ gets when booked under LICENCE_POLICY=warn. Each action's audit row is checked.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { bookedParty, createDj, lastMailTo, signedIn, signedInAdmin } from '../support/factories.ts';
import type { TestClient } from '../support/client.ts';

const NOW = '2026-12-01T12:00:00Z';
const app = useTestApp({ now: NOW, env: { LICENCE_POLICY: 'warn' } });

async function auditOf(client: TestClient, action: string) {
  const res = await client.get(`/api/admin/audit?action=${action}`);
  assert.equal(res.status, 200, res.text);
  return res.body.items as { targetId: string; reason: string | null; detail: Record<string, unknown> }[];
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
  return { ...p, booking: b as { totalMinor?: number; price: { totalMinor: number } } };
}

describe('moderation of reviews and profiles', () => {
  test('a reported review is removed once: hidden from the DJ page and rating, its author sees the reason and is mailed', async () => {
    const admin = await signedInAdmin(app);
    const p = await completedParty();
    const written = await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, {
      stars: 1,
      text: 'Awful, call me at 555-0100.',
    });
    assert.equal(written.status, 201, written.text);
    assert.equal((await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, { stars: 4, text: 'Fine host.' })).status, 201);
    const page = async () => (await app.client().get(`/api/reviews/djs/${p.dj.profile.id}`)).body;
    assert.equal((await page()).items.length, 1, 'published');
    const reviewId = (await page()).items[0].id as string;

    const reporter = await signedIn(app, 'host');
    assert.equal(
      (await reporter.client.post(`/api/reviews/${reviewId}/reports`, { reason: 'private_information', note: 'A phone number.' }))
        .status,
      201,
    );
    assert.equal((await admin.client.get('/api/admin/counts')).body.moderation, 1);
    const item = (
      (await admin.client.get('/api/admin/moderation')).body.items as {
        id: string;
        kind: string;
        authorUserId: string;
        excerpt: string;
      }[]
    ).find((i) => i.kind === 'review')!;
    assert.equal(item.authorUserId, p.host.user.id, 'the author is known, so suspending is offered');
    assert.match(item.excerpt, /555-0100/);

    const noReason = await admin.client.post(`/api/admin/moderation/review/${item.id}/remove`, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.errors[0].path, 'body.reason');
    const reason = 'Personal phone numbers are not allowed in reviews.';
    assert.equal((await admin.client.post(`/api/admin/moderation/review/${item.id}/remove`, { reason })).status, 204);
    const twice = await admin.client.post(`/api/admin/moderation/review/${item.id}/dismiss`, {});
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'MODERATION_ALREADY_DECIDED');
    assert.equal((await admin.client.get('/api/admin/counts')).body.moderation, 0);

    const after = await page();
    assert.equal(after.items.length, 0, 'hidden from the DJ page');
    assert.equal(after.summary.count, 0, 'out of the rating');
    const mine = (await p.host.client.get(`/api/reviews/bookings/${p.bookingId}`)).body.mine;
    assert.equal(mine.status, 'removed', 'the author still sees their review, marked removed');
    const notices = (await p.host.client.get('/api/moderation/notices')).body.items;
    assert.deepEqual(
      notices.map((n: { kind: string; targetId: string; reason: string }) => [n.kind, n.targetId, n.reason]),
      [['review', reviewId, reason]],
    );
    assert.deepEqual((await p.dj.client.get('/api/moderation/notices')).body.items, [], 'nobody else sees it');
    await app.deps.jobs.drain();
    const mail = await lastMailTo(app, p.host.user.email);
    assert.equal(mail.subject, 'Your review was removed');
    assert.ok(mail.text.includes(reason));
    const rows = await auditOf(admin.client, 'report.removed');
    assert.equal(rows[0]?.targetId, reviewId);
    assert.equal(rows[0]?.reason, reason);
    await assert.rejects(
      app.deps.db.execute(sql`update reviews set text = 'edited' where id = ${reviewId}`),
      'a removed review cannot be edited either',
    );
  });

  test('a signed-in user reports a DJ profile; removal hides it from search and profile; suspending the author from a report', async () => {
    const admin = await signedInAdmin(app);
    const dj = await createDj(app);
    const other = await createDj(app);
    const host = await signedIn(app, 'host');
    const path = `/api/moderation/profiles/${dj.profile.id}/reports`;
    assert.equal((await app.client().post(path, { reason: 'Fake photos.' })).status, 401);
    const bad = await host.client.post(path, { reason: '' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'body.reason');
    assert.equal((await host.client.post('/api/moderation/profiles/not-an-id/reports', { reason: 'Fake.' })).status, 400);
    assert.equal((await dj.client.post(path, { reason: 'Reporting myself.' })).status, 403);
    assert.equal((await host.client.post(path, { reason: 'Fake photos of another DJ.' })).status, 201);
    assert.equal((await host.client.post(path, { reason: 'Again.' })).status, 200, 'a repeat changes nothing');
    const queue = (await admin.client.get('/api/admin/moderation')).body.items as {
      id: string;
      kind: string;
      targetId: string;
    }[];
    const item = queue.find((i) => i.kind === 'profile' && i.targetId === dj.profile.id)!;
    assert.equal(
      (await admin.client.post(`/api/admin/moderation/profile/${item.id}/remove`, { reason: 'Stolen photos.' })).status,
      204,
    );
    assert.equal((await app.client().get(`/api/djs/${dj.profile.id}`)).status, 404, 'the public profile is gone');
    const search = (await app.client().get('/api/djs')).body.items as { id: string }[];
    assert.ok(!search.some((d) => d.id === dj.profile.id), 'out of search');
    assert.ok(
      search.some((d) => d.id === other.profile.id),
      'others stay',
    );
    assert.equal((await dj.client.get('/api/moderation/notices')).body.items[0].reason, 'Stolen photos.');

    assert.equal(
      (await host.client.post(`/api/moderation/profiles/${other.profile.id}/reports`, { reason: 'Scam.' })).status,
      201,
    );
    const second = ((await admin.client.get('/api/admin/moderation')).body.items as { id: string; targetId: string }[]).find(
      (i) => i.targetId === other.profile.id,
    )!;
    assert.equal(
      (await admin.client.post(`/api/admin/moderation/profile/${second.id}/suspend`, { reason: 'Scam account.' })).status,
      204,
    );
    assert.equal((await other.client.get('/api/auth/me')).status, 401, 'the author’s sessions ended');
    assert.equal((await auditOf(admin.client, 'user.suspended'))[0]?.targetId, other.user.id);
    assert.equal((await auditOf(admin.client, 'report.suspended'))[0]?.targetId, other.profile.id);
  });
});

describe('refunds an admin decides', () => {
  test('a disputed completed party is listed with its history and stream facts', async () => {
    const admin = await signedInAdmin(app);
    const p = await completedParty();
    const total = p.booking.price.totalMinor;
    // A card dispute the provider reports (as its webhook would), on this completed party.
    const pay = (await app.deps.db.execute(
      sql`select provider_payment_id from payments where booking_id = ${p.bookingId}`,
    )) as unknown as { rows: { provider_payment_id: string }[] };
    await app.deps.db.transaction((tx) =>
      app.deps.money.applyProviderDispute(tx, {
        id: 'dp_admin_1',
        providerPaymentId: pay.rows[0]!.provider_payment_id,
        amountMinor: total,
        status: 'needs_response',
      }),
    );
    const issues = (await admin.client.get('/api/admin/money-issues')).body.items as {
      id: string;
      refundable: boolean;
      disputeStatus: string;
      history: { transition: string }[];
      stream: unknown;
      hostName: string;
    }[];
    const issue = issues.find((i) => i.id === p.bookingId)!;
    assert.equal(issue.disputeStatus, 'open');
    assert.deepEqual(
      issue.history.map((h) => h.transition).slice(0, 2),
      ['request', 'pay'],
      'the booking’s history, oldest first',
    );
    assert.ok('stream' in issue);
    assert.equal(issue.hostName, p.host.user.displayName);
    assert.ok((await admin.client.get('/api/admin/counts')).body.disputes >= 1);
    assert.deepEqual((await app.deps.ledger.check()).problems, []);
  });

  test('a completed party: a partial then the rest refunded through the lifecycle; audited; ledger balanced; paid out is refused', async () => {
    const admin = await signedInAdmin(app);
    const p = await completedParty();
    const total = p.booking.price.totalMinor;
    const path = `/api/admin/bookings/${p.bookingId}/refund`;
    assert.equal((await p.host.client.post(path, { reason: 'Refund me.' })).status, 403, 'hosts cannot');
    const noReason = await admin.client.post(path, { amountMinor: 100 });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.errors[0].path, 'body.reason');
    const tooMuch = await admin.client.post(path, { amountMinor: total + 1, reason: 'Too much.' });
    assert.equal(tooMuch.status, 400);
    assert.equal(tooMuch.body.errors[0].path, 'body.amountMinor');
    const partial = await admin.client.post(path, { amountMinor: 1000, reason: 'The stream dropped for 20 minutes.' });
    assert.equal(partial.status, 200, partial.text);
    assert.equal(partial.body.refundedMinor, 1000);
    await app.deps.jobs.drain();
    let b = (await p.host.client.get(`/api/bookings/${p.bookingId}`)).body.booking;
    assert.equal(b.state, 'completed');
    const last = b.events.at(-1);
    assert.equal(last.transition, 'refund_by_admin');
    assert.equal(last.actor, 'admin');
    const rest = await admin.client.post(path, { reason: 'Chargeback settled in the host’s favour.' });
    assert.equal(rest.status, 200, rest.text);
    assert.equal(rest.body.refundedMinor, total - 1000);
    await app.deps.jobs.drain();
    b = (await p.host.client.get(`/api/bookings/${p.bookingId}`)).body.booking;
    assert.equal(b.state, 'completed', 'still waiting for its (now empty) pay-out');
    const refunded = (await app.deps.db.execute(
      sql`select refunded_minor from bookings where id = ${p.bookingId}`,
    )) as unknown as {
      rows: { refunded_minor: number | string }[];
    };
    assert.equal(Number(refunded.rows[0]!.refunded_minor), total);
    const nothingLeft = await admin.client.post(path, { reason: 'Once more.' });
    assert.equal(nothingLeft.status, 400, 'nothing is left to refund');
    assert.deepEqual((await app.deps.ledger.check()).problems, []);
    const rows = await auditOf(admin.client, 'booking.refunded');
    assert.deepEqual(
      rows.map((r) => r.detail.amountMinor),
      [total - 1000, 1000],
    );
    assert.equal(rows[1]?.reason, 'The stream dropped for 20 minutes.');

    // Paid out: the DJ has the money; refunds are then the provider's dispute process, refused here.
    app.clock.set('2026-12-06T00:00:00Z');
    const q = await completedParty();
    app.clock.set('2026-12-06T00:00:00Z');
    await app.deps.jobs.drain();
    assert.equal((await q.host.client.get(`/api/bookings/${q.bookingId}`)).body.booking.state, 'paid_out');
    const late = await admin.client.post(`/api/admin/bookings/${q.bookingId}/refund`, { reason: 'Too late.' });
    assert.equal(late.status, 409);
    assert.equal(late.body.code, 'BOOKING_INVALID_TRANSITION');
  });
});

describe('licence policy warn', () => {
  test('a DJ without an approved licence is mailed when booked', async () => {
    app.clock.set(NOW);
    const p = await bookedParty(app);
    await app.deps.jobs.drain();
    const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(p.dj.user.email)}`);
    const mail = (res.body.messages as { subject: string; text: string }[]).find((m) =>
      m.subject.includes('without an approved music licence'),
    );
    assert.ok(mail, 'warned');
    assert.match(mail.text, /\/dashboard\/licence/);
  });
});
