/** Issue 16: the admin console's API — second factor, audit rows, suspensions, licences, moderation, jobs. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import type { TestClient } from '../support/client.ts';
import {
  bookedParty,
  createDj,
  createUser,
  lastMailTo,
  loginAs,
  signedIn,
  signedInAdmin,
  TEST_PASSWORD,
} from '../support/factories.ts';
import { currentTotp } from '../../src/features/admin/second-factor.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z', env: { LICENCE_POLICY: 'required' } });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function uploadLicence(
  client: TestClient,
  bytes: Buffer,
  q = 'kind=bmi&territory=us&expiresOn=2027-06-30',
  type = 'application/pdf',
) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), 'proof.pdf');
  const res = await fetch(`${client.baseUrl}/api/licences?${q}`, {
    method: 'POST',
    body: form,
    headers: { Origin: client.baseUrl, Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  return { status: res.status, body: await res.json() };
}

async function auditOf(client: TestClient, action: string) {
  const res = await client.get(`/api/admin/audit?action=${action}`);
  assert.equal(res.status, 200);
  return res.body.items as {
    action: string;
    targetId: string;
    reason: string | null;
    actorId: string;
    detail: Record<string, unknown>;
  }[];
}

const sessionCount = async (userId: string) =>
  Number(
    (
      (await app.deps.db.execute(
        sql`select count(*) as n from sessions where user_id = ${userId} and revoked_at is null`,
      )) as unknown as {
        rows: { n: string }[];
      }
    ).rows[0]!.n,
  );

describe('admin console', () => {
  test('every admin route is 403 for non-admins and for an admin session without the second factor', async () => {
    const host = await signedIn(app, 'host');
    const dj = await signedIn(app, 'dj');
    const adminUser = await createUser(app, { role: 'admin' });
    const bare = await loginAs(app, adminUser);
    for (const path of [
      '/api/admin/counts',
      '/api/admin/users',
      '/api/admin/audit',
      '/api/admin/licences',
      '/api/admin/moderation',
      '/api/admin/jobs',
      '/api/admin/overview',
    ]) {
      assert.equal((await host.client.get(path)).status, 403, `host ${path}`);
      assert.equal((await dj.client.get(path)).status, 403, `dj ${path}`);
      const r = await bare.get(path);
      assert.equal(r.status, 403, `admin without TOTP ${path}`);
      assert.equal(r.body.code, 'ADMIN_SECOND_FACTOR_REQUIRED');
    }
    assert.equal((await app.client().get('/api/admin/counts')).status, 401);
    assert.equal((await host.client.post('/api/admin/second-factor/enrol')).status, 403);
  });

  test('TOTP: wrong and replayed codes are refused; a recovery code opens one more session once', async () => {
    const admin = await signedInAdmin(app);
    assert.equal(admin.recoveryCodes.length, 10);
    assert.equal((await admin.client.get('/api/admin/second-factor')).body.state, 'verified');
    const second = await loginAs(app, admin.user);
    assert.equal((await second.get('/api/admin/second-factor')).body.state, 'enrolled');
    assert.equal((await second.post('/api/admin/second-factor/enrol')).status, 403, 'cannot replace the factor without it');
    const wrong = await second.post('/api/admin/second-factor/verify', { code: '000000' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'ADMIN_SECOND_FACTOR_INVALID');
    const replay = await second.post('/api/admin/second-factor/verify', { code: currentTotp(admin.secret, app.clock.now()) });
    assert.equal(replay.status, 400, 'the code of the step already used');
    assert.equal((await second.post('/api/admin/second-factor/verify', { code: admin.recoveryCodes[0] })).status, 200);
    assert.equal((await second.get('/api/admin/counts')).status, 200);
    const third = await loginAs(app, admin.user);
    assert.equal(
      (await third.post('/api/admin/second-factor/verify', { code: admin.recoveryCodes[0] })).status,
      400,
      'single use',
    );
    app.clock.advance(60_000);
    assert.equal(
      (await third.post('/api/admin/second-factor/verify', { code: currentTotp(admin.secret, app.clock.now()) })).status,
      200,
    );
    const used = await auditOf(admin.client, 'admin.recovery_code_used');
    assert.equal(used[0]?.actorId, admin.user.id);
  });

  test('suspending a DJ ends their sessions, hides them from search and profile, refuses booking, login and go-live; reinstating undoes it', async () => {
    const admin = await signedInAdmin(app);
    const { dj, host, token } = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z' });
    const other = await createDj(app, { profile: { stageName: 'DJ Suspended Later' } });
    const name = (await app.client().get(`/api/djs/${other.profile.id}`)).body.profile.stageName as string;
    assert.ok((await app.client().get('/api/djs?q=Suspended')).body.items.some((c: { id: string }) => c.id === other.profile.id));

    assert.equal((await admin.client.post(`/api/admin/users/${other.user.id}/suspend`, {})).status, 400, 'a reason is required');
    const res = await admin.client.post(`/api/admin/users/${other.user.id}/suspend`, { reason: 'Fake profile photos.' });
    assert.equal(res.status, 200);
    assert.equal(res.body.user.suspended.reason, 'Fake profile photos.');
    assert.equal(await sessionCount(other.user.id), 0);
    assert.equal((await other.client.get('/api/auth/me')).status, 401, 'session ended at once');
    assert.equal((await app.client().get('/api/djs?q=Suspended')).body.items.length, 0, `${name} gone from search`);
    assert.equal((await app.client().get(`/api/djs/${other.profile.id}`)).status, 404);
    const book = await host.client.post('/api/bookings', {
      djProfileId: other.profile.id,
      startsAt: '2026-12-11T19:00:00Z',
      endsAt: '2026-12-11T21:00:00Z',
    });
    assert.ok(book.status >= 400 && book.status < 500, `booking refused: ${book.status}`);
    const login = await app.client().post('/api/auth/login', { email: other.user.email, password: TEST_PASSWORD });
    assert.equal(login.status, 403);
    assert.equal(login.body.code, 'ACCOUNT_SUSPENDED');
    assert.match(login.body.detail, /Fake profile photos/);
    assert.equal((await admin.client.post(`/api/admin/users/${other.user.id}/suspend`, { reason: 'again' })).status, 409);

    // The booked DJ: suspended, their OBS stream key is refused at go-live.
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey as string;
    await admin.client.post(`/api/admin/users/${dj.user.id}/suspend`, { reason: 'Chargeback fraud.' });
    app.clock.set('2026-12-04T18:30:00Z');
    const whip = await fetch(`${app.url}/api/streams/whip`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
      body: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n',
    });
    assert.equal(whip.status, 403);
    assert.equal(((await whip.json()) as { code: string }).code, 'ACCOUNT_SUSPENDED');

    const back = await admin.client.post(`/api/admin/users/${other.user.id}/reinstate`, { reason: 'Photos verified.' });
    assert.equal(back.status, 200);
    assert.equal(back.body.user.suspended, null);
    assert.equal((await app.client().get(`/api/djs/${other.profile.id}`)).status, 200);
    const rows = await auditOf(admin.client, 'user.suspended');
    assert.ok(
      rows.some((r) => r.targetId === other.user.id && r.reason === 'Fake profile photos.' && r.actorId === admin.user.id),
    );
    assert.equal((await auditOf(admin.client, 'user.reinstated'))[0]?.reason, 'Photos verified.');
    const view = await admin.client.get(`/api/admin/users/${dj.user.id}`);
    assert.equal(view.status, 200);
    assert.equal(view.body.bookings.length, 1);
    assert.ok(view.body.user.suspended);
  });

  test('an admin cannot suspend themself; inviting an admin mails them and is audited', async () => {
    const admin = await signedInAdmin(app);
    const self = await admin.client.post(`/api/admin/users/${admin.user.id}/suspend`, { reason: 'Testing.' });
    assert.equal(self.status, 409);
    assert.equal(self.body.code, 'ADMIN_ACTION_REFUSED');
    const invite = await admin.client.post('/api/admin/admins', { email: 'New.Admin@example.test', displayName: 'New Admin' });
    assert.equal(invite.status, 201);
    assert.equal(invite.body.user.role, 'admin');
    assert.match((await lastMailTo(app, 'new.admin@example.test')).link ?? '', /reset-password\?token=/);
    assert.equal(
      (await admin.client.post('/api/admin/admins', { email: 'new.admin@example.test', displayName: 'Again' })).status,
      409,
    );
    const rows = await auditOf(admin.client, 'admin.invited');
    assert.equal(rows[0]?.targetId, invite.body.user.id);
    // The invited admin may suspend the first one (two active admins), never the other way round to zero.
    const second = await signedInAdmin(app, { user: await app.deps.auth.getUser(invite.body.user.id) });
    assert.equal(
      (await second.client.post(`/api/admin/users/${admin.user.id}/suspend`, { reason: 'Left the company.' })).status,
      200,
    );
  });

  test('the fee change is audited with its history and applies to new bookings', async () => {
    const admin = await signedInAdmin(app);
    const put = await admin.client.put('/api/admin/settings', { feeBps: 1200, reason: 'Winter promotion.' });
    assert.equal(put.status, 200);
    const fee = await admin.client.get('/api/admin/settings');
    assert.equal(fee.body.feeBps, 1200);
    assert.deepEqual(
      { feeBps: fee.body.history[0].feeBps, fromBps: fee.body.history[0].fromBps, reason: fee.body.history[0].reason },
      { feeBps: 1200, fromBps: 1500, reason: 'Winter promotion.' },
    );
    await admin.client.put('/api/admin/settings', { feeBps: 1500 });
  });

  test('licence proof: only PDFs and images, not too large, not expired; reject needs a reason; approve once, mailed, badge; required policy refuses go-live until then', async () => {
    const admin = await signedInAdmin(app);
    app.clock.set('2026-12-01T12:00:00Z');
    const { dj, token } = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z' });

    const text = await uploadLicence(dj.client, Buffer.from('just some text, not a licence'), undefined, 'application/pdf');
    assert.equal(text.status, 422);
    assert.equal(text.body.code, 'UPLOAD_INVALID');
    const big = await uploadLicence(dj.client, Buffer.concat([PDF, Buffer.alloc(11_000_000)]));
    assert.equal(big.status, 413);
    const past = await uploadLicence(dj.client, PDF, 'kind=bmi&territory=US&expiresOn=2026-11-30');
    assert.equal(past.status, 400);
    assert.equal(past.body.errors[0].path, 'body.expiresOn');
    const kind = await uploadLicence(dj.client, PDF, 'kind=nope&territory=US&expiresOn=2027-06-30');
    assert.equal(kind.status, 400);
    assert.equal((await dj.client.get('/api/licences')).body.items.length, 0, 'nothing stored');

    // Required policy: no verified licence, no go-live (browser and WHIP), with the place to fix it.
    app.clock.set('2026-12-04T18:30:00Z');
    const browser = await dj.client.request('POST', `/api/streams/${token}/whip`, {
      raw: 'v=0\r\n',
      headers: { 'Content-Type': 'application/sdp' },
    });
    assert.equal(browser.status, 403);
    assert.equal(browser.body.code, 'LICENCE_REQUIRED');
    assert.match(browser.body.detail, /Music licence/);
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey as string;
    const whip = await fetch(`${app.url}/api/streams/whip`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
      body: 'v=0\r\n',
    });
    assert.equal(whip.status, 403);
    assert.equal(((await whip.json()) as { code: string }).code, 'LICENCE_REQUIRED');
    app.clock.set('2026-12-01T12:30:00Z');

    const first = await uploadLicence(dj.client, PDF, 'kind=own_music_declaration&territory=de&expiresOn=2027-01-15');
    assert.equal(first.status, 201);
    assert.equal(first.body.licence.status, 'pending');
    assert.equal(first.body.licence.territory, 'DE');
    const queue = await admin.client.get('/api/admin/licences');
    assert.ok(queue.body.items.some((l: { id: string }) => l.id === first.body.licence.id));
    const file = await admin.client.get(`/api/admin/licences/${first.body.licence.id}/file`);
    assert.equal(file.status, 200);
    assert.equal((await dj.client.get(`/api/admin/licences/${first.body.licence.id}/file`)).status, 403);

    const noReason = await admin.client.post(`/api/admin/licences/${first.body.licence.id}/reject`, {});
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.errors[0].path, 'body.reason');
    assert.equal((await admin.client.post(`/api/admin/licences/${first.body.licence.id}/approve`)).status, 200);
    const twice = await admin.client.post(`/api/admin/licences/${first.body.licence.id}/reject`, { reason: 'Changed my mind.' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'MODERATION_ALREADY_DECIDED');
    assert.equal((await lastMailTo(app, dj.user.email)).template, 'licence.approved');
    assert.equal((await dj.client.get('/api/licences')).body.verified, true);
    const licensed = await app.client().get('/api/djs?licensed=true');
    assert.deepEqual(
      licensed.body.items.map((c: { id: string; licenceVerified: boolean }) => [c.id, c.licenceVerified]),
      [[dj.profile.id, true]],
      'only the verified DJ, with the badge',
    );
    assert.equal((await app.client().get(`/api/djs/${dj.profile.id}`)).body.profile.licenceVerified, true);
    assert.equal((await app.client().get('/api/djs?licensed=maybe')).status, 400);
    const rows = await auditOf(admin.client, 'licence.approved');
    assert.equal(rows[0]?.targetId, first.body.licence.id);

    const second = await uploadLicence(dj.client, PDF, 'kind=gema&territory=DE&expiresOn=2027-12-31');
    const rej = await admin.client.post(`/api/admin/licences/${second.body.licence.id}/reject`, {
      reason: 'The scan is unreadable.',
    });
    assert.equal(rej.body.licence.status, 'rejected');
    assert.match((await lastMailTo(app, dj.user.email)).text, /The scan is unreadable/);

    // Verified now: the browser go-live passes the licence gate (and fails later only on the fake SDP).
    app.clock.set('2026-12-04T18:30:00Z');
    const again = await dj.client.request('POST', `/api/streams/${token}/whip`, {
      raw: 'v=0\r\n',
      headers: { 'Content-Type': 'application/sdp' },
    });
    assert.notEqual(again.body.code, 'LICENCE_REQUIRED');

    // 30 days before expiry the DJ is warned; on the day the badge lapses.
    app.clock.set('2026-12-17T03:00:00Z');
    await app.deps.licence.scheduleScan();
    await app.deps.jobs.drain(); // the scan and the mails it causes (other due jobs may come first in a batch)
    const templatesTo = async (to: string) =>
      ((await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(to)}`)).body.messages as { template: string }[]).map(
        (m) => m.template,
      );
    assert.ok((await templatesTo(dj.user.email)).includes('licence.expiring'));
    app.clock.set('2027-01-15T03:00:00Z');
    await app.deps.licence.scheduleScan();
    await app.deps.jobs.drain();
    assert.equal((await (await loginAs(app, dj.user)).get('/api/licences')).body.verified, false, 'lapsed on the day');
    assert.equal((await templatesTo(dj.user.email)).filter((t) => t === 'licence.lapsed').length, 1, 'told once that it lapsed');
  });

  test('a reported chat message is removed once; a second decision is 409; the audit log lists it', async () => {
    const admin = await signedInAdmin(app);
    app.clock.set('2026-12-01T12:00:00Z');
    const { host, token } = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z' });
    const { bookingId } = (await host.client.get(`/api/parties/${token}`)).body.party as { bookingId: string };
    const partyId = (
      (await app.deps.db.execute(sql`select id from parties where booking_id = ${bookingId}`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows[0]!.id;
    const writer = { partyId, role: 'host' as const, name: 'Host', key: `user:${host.user.id}`, inviteId: null };
    const msg = await app.deps.partyRoom.sendChat(writer, 'buy cheap followers at spam.example');
    await app.deps.partyRoom.reportChat({ ...writer, role: 'guest', key: 'invite:00000000-0000-4000-8000-000000000001' }, msg.id);
    const counts = await admin.client.get('/api/admin/counts');
    assert.equal(counts.body.moderation, 1);
    const queue = (await admin.client.get('/api/admin/moderation')).body.items as { id: string; kind: string; excerpt: string }[];
    const item = queue.find((i) => i.kind === 'chat_message')!;
    assert.match(item.excerpt, /cheap followers/);
    assert.equal(
      (await admin.client.post(`/api/admin/moderation/chat_message/${item.id}/remove`, {})).status,
      400,
      'needs a reason',
    );
    assert.equal(
      (await admin.client.post(`/api/admin/moderation/chat_message/${item.id}/remove`, { reason: 'Spam.' })).status,
      204,
    );
    const twice = await admin.client.post(`/api/admin/moderation/chat_message/${item.id}/dismiss`, {});
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'MODERATION_ALREADY_DECIDED');
    assert.equal((await admin.client.get('/api/admin/counts')).body.moderation, 0);
    const rows = await auditOf(admin.client, 'report.removed');
    assert.equal(rows[0]?.targetId, msg.id);
    assert.equal(rows[0]?.reason, 'Spam.');
    const deleted = (await app.deps.db.execute(sql`select deleted_at from party_messages where id = ${msg.id}`)) as unknown as {
      rows: { deleted_at: unknown }[];
    };
    assert.ok(deleted.rows[0]!.deleted_at, 'hidden from the room');
  });

  test('failed jobs can be retried or cancelled (with a reason), each audited; the audit log is append-only', async () => {
    const admin = await signedInAdmin(app);
    const now = app.clock.now();
    const insert = async (name: string) =>
      (
        (await app.deps.db.execute(
          sql`insert into jobs (name, payload, run_at, status, attempts, last_error, created_at) values (${name}, '{}'::jsonb, ${now}, 'failed', 5, 'boom', ${now}) returning id`,
        )) as unknown as { rows: { id: string }[] }
      ).rows[0]!.id;
    const a = await insert('test.unknown-a');
    const b = await insert('test.unknown-b');
    const list = (await admin.client.get('/api/admin/jobs')).body.items as { id: string; lastError: string }[];
    assert.equal(list.find((j) => j.id === a)?.lastError, 'boom');
    assert.equal((await admin.client.post(`/api/admin/jobs/${b}/cancel`, {})).status, 400, 'cancel needs a reason');
    assert.equal((await admin.client.post(`/api/admin/jobs/${b}/cancel`, { reason: 'Obsolete.' })).status, 204);
    assert.equal((await admin.client.post(`/api/admin/jobs/${b}/cancel`, { reason: 'Obsolete.' })).status, 409);
    assert.equal((await auditOf(admin.client, 'job.cancelled'))[0]?.targetId, b);
    await app.deps.db.execute(sql`delete from jobs where id = ${a}`);
    assert.equal((await admin.client.post(`/api/admin/jobs/${a}/retry`)).status, 404);

    const search = await admin.client.get('/api/admin/audit?q=Obsolete');
    assert.ok(search.body.items.length >= 1);
    app.expectErrors();
    await assert.rejects(app.deps.db.execute(sql`update audit_log set reason = 'rewritten'`), (e: unknown) =>
      /append-only/.test(`${(e as Error).message} ${((e as Error).cause as Error | undefined)?.message}`),
    );
    await assert.rejects(app.deps.db.execute(sql`delete from audit_log`), (e: unknown) =>
      /append-only/.test(`${(e as Error).message} ${((e as Error).cause as Error | undefined)?.message}`),
    );
  });
});
