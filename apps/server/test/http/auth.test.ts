import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { createUser, lastMailTo, loginAs, signedIn, TEST_PASSWORD, uniqueEmail } from '../support/factories.ts';

const app = useTestApp();

describe('accounts', () => {
  test('a DJ registers, verifies the email from the outbox, sees /me, logs out and back in', async () => {
    const c = app.client();
    const email = uniqueEmail('dj');
    const reg = await c.post('/api/auth/register', {
      email,
      password: TEST_PASSWORD,
      displayName: 'DJ Nova',
      role: 'dj',
      acceptTerms: true,
    });
    assert.equal(reg.status, 201);
    assert.equal(reg.body.user.role, 'dj');
    assert.equal(reg.body.user.emailVerified, false);
    const cookie = reg.headers.getSetCookie()[0]!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);

    const mail = await lastMailTo(app, email);
    assert.equal(mail.template, 'auth.verify_email');
    assert.equal(new URL(mail.link!).origin, app.url, 'the mailed link points at this app');
    const token = new URL(mail.link!).searchParams.get('token')!;
    const ver = await c.post('/api/auth/verify-email', { token });
    assert.equal(ver.status, 200);
    assert.equal(ver.body.user.emailVerified, true);
    assert.equal((await c.post('/api/auth/verify-email', { token })).body.code, 'AUTH_TOKEN_INVALID', 'a token works once');

    const me = await c.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, email);

    assert.equal((await c.post('/api/auth/logout')).status, 204);
    assert.equal((await c.get('/api/auth/me')).status, 401);

    const login = await c.post('/api/auth/login', { email: email.toUpperCase(), password: TEST_PASSWORD });
    assert.equal(login.status, 200);
    assert.equal((await c.get('/api/auth/me')).body.user.displayName, 'DJ Nova');
  });

  test('registering an email twice is a 409 and creates nothing', async () => {
    const email = uniqueEmail();
    await createUser(app, { email });
    const res = await app
      .client()
      .post('/api/auth/register', { email, password: TEST_PASSWORD, displayName: 'X', role: 'host', acceptTerms: true });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'AUTH_EMAIL_TAKEN');
    assert.deepEqual(
      res.body.errors?.map((e: { path: string }) => e.path),
      ['body.email'],
      'the form can show it under the email field',
    );
  });

  test('a sign-up without consent to the terms and privacy policy is a 400 naming acceptTerms and creates nothing', async () => {
    const email = uniqueEmail('no-consent');
    const base = { email, password: TEST_PASSWORD, displayName: 'No Consent', role: 'host' };
    for (const body of [base, { ...base, acceptTerms: false }, { ...base, acceptTerms: 'yes' }]) {
      const res = await app.client().post('/api/auth/register', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.deepEqual(
        res.body.errors.map((e: { path: string }) => e.path),
        ['body.acceptTerms'],
      );
    }
    assert.equal((await app.client().post('/api/auth/login', { email, password: TEST_PASSWORD })).status, 401, 'no account');
    assert.equal(await lastMailTo(app, email).catch(() => null), null, 'no mail');
  });

  test('weak passwords and admin self-registration are refused with field errors', async () => {
    const res = await app.client().post('/api/auth/register', {
      email: 'not-an-email',
      password: 'short',
      displayName: '',
      role: 'admin',
      acceptTerms: true,
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const paths = res.body.errors.map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ['body.displayName', 'body.email', 'body.password', 'body.role']);
  });

  test('a wrong password is a 401 that does not say whether the account exists', async () => {
    const user = await createUser(app);
    const wrong = await app.client().post('/api/auth/login', { email: user.email, password: 'wrong password!!' });
    const nobody = await app.client().post('/api/auth/login', { email: uniqueEmail(), password: 'wrong password!!' });
    assert.equal(wrong.status, 401);
    assert.equal(nobody.status, 401);
    assert.equal(wrong.body.detail, nobody.body.detail);
  });

  test('login attempts are limited per account, with Retry-After', async () => {
    const user = await createUser(app);
    const limit = app.config.LOGIN_MAX_ATTEMPTS;
    for (let i = 0; i < limit; i++) {
      assert.equal((await app.client().post('/api/auth/login', { email: user.email, password: 'nope nope nope' })).status, 401);
    }
    const blocked = await app.client().post('/api/auth/login', { email: user.email, password: TEST_PASSWORD });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.code, 'RATE_LIMITED');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    app.clock.advance(16 * 60_000);
    assert.equal((await app.client().post('/api/auth/login', { email: user.email, password: TEST_PASSWORD })).status, 200);
  });

  test('revoking a session logs that device out at once', async () => {
    const user = await createUser(app);
    const phone = await loginAs(app, user);
    const laptop = await loginAs(app, user);
    const list = await laptop.get('/api/auth/sessions');
    assert.equal(list.body.sessions.length, 2);
    const phoneSession = list.body.sessions.find((s: { current: boolean }) => !s.current);
    assert.equal((await laptop.delete(`/api/auth/sessions/${phoneSession.id}`)).status, 204);
    assert.equal((await phone.get('/api/auth/me')).status, 401);
    assert.equal((await laptop.get('/api/auth/me')).status, 200);
  });

  test("someone else's session id is a 404 and stays alive", async () => {
    const a = await signedIn(app);
    const b = await signedIn(app);
    const bSessions = await b.client.get('/api/auth/sessions');
    const res = await a.client.delete(`/api/auth/sessions/${bSessions.body.sessions[0].id}`);
    assert.equal(res.status, 404);
    assert.equal((await b.client.get('/api/auth/me')).status, 200);
  });

  test('changing the password ends the other sessions and keeps this one', async () => {
    const user = await createUser(app);
    const other = await loginAs(app, user);
    const me = await loginAs(app, user);
    const bad = await me.post('/api/auth/change-password', {
      currentPassword: 'not my password',
      newPassword: 'a brand new passphrase',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'AUTH_PASSWORD_MISMATCH');
    const ok = await me.post('/api/auth/change-password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.endedSessions, 1);
    assert.equal((await other.get('/api/auth/me')).status, 401);
    assert.equal((await me.get('/api/auth/me')).status, 200);
    assert.equal(
      (await app.client().post('/api/auth/login', { email: user.email, password: 'a brand new passphrase' })).status,
      200,
    );
  });

  test('password reset by mailed link sets the new password and ends every session', async () => {
    const user = await createUser(app);
    const old = await loginAs(app, user);
    const asked = await app.client().post('/api/auth/forgot-password', { email: user.email });
    assert.equal(asked.status, 202);
    const unknown = await app.client().post('/api/auth/forgot-password', { email: uniqueEmail() });
    assert.equal(unknown.status, 202, 'unknown emails look the same');
    const mail = await lastMailTo(app, user.email);
    const token = new URL(mail.link!).searchParams.get('token')!;
    assert.equal((await app.client().post('/api/auth/reset-password', { token, password: 'short' })).status, 400);
    assert.equal(
      (await app.client().post('/api/auth/reset-password', { token, password: 'my new long passphrase' })).status,
      204,
    );
    assert.equal((await old.get('/api/auth/me')).status, 401);
    assert.equal(
      (await app.client().post('/api/auth/reset-password', { token, password: 'my new long passphrase' })).status,
      400,
    );
    assert.equal(
      (await app.client().post('/api/auth/login', { email: user.email, password: 'my new long passphrase' })).status,
      200,
    );
  });

  test('an expired reset link is refused', async () => {
    const user = await createUser(app);
    await app.client().post('/api/auth/forgot-password', { email: user.email });
    const token = new URL((await lastMailTo(app, user.email)).link!).searchParams.get('token')!;
    app.clock.advance(61 * 60_000);
    const res = await app.client().post('/api/auth/reset-password', { token, password: 'my new long passphrase' });
    assert.equal(res.body.code, 'AUTH_TOKEN_INVALID');
  });

  test('a cookie-authenticated write from another origin is refused (CSRF) and changes nothing', async () => {
    const { user, client } = await signedIn(app);
    const evil = app.client({ origin: 'https://evil.example' });
    evil.cookies.set('ps_session', client.cookies.get('ps_session')!);
    const res = await evil.post('/api/auth/change-password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'attacker chosen pass',
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'CSRF_ORIGIN_MISMATCH');
    const noOrigin = app.client({ origin: null });
    noOrigin.cookies.set('ps_session', client.cookies.get('ps_session')!);
    assert.equal((await noOrigin.post('/api/auth/logout')).status, 403);
    assert.equal((await app.client().post('/api/auth/login', { email: user.email, password: TEST_PASSWORD })).status, 200);
  });

  test('a forged session cookie is ignored', async () => {
    const c = app.client();
    c.cookies.set('ps_session', 'eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.forged');
    assert.equal((await c.get('/api/auth/me')).status, 401);
  });
});
