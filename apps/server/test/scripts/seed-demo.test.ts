import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { openDatabase, pgliteDirFor, type Database } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';
import { seedDemo } from '../../src/scripts/seed/demo.ts';
import { runSeed, type SeedContext } from '../../src/scripts/seed/seed.ts';
import { SEED_STEPS } from '../../src/scripts/seed/steps.ts';
import { LIVE_DJ_EMAIL } from '../../src/scripts/seed/party.seed.ts';
import { DEMO_PASSWORD } from '../../src/scripts/seed/users.seed.ts';
import { DEMO_GALLERY_SIZE } from '../../src/scripts/seed/photos.seed.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { createTempPostgres, testDbKind } from '../support/db.ts';

// The seed runs once, through its own entry (what `npm run seed:demo` calls): it opens the database its config names
// — a PGlite data folder, or with TEST_DB=postgres a temporary Postgres database — migrates, seeds and closes it.
// Then a real server on that database answers the questions below (issue 15: ratings; issue 20: photos, prices).
const dir = mkdtempSync(join(tmpdir(), 'ps-seed-'));
const pg = testDbKind === 'postgres' ? await createTempPostgres(process.env.TEST_DATABASE_URL!, 'ps_seed') : null;
let seeded: SeedContext;
let database: Database | undefined;
let app: TestApp & { stop(): Promise<void> };

before(async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dir,
    DATABASE_URL: pg?.url,
    SESSION_SECRET: 'seed-test-secret-seed-test-secret-0123',
    WEB_DIST_DIR: '',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  });
  seeded = await seedDemo(config, { log: createLogger('error') });
  database = await openDatabase(pg ? { url: pg.url } : { pgliteDir: pgliteDirFor(dir) });
  app = await startTestApp({ database, env: { DATA_DIR: dir } }); // the seed's photos are files in its data folder
});
afterEach(() => {
  const logs = app?.errorLogs.splice(0) ?? [];
  assert.deepEqual(logs, [], 'no error logs');
});
after(async () => {
  await app?.stop();
  await database?.close();
  await pg?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run seed:demo', () => {
  test('fills an empty database with an admin, hosts and a dozen DJs whose printed logins work', async () => {
    const ctx = seeded;
    const byRole = (r: string) => ctx.logins.filter((l) => l.role === r);
    assert.deepEqual(
      byRole('admin').map((l) => l.email),
      ['admin@partystream.local'],
    );
    assert.ok(byRole('host').length >= 2, 'hosts are listed');
    assert.ok(byRole('dj').length >= 1, 'a DJ login is listed');
    for (const l of ctx.logins) {
      const res = await app.client().post('/api/auth/login', { email: l.email, password: l.password });
      assert.equal(res.status, 200, `${l.email} can log in with the printed password`);
      assert.equal(res.body.user.role, l.role);
    }
    const djs = await app.client().get('/api/djs?pageSize=50');
    assert.equal(djs.status, 200);
    assert.ok(djs.body.total >= 12, `a dozen DJs are listed in search (got ${djs.body.total})`);
    const currencies = new Set(djs.body.items.map((d: { price: { currency: string } }) => d.price.currency));
    assert.ok(currencies.size >= 4, 'DJs span several currencies');

    // Issue 20: every card and profile has a photo the demo owns (generated at seed time), and a gallery.
    const photos = new Set<string>();
    for (const d of djs.body.items as { id: string; stageName: string; photoUrl: string | null }[]) {
      assert.ok(d.photoUrl, `${d.stageName} has a photo on their card`);
      photos.add(d.photoUrl);
      const profile = (await app.client().get(`/api/djs/${d.id}`)).body.profile;
      assert.equal(profile.gallery.length, DEMO_GALLERY_SIZE, `${d.stageName} has a gallery`);
    }
    assert.equal(photos.size, djs.body.items.length, 'each DJ has their own photo');
    const img = await fetch(app.url + [...photos][0]);
    assert.equal(img.headers.get('content-type'), 'image/webp');

    // Ratings come only from published reviews (issue 15): each DJ's count is the reviews the API returns.
    let reviewed = 0;
    for (const d of djs.body.items as { id: string; rating: { count: number; average: number | null } }[]) {
      const page = (await app.client().get(`/api/reviews/djs/${d.id}?pageSize=50`)).body;
      assert.equal(d.rating.count, page.total, `${d.id}: rating count = published reviews`);
      assert.equal(page.summary.count, page.total);
      assert.equal(
        page.summary.histogram.reduce((a: number, b: number) => a + b, 0),
        page.total,
      );
      if (page.total) {
        reviewed++;
        const mean = page.items.reduce((a: number, r: { stars: number }) => a + r.stars, 0) / page.items.length;
        assert.equal(page.summary.average, Math.round(mean * 100) / 100, 'the average is the mean of the published stars');
      }
    }
    assert.ok(reviewed >= 10, `most demo DJs have reviews (got ${reviewed})`);

    // A party within the hour: the demo DJ may go live now (soundcheck) and the printed guest link gets in.
    const links = ctx.notes.join('\n');
    const token = /\/party\/([\w-]+)\/live/.exec(links)?.[1];
    const invite = /\?invite=([\w-]+)/.exec(links)?.[1];
    assert.ok(token && invite, links);
    const dj = app.client();
    assert.equal((await dj.post('/api/auth/login', { email: LIVE_DJ_EMAIL, password: DEMO_PASSWORD })).status, 200);
    assert.equal((await dj.get(`/api/streams/${token}/publish-credentials`)).status, 200, 'inside the soundcheck window');
    assert.equal(
      (await app.client().get(`/api/parties/${token}?invite=${invite}`)).status,
      200,
      'the guest link opens the party',
    );
  });

  test('issue 20: demo prices respect each currency’s exponent (no “¥2,200,000 / hour”)', async () => {
    const items = (await app.client().get('/api/djs?pageSize=50&currency=EUR')).body.items as {
      stageName: string;
      price: { amountMinor: number; currency: string; unit: string };
      priceInSearchCurrency: { amountMinor: number };
    }[];
    const hiro = items.find((d) => d.price.currency === 'JPY');
    assert.ok(hiro, 'a DJ prices in yen');
    assert.deepEqual(hiro.price, { amountMinor: 22000, currency: 'JPY', unit: 'hour' }, '¥22,000 / hour');
    for (const d of items) {
      const eur = d.priceInSearchCurrency.amountMinor / 100;
      const [lo, hi] = d.price.unit === 'hour' ? [40, 600] : [200, 3000];
      assert.ok(eur >= lo && eur <= hi, `${d.stageName}: ≈ €${eur} per ${d.price.unit} is a believable price`);
    }
  });

  test('issue 15: every DJ’s rating count equals its published reviews, read page by page as anyone reads them', async () => {
    const search = (await app.client().get('/api/djs?pageSize=50')).body as {
      items: { id: string; rating: { count: number } }[];
    };
    const djEmails = [...seeded.users.keys()].filter((e) => e.endsWith('@dj.partystream.local'));
    assert.ok(djEmails.length >= 12, `a dozen demo DJs (got ${djEmails.length})`);
    let reviewed = 0;
    for (const email of djEmails) {
      const client = new TestClient(app.url);
      assert.equal((await client.post('/api/auth/login', { email, password: DEMO_PASSWORD })).status, 200, email);
      const mine = (await client.get('/api/djs/me')).body.profile as { id: string; rating: { count: number } } | null;
      if (!mine) continue;
      const ids = new Set<string>();
      let total: number | undefined;
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
  });

  test('running it again changes nothing', async () => {
    const total = (await app.client().get('/api/djs?pageSize=50')).body.total;
    const again = await runSeed(app.deps, SEED_STEPS);
    assert.deepEqual([...again.users], [...seeded.users], 'the same users, same ids');
    assert.equal((await app.client().get('/api/djs?pageSize=50')).body.total, total);
    // The printed links start with the address the server is known by (here the test app's, there the config's).
    const party = (notes: string[]) => notes.map((n) => n.replace(/https?:\/\/[^/\s]+/g, '<origin>'));
    assert.deepEqual(party(again.notes), party(seeded.notes), 'the same demo party, not a second one');
  });
});
