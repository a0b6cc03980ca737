/**
 * Issue 17 item 6: secrets in logs. A failed query's parameters (argon2 hashes, fresh invite codes) and the
 * capabilities in request URLs (`?invite=` codes, party tokens in /party/<token> and /api/parties/<token>/…) never
 * reach the log; ids do. Checked through the test app's log capture at trace level.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { bookedParty, uniqueEmail } from '../support/factories.ts';
import { redactUrl } from '../../src/logger.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z', logLevel: 'trace' });

const logSince = (from: number) => app.logLines.slice(from).join('\n');

test('party tokens and invite codes in request URLs are redacted; ids stay', async () => {
  const p = await bookedParty(app, { guests: ['Alex'] });
  const [invite] = p.invites;
  const from = app.logLines.length;
  const guest = app.client();
  assert.equal((await guest.get(`/api/parties/${p.token}?invite=${invite!.code}`)).status, 200);
  await guest.get(`/party/${p.token}?invite=${invite!.code}`);
  await guest.get(`/api/parties/${p.token}/calendar.ics?invite=${invite!.code}`);
  await p.host.client.delete(`/api/parties/${p.token}/invites/${invite!.id}`);
  const log = logSince(from);
  assert.match(log, /\/api\/parties\/\[redacted\]\?invite=\[redacted\]/);
  assert.match(log, /\/party\/\[redacted\]/);
  assert.ok(log.includes(invite!.id), 'the invite id (not a secret) is kept');
  assert.ok(!log.includes(p.token), 'a party token leaked into the log');
  assert.ok(!log.includes(invite!.code), 'an invite code leaked into the log');
});

test('a failed query is logged without its parameters (no argon2 hash, no invite code)', async () => {
  const { db } = app.deps.database;
  const p = await bookedParty(app, { guests: [] });
  const from = app.logLines.length;
  app.expectErrors();
  await db.execute(sql`alter table users rename to users_away`);
  try {
    const res = await app.client().post('/api/auth/register', {
      email: uniqueEmail('logs'),
      password: 'a-long-secret-passphrase',
      displayName: 'Log Test',
      role: 'host',
      acceptTerms: true,
    });
    assert.equal(res.status, 500);
  } finally {
    await db.execute(sql`alter table users_away rename to users`);
  }
  await db.execute(sql`alter table party_invites rename to party_invites_away`);
  try {
    assert.equal((await p.host.client.post(`/api/parties/${p.token}/invites`, { label: 'Bea' })).status, 500);
  } finally {
    await db.execute(sql`alter table party_invites_away rename to party_invites`);
  }
  const errors = app.logLines.slice(from).filter((l) => JSON.parse(l).level >= 50);
  assert.ok(errors.length >= 2, 'both failures were logged');
  const log = errors.join('\n');
  assert.match(log, /Failed query: insert into \\"users\\"/, 'the query itself is still logged');
  assert.match(log, /params: \[redacted\]/);
  assert.doesNotMatch(log, /\$argon2/, 'a password hash leaked into the log');
  assert.doesNotMatch(log, /params: (?!\[redacted\])/, 'query parameters leaked into the log');
  assert.doesNotMatch(log, /"params"/);
  assert.ok(!log.includes('a-long-secret-passphrase'));
  // The stored invite codes are 22 base64url characters; none may appear in the error lines.
  assert.doesNotMatch(log.replace(/"(id|reqId|instance)":"[^"]*"/g, ''), /[^A-Za-z0-9_-][A-Za-z0-9_-]{22}[^A-Za-z0-9_-]/);
});

test('redactUrl keeps ids, names and harmless parameters', () => {
  assert.equal(redactUrl('/api/djs?q=house&date=2026-12-04'), '/api/djs?q=house&date=2026-12-04');
  assert.equal(
    redactUrl('/api/bookings/0b6c1f0e-8f44-4a39-9d7e-2f1c4f7a9b10/pay'),
    '/api/bookings/0b6c1f0e-8f44-4a39-9d7e-2f1c4f7a9b10/pay',
  );
  assert.equal(
    redactUrl('/api/parties/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdE/setlist.csv'),
    '/api/parties/[redacted]/setlist.csv',
  );
  assert.equal(redactUrl('/verify?token=abc&next=/x'), '/verify?token=[redacted]&next=/x');
  assert.equal(redactUrl('/api/calendar/feed/AbCdEfGhIjKlMnOpQrStUv.ics'), '/api/calendar/feed/[redacted].ics');
});
