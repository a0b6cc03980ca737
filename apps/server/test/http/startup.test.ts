import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig, ConfigError } from '../../src/config.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** The settings loadConfig names as wrong for this environment (none: it loads). */
function configIssues(env: Record<string, string>): { name: string; message: string }[] {
  try {
    loadConfig({ DATA_DIR: '/tmp/ps-startup-test', ...env });
    return [];
  } catch (e) {
    return (e as ConfigError).issues;
  }
}

function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: '/tmp/ps-startup-test', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Loading main.ts through tsx takes seconds on a busy 2-core machine; a config error exits long before this.
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('start-up configuration', () => {
  test('an invalid setting stops the server with its name and what is expected', async () => {
    const { code, stderr } = await runMain({ PORT: 'abc' });
    assert.notEqual(code, 0);
    assert.match(stderr, /PORT: expected a port number/);
  });

  test('SMTP without SMTP_URL and a short secret are both named', async () => {
    const { code, stderr } = await runMain({ MAIL_PROVIDER: 'smtp', SESSION_SECRET: 'short' });
    assert.notEqual(code, 0);
    assert.match(stderr, /SMTP_URL: required when MAIL_PROVIDER=smtp/);
    assert.match(stderr, /SESSION_SECRET: expected at least 32 characters/);
    assert.doesNotMatch(stderr, /short/, 'secret values are never echoed');
  });

  test('production refuses to start without a session secret and public URL', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.issues.some((i) => i.name === 'SESSION_SECRET') &&
        e.issues.some((i) => i.name === 'PUBLIC_URL'),
    );
  });

  test('Stripe needs a publishable key of the same mode as the secret key; a secret key is refused there', () => {
    const base = {
      DATA_DIR: '/tmp/ps-startup-test',
      PAYMENTS_PROVIDER: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
    };
    const issues = configIssues;
    assert.deepEqual(issues(base), [{ name: 'STRIPE_PUBLISHABLE_KEY', message: 'required when PAYMENTS_PROVIDER=stripe' }]);
    const wrong = issues({ ...base, STRIPE_PUBLISHABLE_KEY: 'sk_test_abc' });
    assert.equal(wrong[0]?.name, 'STRIPE_PUBLISHABLE_KEY');
    assert.ok(!wrong[0]?.message.includes('sk_test_abc'), 'a secret pasted into the wrong setting is not echoed');
    assert.match(issues({ ...base, STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' })[0]!.message, /test and live keys do not match/);
    assert.equal(loadConfig({ ...base, STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' }).STRIPE_PUBLISHABLE_KEY, 'pk_test_abc');
  });

  test('SFU_FORWARD_WORKERS takes a whole number from 0 to 32 and names itself otherwise', () => {
    const issue = (v: string) => configIssues({ SFU_FORWARD_WORKERS: v })[0];
    assert.equal(issue('2'), undefined);
    assert.equal(issue('two')?.name, 'SFU_FORWARD_WORKERS');
    assert.match(issue('1.5')!.message, /whole number/);
    assert.equal(issue('33')?.name, 'SFU_FORWARD_WORKERS');
    assert.equal(loadConfig({ DATA_DIR: '/tmp/ps-startup-test', SFU_FORWARD_WORKERS: '0' }).SFU_FORWARD_WORKERS, 0);
  });

  test('SFU_VIDEO_PLAYOUT_DELAY takes MIN-MAX in ms or off, and says what is wrong', () => {
    const issue = (v: string) => configIssues({ SFU_VIDEO_PLAYOUT_DELAY: v })[0];
    assert.equal(issue('0-100'), undefined);
    assert.equal(issue('off'), undefined);
    assert.match(issue('100')!.message, /MIN-MAX/);
    assert.match(issue('200-100')!.message, /MIN must not be above MAX/);
    assert.match(issue('0-50000')!.message, /at most 40950/);
    assert.equal(loadConfig({ DATA_DIR: '/tmp/ps-startup-test' }).SFU_VIDEO_PLAYOUT_DELAY, '0-0');
  });

  test('STUN/TURN settings: URLs are checked, TURN needs its secret, and the secret is never echoed', () => {
    const issues = configIssues;
    assert.deepEqual(issues({ SFU_TURN_URLS: 'turn:turn.example.net:3478' }), [
      { name: 'SFU_TURN_SECRET', message: 'required when SFU_TURN_URLS is set' },
    ]);
    assert.equal(issues({ SFU_STUN_URLS: 'http://stun.example.net' })[0]?.name, 'SFU_STUN_URLS');
    assert.equal(issues({ SFU_TURN_URLS: 'stun:x.example.net', SFU_TURN_SECRET: 'x'.repeat(20) })[0]?.name, 'SFU_TURN_URLS');
    const short = issues({ SFU_TURN_URLS: 'turn:t.example.net', SFU_TURN_SECRET: 'tiny-secret' });
    assert.equal(short[0]?.name, 'SFU_TURN_SECRET');
    assert.ok(!short[0]!.message.includes('tiny-secret'));
    const ok = loadConfig({
      DATA_DIR: '/tmp/ps-startup-test',
      SFU_STUN_URLS: 'stun:a.example.net:3478, stun:b.example.net',
      SFU_TURN_URLS: 'turns:t.example.net:443?transport=tcp',
      SFU_TURN_SECRET: 'x'.repeat(20),
    });
    assert.deepEqual(ok.SFU_STUN_URLS, ['stun:a.example.net:3478', 'stun:b.example.net']);
    assert.deepEqual(loadConfig({ DATA_DIR: '/tmp/ps-startup-test' }).SFU_TURN_URLS, []);
  });

  test('defaults need nothing: embedded database, outbox mail, port 3000', () => {
    const c = loadConfig({ DATA_DIR: '/tmp/ps-startup-test' });
    assert.equal(c.PORT, 3000);
    assert.equal(c.DATABASE_URL, undefined);
    assert.equal(c.MAIL_PROVIDER, 'outbox');
    assert.ok(c.SESSION_SECRET.length >= 32);
  });
});
