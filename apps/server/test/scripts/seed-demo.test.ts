import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { runSeed } from '../../src/scripts/seed/seed.ts';
import { SEED_STEPS } from '../../src/scripts/seed/steps.ts';
import { LIVE_DJ_EMAIL } from '../../src/scripts/seed/party.seed.ts';
import { DEMO_PASSWORD } from '../../src/scripts/seed/users.seed.ts';
import { DEMO_GALLERY_SIZE } from '../../src/scripts/seed/photos.seed.ts';

const app = useTestApp();

describe('npm run seed:demo', () => {
  test('fills an empty database with an admin, hosts and a dozen DJs whose printed logins work', async () => {
    const ctx = await runSeed(app.deps, SEED_STEPS);
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
    await runSeed(app.deps, SEED_STEPS);
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

  test('running it again changes nothing', async () => {
    const before = await runSeed(app.deps, SEED_STEPS);
    const total = (await app.client().get('/api/djs?pageSize=50')).body.total;
    const again = await runSeed(app.deps, SEED_STEPS);
    assert.deepEqual([...again.users], [...before.users], 'the same users, same ids');
    assert.equal((await app.client().get('/api/djs?pageSize=50')).body.total, total);
    assert.deepEqual(again.notes, before.notes, 'the same demo party, not a second one');
  });
});
