/**
 * Decision 029 (issue 17): the abuse limits hold across server processes. Two servers that share one Postgres
 * (TEST_DATABASE_URL) or one Redis (TEST_REDIS_URL) enforce one budget between them; the embedded default counts in
 * memory, per process — the control below shows that two such servers each allow the full budget, so the shared
 * cases cannot pass by accident. Every test app gets its own RATE_LIMIT_PREFIX (test/support/app.ts), and the peer
 * shares it, so runs never meet in a shared store.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { startTestApp } from '../support/app.ts';
import { openTempPostgres, testDbKind } from '../support/db.ts';
import { uniqueEmail } from '../support/factories.ts';
import type { Database } from '../../src/db/client.ts';

type App = Awaited<ReturnType<typeof startTestApp>>;
const pgUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const apps: App[] = [];
const databases: Database[] = [];
after(async () => {
  for (const a of apps.reverse()) await a.stop();
  for (const d of databases) await d.close();
});

const env = { TRUST_PROXY: 'true' };
const register = (app: App, ip: string) =>
  app.client().post(
    '/api/auth/register',
    {
      email: uniqueEmail('shared'),
      password: 'a-long-enough-password',
      displayName: 'Shared',
      role: 'host',
      acceptTerms: true,
    },
    { 'X-Forwarded-For': ip },
  );

/** Ten sign-ups from one address alternate between the servers; the eleventh is refused on both. */
async function oneBudgetBetween(a: App, b: App) {
  const ip = '198.51.100.23';
  for (let i = 0; i < 10; i++) assert.equal((await register(i % 2 ? b : a, ip)).status, 201, `sign-up ${i + 1}`);
  for (const app of [a, b]) {
    const refused = await register(app, ip);
    assert.equal(refused.status, 429, 'the budget is spent on both servers');
    assert.equal(refused.body.code, 'RATE_LIMITED');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
  }
  assert.equal((await register(b, '198.51.100.24')).status, 201, 'another address has its own budget');
}

describe('abuse limits across two server processes', () => {
  const embedded = testDbKind === 'pglite' || 'the control needs the embedded PGlite default (TEST_DB=postgres here)';
  test(
    'embedded (control): each PGlite server counts in memory for itself',
    { skip: embedded !== true && embedded },
    async () => {
      const a = await startTestApp({ env });
      apps.push(a);
      // A peer on the same PGlite (one database load): the counts in memory are what this control is about.
      const b = await startTestApp({ env, peerOf: a });
      apps.push(b);
      assert.equal(a.deps.limits.store, 'memory');
      for (const app of [a, b])
        for (let i = 0; i < 10; i++) assert.equal((await register(app, '198.51.100.9')).status, 201, `sign-up ${i + 1}`);
      assert.equal((await register(a, '198.51.100.9')).status, 429);
    },
  );

  test('one Postgres: the two servers share one budget', { skip: !pgUrl && 'TEST_DATABASE_URL not set' }, async () => {
    const database = await openTempPostgres(pgUrl!, { poolSize: 10 });
    databases.push(database);
    const a = await startTestApp({ env, database });
    apps.push(a);
    const b = await startTestApp({ env, peerOf: a });
    apps.push(b);
    assert.equal(a.deps.limits.store, 'postgres');
    await oneBudgetBetween(a, b);
  });

  test(
    'one Redis: the two servers share one budget, kept in Redis',
    { skip: !redisUrl && 'TEST_REDIS_URL not set' },
    async () => {
      const a = await startTestApp({ env: { ...env, REDIS_URL: redisUrl! } });
      apps.push(a);
      const b = await startTestApp({ env: { ...env, REDIS_URL: redisUrl! }, peerOf: a });
      apps.push(b);
      assert.equal(a.deps.limits.store, 'redis');
      assert.equal(b.config.RATE_LIMIT_PREFIX, a.config.RATE_LIMIT_PREFIX);
      await oneBudgetBetween(a, b);
      // The count is in Redis under this run's prefix, not in the database.
      const redis = createClient({ url: redisUrl });
      await redis.connect();
      try {
        assert.equal(await redis.get(`${a.config.RATE_LIMIT_PREFIX}:register:198.51.100.23`), '12');
        assert.ok((await redis.pTTL(`${a.config.RATE_LIMIT_PREFIX}:register:198.51.100.23`)) > 0, 'the key expires');
      } finally {
        await redis.quit();
      }
    },
  );
});
