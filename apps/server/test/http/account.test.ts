/**
 * Privacy rights (issue 17, PRD 5.5): name and email change (re-verified), the data export, account deletion
 * (refused while a booking or payment is open, anonymised after), consent at sign-up and the retention job.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { FORMER_MEMBER, LEGAL_VERSION } from '@partystream/shared/account/account.schemas';
import { useTestApp } from '../support/app.ts';
import { bookedParty, createDj, djProfileBody, lastMailTo, signedIn, TEST_PASSWORD, uniqueEmail } from '../support/factories.ts';
import type { TestClient } from '../support/client.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) =>
  ((await app.deps.db.execute(q)) as unknown as { rows: T[] }).rows;

async function uploadPhoto(client: TestClient) {
  const bytes = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff4fd8' } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'me.png');
  const res = await fetch(`${client.baseUrl}/api/djs/me/photo`, {
    method: 'PUT',
    body: form,
    headers: { Origin: client.baseUrl, Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { profile: { photoUrl: string } }).profile.photoUrl;
}

describe('account: name and email', () => {
  test('sign-up with the consent box records the terms and privacy versions at the clock time', async () => {
    const c = app.client();
    const email = uniqueEmail('consent');
    const reg = await c.post('/api/auth/register', {
      email,
      password: TEST_PASSWORD,
      displayName: 'Consenting',
      role: 'host',
      acceptTerms: true,
    });
    assert.equal(reg.status, 201, reg.text);
    const exp = await c.get('/api/me/export');
    assert.deepEqual(exp.body.consents, [
      { kind: 'terms', version: LEGAL_VERSION, acceptedAt: '2026-12-01T12:00:00.000Z' },
      { kind: 'privacy', version: LEGAL_VERSION, acceptedAt: '2026-12-01T12:00:00.000Z' },
    ]);
    const refused = await app.client().post('/api/auth/register', {
      email: uniqueEmail('consent'),
      password: TEST_PASSWORD,
      displayName: 'X',
      role: 'host',
      acceptTerms: false,
    });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.errors[0].path, 'body.acceptTerms');
  });

  test('the display name changes at once', async () => {
    const { client } = await signedIn(app);
    const res = await client.patch('/api/me', { displayName: '  Nova Sky ' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.user.displayName, 'Nova Sky');
    assert.equal((await client.get('/api/auth/me')).body.user.displayName, 'Nova Sky');
    assert.equal((await client.patch('/api/me', { displayName: '' })).status, 400);
  });

  test('a new email takes effect only after its link is followed; the old address is told; login follows the change', async () => {
    const { user, client } = await signedIn(app);
    const newEmail = uniqueEmail('moved');
    const wrong = await client.post('/api/me/email', { newEmail, password: 'not my password at all' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'AUTH_PASSWORD_MISMATCH');

    const asked = await client.post('/api/me/email', { newEmail: newEmail.toUpperCase(), password: TEST_PASSWORD });
    assert.equal(asked.status, 202, asked.text);
    assert.equal(asked.body.pendingEmail, newEmail);
    assert.equal(asked.body.user.email, user.email, 'not changed yet');
    const notice = await lastMailTo(app, user.email);
    assert.equal(notice.template, 'account.email_change_notice');
    assert.match(notice.text, new RegExp(newEmail.replace(/[.+]/g, '\\$&')));
    const confirm = await lastMailTo(app, newEmail);
    assert.equal(confirm.template, 'account.confirm_email_change');
    const token = new URL(confirm.link!).searchParams.get('token')!;
    assert.equal((await app.client().post('/api/auth/login', { email: newEmail, password: TEST_PASSWORD })).status, 401);

    const done = await app.client().post('/api/me/email/confirm', { token });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.user.email, newEmail);
    assert.equal(done.body.user.emailVerified, true);
    assert.equal((await client.get('/api/me')).body.pendingEmail, null);
    assert.equal((await app.client().post('/api/auth/login', { email: newEmail, password: TEST_PASSWORD })).status, 200);
    assert.equal((await app.client().post('/api/auth/login', { email: user.email, password: TEST_PASSWORD })).status, 401);
    assert.equal((await app.client().post('/api/me/email/confirm', { token })).body.code, 'AUTH_TOKEN_INVALID', 'used once');
  });

  test('an address taken meanwhile is refused when confirming; an expired link is refused', async () => {
    const { client } = await signedIn(app);
    const wanted = uniqueEmail('wanted');
    await client.post('/api/me/email', { newEmail: wanted, password: TEST_PASSWORD });
    const token = new URL((await lastMailTo(app, wanted)).link!).searchParams.get('token')!;
    await signedIn(app).then(({ client: other }) => other.post('/api/me/email', { newEmail: wanted, password: TEST_PASSWORD }));
    await app.deps.auth.createUserDirect({ email: wanted, displayName: 'Squatter', role: 'host', password: TEST_PASSWORD });
    const res = await app.client().post('/api/me/email/confirm', { token });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'AUTH_EMAIL_TAKEN');

    const later = uniqueEmail('later');
    await client.post('/api/me/email', { newEmail: later, password: TEST_PASSWORD });
    const t2 = new URL((await lastMailTo(app, later)).link!).searchParams.get('token')!;
    app.clock.advance(25 * 3_600_000);
    assert.equal((await app.client().post('/api/me/email/confirm', { token: t2 })).body.code, 'AUTH_TOKEN_INVALID');
    app.clock.set('2026-12-01T12:00:00Z');
  });
});

describe('account: export', () => {
  test('one JSON file holds profile, DJ profile, bookings, payments, ledger lines, chat, requests and sessions, without secrets', async () => {
    app.clock.set('2026-12-01T12:00:00Z');
    const party = await bookedParty(app);
    const { dj, host, bookingId, token } = party;
    const access = await app.deps.party.resolveAccess({ partyToken: token, user: await app.deps.auth.getUser(host.user.id) });
    await app.deps.partyRoom.sendChat(
      { partyId: access.partyId, role: 'host', name: host.user.displayName, key: `user:${host.user.id}`, inviteId: null },
      'Happy birthday Sam!',
    );

    const res = await host.client.get('/api/me/export');
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-disposition')!, /attachment; filename="partystream-export-2026-12-01\.json"/);
    const x = res.body;
    assert.equal(x.format, 'partystream-export');
    assert.equal(x.profile.email, host.user.email);
    assert.equal(x.bookings.length, 1);
    assert.equal(x.bookings[0].id, bookingId);
    assert.equal(x.bookings[0].as, 'host');
    assert.equal(x.bookings[0].totalMinor, 45_000);
    assert.equal(x.payments.length, 1);
    assert.equal(x.payments[0].cardLast4, '4242');
    assert.ok(x.ledgerLines.length >= 2, 'ledger lines of the booking');
    assert.deepEqual(
      x.partyMessages.map((m: { text: string }) => m.text),
      ['Happy birthday Sam!'],
    );
    assert.ok(x.sessions.length >= 1);
    assert.deepEqual(x.reviews, []);
    for (const secret of ['passwordHash', 'password_hash', 'tokenHash', 'token_hash', 'streamKeyHash', token]) {
      assert.ok(!res.text.includes(secret), `no ${secret} in the export`);
    }

    const djx = (await dj.client.get('/api/me/export')).body;
    assert.equal(djx.djProfile.stageName, 'DJ Test');
    assert.equal(djx.availability.weekly.length, 2);
    assert.equal(djx.bookings[0].as, 'dj');
    assert.deepEqual(djx.partyMessages, [], 'only what they wrote');
  });

  test('anonymous callers get 401; the export is rate-limited per user', async () => {
    assert.equal((await app.client().get('/api/me/export')).status, 401);
    const { client } = await signedIn(app);
    for (let i = 0; i < app.config.EXPORT_MAX_PER_HOUR; i++) assert.equal((await client.get('/api/me/export')).status, 200);
    const limited = await client.get('/api/me/export');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });
});

describe('account: deletion', () => {
  test('refused with the booking named while it is open; after the payout, erased and anonymised at once', async () => {
    app.clock.set('2026-12-01T12:00:00Z');
    const { dj, host, bookingId, token } = await bookedParty(app);
    const photoUrl = await uploadPhoto(dj.client);
    assert.equal(
      (await dj.client.put('/api/djs/me', djProfileBody({ stageName: 'Quasar Erasable', autoAccept: true }))).status,
      200,
    );
    const found = async () =>
      (await app.client().get('/api/djs?q=Quasar')).body.items.some((d: { id: string }) => d.id === dj.profile.id);
    assert.ok(await found(), 'listed before');
    const access = await app.deps.party.resolveAccess({ partyToken: token, user: await app.deps.auth.getUser(host.user.id) });
    await app.deps.partyRoom.sendChat(
      { partyId: access.partyId, role: 'host', name: host.user.displayName, key: `user:${host.user.id}`, inviteId: null },
      'Thanks for the music',
    );

    assert.equal((await host.client.request('DELETE', '/api/me', { body: { password: 'wrong password!!' } })).status, 400);
    for (const who of [host, dj]) {
      const refused = await who.client.request('DELETE', '/api/me', { body: { password: TEST_PASSWORD } });
      assert.equal(refused.status, 409, refused.text);
      assert.equal(refused.body.code, 'ACCOUNT_HAS_OPEN_BOOKINGS');
      assert.match(refused.body.detail, new RegExp(bookingId));
      assert.match(refused.body.detail, /confirmed/);
    }
    assert.equal((await host.client.get('/api/auth/me')).status, 200, 'nothing changed');

    app.clock.set('2026-12-04T19:00:00Z');
    await app.deps.jobs.drain();
    app.clock.set('2026-12-04T22:00:00Z');
    await app.deps.jobs.drain();
    const completed = await dj.client.request('DELETE', '/api/me', { body: { password: TEST_PASSWORD } });
    assert.match(completed.body.detail, /completed/, 'the payout is still open');
    app.clock.set('2026-12-05T22:01:00Z');
    await app.deps.jobs.drain();
    assert.equal((await host.client.get(`/api/bookings/${bookingId}`)).body.booking.state, 'paid_out');
    const ledgerBefore = await app.deps.ledger.balances(app.deps.db, bookingId);

    const gone = await host.client.request('DELETE', '/api/me', { body: { password: TEST_PASSWORD } });
    assert.equal(gone.status, 204, gone.text);
    assert.equal((await host.client.get('/api/auth/me')).status, 401, 'this session ended');
    assert.equal((await app.client().post('/api/auth/login', { email: host.user.email, password: TEST_PASSWORD })).status, 401);
    const [u] = await rows<{ email: string; display_name: string; deleted_at: Date }>(
      sql`select email, display_name, deleted_at from users where id = ${host.user.id}`,
    );
    assert.equal(u!.email, `deleted-${host.user.id}@deleted.invalid`);
    assert.equal(u!.display_name, FORMER_MEMBER);
    assert.ok(u!.deleted_at);
    const live = await rows(
      sql`select 1 from sessions where user_id = ${host.user.id} and (revoked_at is null or ip is not null)`,
    );
    assert.equal(live.length, 0, 'every session ended, no IP kept');
    const [msg] = await rows<{ author_name: string; text: string }>(
      sql`select author_name, text from party_messages where author_key = ${'user:' + host.user.id}`,
    );
    assert.deepEqual(msg, { author_name: FORMER_MEMBER, text: 'Thanks for the music' }, 'chat kept as former member');
    assert.deepEqual(await app.deps.ledger.balances(app.deps.db, bookingId), ledgerBefore, 'money records kept');
    const booking = (await dj.client.get(`/api/bookings/${bookingId}`)).body.booking;
    assert.equal(booking.hostName, FORMER_MEMBER);
    assert.equal(booking.price.totalMinor, 45_000);

    // The DJ: profile out of search and off its page, photo removed from storage.
    assert.equal((await app.client().get(photoUrl)).status, 200);
    assert.equal((await dj.client.request('DELETE', '/api/me', { body: { password: TEST_PASSWORD } })).status, 204);
    assert.equal((await app.client().get(photoUrl)).status, 404, 'photo removed');
    assert.equal((await app.client().get(`/api/djs/${dj.profile.id}`)).status, 404);
    assert.ok(!(await found()), 'not in search');
    assert.equal((await rows(sql`select 1 from dj_weekly_hours where dj_profile_id = ${dj.profile.id}`)).length, 0);
    assert.equal((await dj.client.get('/api/me/export')).status, 401);
  });

  test('a host with an unpaid booking is refused; once it expires the account can go', async () => {
    app.clock.set('2026-12-01T12:00:00Z');
    const dj = await createDj(app);
    const host = await signedIn(app, 'host');
    const b = (
      await host.client.post('/api/bookings', {
        djProfileId: dj.profile.id,
        startsAt: '2026-12-11T19:00:00Z',
        endsAt: '2026-12-11T22:00:00Z',
      })
    ).body.booking;
    const refused = await host.client.request('DELETE', '/api/me', { body: { password: TEST_PASSWORD } });
    assert.equal(refused.body.code, 'ACCOUNT_HAS_OPEN_BOOKINGS');
    assert.match(refused.body.detail, /pending payment/);
    app.clock.advance(2 * 3_600_000);
    await app.deps.jobs.drain();
    assert.equal((await host.client.get(`/api/bookings/${b.id}`)).body.booking.state, 'expired');
    assert.equal((await host.client.request('DELETE', '/api/me', { body: { password: TEST_PASSWORD } })).status, 204);
  });
});

describe('retention', () => {
  test('the daily job deletes chat of parties ended longer ago than the setting and forgets old session IPs', async () => {
    app.clock.set('2026-12-01T12:00:00Z');
    const { host, token } = await bookedParty(app, { startsAt: '2026-12-18T19:00:00Z', endsAt: '2026-12-18T22:00:00Z' });
    const access = await app.deps.party.resolveAccess({ partyToken: token, user: await app.deps.auth.getUser(host.user.id) });
    await app.deps.partyRoom.sendChat(
      { partyId: access.partyId, role: 'host', name: 'H', key: `user:${host.user.id}`, inviteId: null },
      'see you soon',
    );
    await app.deps.auth.issueSession(host.user.id, { ip: '203.0.113.9' });
    const count = async () => (await rows(sql`select 1 from party_messages where party_id = ${access.partyId}`)).length;

    const days = app.config.RETENTION_CHAT_DAYS;
    app.clock.set(new Date(Date.parse('2026-12-18T22:00:00Z') + (days - 1) * 86_400_000));
    await app.deps.account.runRetention();
    assert.equal(await count(), 1, 'kept inside the period');
    app.clock.set(new Date(Date.parse('2026-12-18T22:00:00Z') + (days + 1) * 86_400_000));
    const out = await app.deps.account.runRetention();
    assert.equal(await count(), 0, 'purged after it');
    assert.ok(out.messages >= 1);
    assert.equal((await rows(sql`select 1 from sessions where ip = '203.0.113.9'`)).length, 0);
  });

  test('the job runs from the queue and schedules the next day', async () => {
    await app.deps.account.scheduleRetention();
    await app.deps.jobs.drain();
    const next = await rows<{ run_at: Date }>(
      sql`select run_at from jobs where name = 'account.retention' and status = 'pending' order by run_at desc limit 1`,
    );
    assert.ok(next[0] && new Date(next[0].run_at).getTime() > app.clock.now().getTime());
  });
});
