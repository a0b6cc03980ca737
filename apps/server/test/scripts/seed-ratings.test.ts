import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { buildDeps } from '../../src/deps.ts';
import { OffsetClock } from '../../src/clock.ts';
import { createLogger } from '../../src/logger.ts';
import { startServer } from '../../src/server.ts';
import { seedDemo } from '../../src/scripts/seed/demo.ts';
import { DEMO_PASSWORD } from '../../src/scripts/seed/users.seed.ts';
import { TestClient } from '../support/client.ts';
import { createTempPostgres, testDbKind } from '../support/db.ts';
import { freePort } from '../support/port.ts';

// Issue 15, "shown by": after `npm run seed:demo`, every DJ's rating count equals its published reviews returned
// by the API. The seed runs through its own entry (what the npm script calls) on a temporary data folder (or a
// temporary Postgres database with TEST_DB=postgres), then a real server on that database answers the questions.
const dir = mkdtempSync(join(tmpdir(), 'ps-seed-'));
const pg = testDbKind === 'postgres' ? await createTempPostgres(process.env.TEST_DATABASE_URL!, 'ps_seed') : null;
after(async () => {
  await pg?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('after the demo seed, every DJ’s rating count equals its published reviews returned by the API', async () => {
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dir,
    DATABASE_URL: pg?.url,
    SESSION_SECRET: 'seed-test-secret-seed-test-secret-0123',
    WEB_DIST_DIR: '',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  });
  const log = createLogger('error');
  const ctx = await seedDemo(config, { log });
  const djEmails = [...ctx.users.keys()].filter((e) => e.endsWith('@dj.partystream.local'));
  assert.ok(djEmails.length >= 12, `a dozen demo DJs (got ${djEmails.length})`);

  const deps = await buildDeps(config, { clock: new OffsetClock(), log });
  const server = await startServer(deps, { port, host: '127.0.0.1', jobs: false });
  try {
    const search = (await new TestClient(server.url).get('/api/djs?pageSize=50')).body as {
      items: { id: string; rating: { count: number } }[];
    };
    let reviewed = 0;
    for (const email of djEmails) {
      const client = new TestClient(server.url);
      assert.equal((await client.post('/api/auth/login', { email, password: DEMO_PASSWORD })).status, 200, email);
      const mine = (await client.get('/api/djs/me')).body.profile as { id: string; rating: { count: number } } | null;
      if (!mine) continue;
      // Every published review, page by page, as anyone reads them.
      const ids = new Set<string>();
      let total = -1;
      for (let page = 1; ; page++) {
        const res: { status: number; text: string; body: { total: number; items: Record<string, string>[] } } = await client.get(
          `/api/reviews/djs/${mine.id}?page=${page}&pageSize=5`,
        );
        assert.equal(res.status, 200, res.text);
        total = res.body.total;
        for (const r of res.body.items) {
          assert.equal(r.status, 'published');
          assert.equal(r.direction, 'host_to_dj');
          ids.add(r.id!);
        }
        if (res.body.items.length < 5) break;
      }
      const profile = (await client.get(`/api/djs/${mine.id}`)).body.profile as { rating: { count: number } };
      assert.equal(ids.size, total, `${email}: the pages hold the total`);
      assert.equal(mine.rating.count, ids.size, `${email}: the DJ's own rating count = published reviews`);
      assert.equal(profile.rating.count, ids.size, `${email}: the public profile's count = published reviews`);
      const card = search.items.find((c) => c.id === mine.id);
      if (card) assert.equal(card.rating.count, ids.size, `${email}: the search card's count = published reviews`);
      if (ids.size) reviewed++;
    }
    assert.ok(reviewed >= 10, `most demo DJs have published reviews (got ${reviewed})`);
  } finally {
    await server.stop();
    await deps.close();
  }
});
