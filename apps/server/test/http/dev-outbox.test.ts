/**
 * Issue 17 item 2: the dev outbox holds every mailed link (password resets included), so a stranger must never
 * read it. Off unless DEV_OUTBOX=true; then only from this machine, never through a proxy; never in production.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { isDirectLoopback } from '../../src/http/loopback.ts';
import { createUser } from '../support/factories.ts';

describe('a server started the way `npm start` starts it (development, no DEV_OUTBOX)', () => {
  let app: TestApp & { stop(): Promise<void> };
  before(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'development', DEV_OUTBOX: '' } });
  });
  after(() => app.stop());

  test('a stranger who asks for a password reset cannot read the reset link', async () => {
    const victim = await createUser(app);
    const stranger = app.client();
    assert.ok((await stranger.post('/api/auth/forgot-password', { email: victim.email })).status < 300);
    const res = await stranger.get(`/api/dev/outbox?to=${encodeURIComponent(victim.email)}`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.text, /token=/);
    assert.equal((await stranger.get('/api/config')).body.devOutbox, false);
    // The mail was still written (to the outbox table), just not served.
    const mails = await (app.deps.mail as unknown as { list(o: { to: string; limit: number }): Promise<unknown[]> }).list({
      to: victim.email,
      limit: 5,
    });
    assert.equal(mails.length, 1);
  });
});

describe('DEV_OUTBOX=true', () => {
  let app: TestApp & { stop(): Promise<void> };
  before(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'development', DEV_OUTBOX: 'true' } });
  });
  after(() => app.stop());

  test('serves the outbox to a caller on this machine', async () => {
    const user = await createUser(app);
    await app.client().post('/api/auth/forgot-password', { email: user.email });
    const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(user.email)}`);
    assert.equal(res.status, 200);
    assert.match(res.body.messages[0].text, /token=/);
    assert.equal((await app.client().get('/api/config')).body.devOutbox, true);
  });

  test('refuses a request that came through a proxy (forwarding headers), even over loopback', async () => {
    const user = await createUser(app);
    await app.client().post('/api/auth/forgot-password', { email: user.email });
    const proxied: Record<string, string>[] = [
      { 'X-Forwarded-For': '203.0.113.9' },
      { Forwarded: 'for=203.0.113.9' },
      { 'X-Real-IP': '203.0.113.9' },
    ];
    for (const h of proxied) {
      const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(user.email)}`, h);
      assert.equal(res.status, 403, JSON.stringify(h));
      assert.equal(res.body.code, 'FORBIDDEN');
      assert.doesNotMatch(res.text, /token=/);
    }
  });
});

describe('DEV_OUTBOX settings', () => {
  const base = { SESSION_SECRET: 'x'.repeat(32), PUBLIC_URL: 'https://party.example.com', DATA_DIR: '/tmp' };
  test('is refused in production and with SMTP, naming the setting', () => {
    assert.throws(
      () => loadConfig({ ...base, NODE_ENV: 'production', DEV_OUTBOX: 'true' }),
      (e: unknown) => e instanceof ConfigError && e.issues.some((i) => i.name === 'DEV_OUTBOX'),
    );
    assert.throws(
      () => loadConfig({ ...base, MAIL_PROVIDER: 'smtp', SMTP_URL: 'smtp://localhost:25', DEV_OUTBOX: 'true' }),
      (e: unknown) => e instanceof ConfigError && e.issues.some((i) => i.name === 'DEV_OUTBOX'),
    );
    assert.equal(loadConfig({ ...base }).DEV_OUTBOX, false);
  });
});

test('only a loopback peer without proxy headers counts as this machine', () => {
  const req = (remoteAddress: string, headers: Record<string, string> = {}) =>
    ({ socket: { remoteAddress }, headers }) as unknown as Parameters<typeof isDirectLoopback>[0];
  assert.equal(isDirectLoopback(req('127.0.0.1')), true);
  assert.equal(isDirectLoopback(req('::1')), true);
  assert.equal(isDirectLoopback(req('::ffff:127.0.0.1')), true);
  for (const peer of ['192.0.2.2', '::ffff:10.0.0.1', '2001:db8::1', '']) assert.equal(isDirectLoopback(req(peer)), false, peer);
  assert.equal(isDirectLoopback(req('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })), false);
});
