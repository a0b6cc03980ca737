import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { buildDeps, type Deps } from '../../src/deps.ts';
import { ManualClock } from '../../src/clock.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { SESSION_COOKIE } from '../../src/http/session.ts';
import { openTestDatabase } from '../support/db.ts';
import { freePort } from '../support/port.ts';
import { TestClient } from '../support/client.ts';
import { uniqueEmail } from '../support/factories.ts';

describe('logs', () => {
  test('passwords, tokens, cookies and secrets are redacted', () => {
    let out = '';
    const log = createLogger('info', new Writable({ write: (c, _e, cb) => ((out += c), cb()) }));
    log.info(
      {
        body: { email: 'a@b.c', password: 'hunter2hunter2' },
        token: 'tok-123',
        headers: { cookie: 'ps_session=abc', authorization: 'Bearer sk' },
        stripe: { secret: 'sk_live_x' },
      },
      'request',
    );
    assert.match(out, /a@b\.c/);
    for (const secret of ['hunter2hunter2', 'tok-123', 'ps_session=abc', 'Bearer sk', 'sk_live_x'])
      assert.doesNotMatch(out, new RegExp(secret));
    assert.match(out, /\[redacted\]/);
  });
});

/**
 * The whole account journey through a real server logging at trace level: no password, session token,
 * mailed token or cookie value may appear anywhere in what was written.
 */
describe('request logs of a real server', () => {
  let out = '';
  let server: RunningServer | undefined;
  let deps: Deps | undefined;

  before(async () => {
    const port = await freePort();
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      SESSION_SECRET: 'log-secret-log-secret-log-secret-012345',
      WEB_DIST_DIR: '',
      JOBS_ENABLED: 'false',
      DEV_OUTBOX: 'true',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    const log = createLogger('trace', new Writable({ write: (c, _e, cb) => ((out += c), cb()) }));
    deps = await buildDeps(config, { database: await openTestDatabase(), clock: new ManualClock(new Date()), log });
    server = await startServer(deps, { port, host: '127.0.0.1', jobs: false });
  });

  after(async () => {
    await server?.stop();
    await deps?.close();
  });

  test('passwords, session cookies and mailed tokens never reach the log', async () => {
    const base = server!.url;
    const c = new TestClient(base);
    const email = uniqueEmail('logs');
    const secrets = ['first-secret-passphrase', 'second-secret-passphrase', 'third-secret-passphrase', 'tiny-pw-9'];
    assert.equal(
      (
        await c.post('/api/auth/register', {
          email,
          password: 'tiny-pw-9',
          displayName: 'Log Test',
          role: 'host',
          acceptTerms: true,
        })
      ).status,
      400,
    );
    assert.equal(
      (
        await c.post('/api/auth/register', {
          email,
          password: secrets[0],
          displayName: 'Log Test',
          role: 'host',
          acceptTerms: true,
        })
      ).status,
      201,
    );
    secrets.push(c.cookies.get(SESSION_COOKIE)!);
    const verifyLink = (
      await new TestClient(base).get(`/api/dev/outbox?to=${encodeURIComponent(email)}`)
    ).body.messages[0].text.match(/token=([\w-]+)/)[1];
    secrets.push(verifyLink);
    assert.equal((await c.post('/api/auth/verify-email', { token: verifyLink })).status, 200);
    assert.equal(
      (await c.post('/api/auth/change-password', { currentPassword: secrets[0], newPassword: secrets[1] })).status,
      200,
    );
    secrets.push(c.cookies.get(SESSION_COOKIE)!);
    await c.post('/api/auth/logout');
    assert.equal((await c.post('/api/auth/login', { email, password: 'wrong-password-in-log' })).status, 401);
    secrets.push('wrong-password-in-log');
    assert.ok((await c.post('/api/auth/forgot-password', { email })).status < 300);
    const resetToken = (
      await new TestClient(base).get(`/api/dev/outbox?to=${encodeURIComponent(email)}`)
    ).body.messages[0].text.match(/token=([\w-]+)/)[1];
    secrets.push(resetToken);
    assert.ok((await c.post('/api/auth/reset-password', { token: resetToken, password: secrets[2] })).status < 300);
    assert.equal((await c.post('/api/auth/login', { email, password: secrets[2] })).status, 200);
    secrets.push(c.cookies.get(SESSION_COOKIE)!);
    await c.get(`/api/nothing-here?token=${resetToken}`, { Authorization: 'Bearer header-secret-value' });
    secrets.push('header-secret-value');
    await c.request('POST', '/api/auth/login', {
      raw: `{"email":"${email}","password":"${secrets[2]}"`,
      headers: { 'Content-Type': 'application/json' },
    });

    assert.match(out, /\/api\/auth\/login/, 'requests were logged');
    assert.ok(out.split('\n').length > 10, 'the log has one line per request at least');
    for (const s of secrets) assert.ok(s && s.length >= 8 && !out.includes(s), `a secret leaked into the log: ${s.slice(0, 4)}…`);
  });
});
