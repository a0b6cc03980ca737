/**
 * Issue 20, public pages: readable profile URLs (a unique slug per profile, kept on rename; the API answers by slug
 * or id), the sitemap of public pages (only DJs search lists: not suspended, removed, deleted or unbookable) and
 * robots.txt. The server-rendered HTML itself needs the built web app: e2e/public-pages.spec.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { createDj, djProfileBody, signedIn, signedInAdmin } from '../support/factories.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z', env: { PUBLIC_URL: 'https://party.example.com' } });

const text = async (path: string) => {
  const res = await fetch(app.url + path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
};
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

describe('profile slugs', () => {
  test('a profile gets a slug from its stage name and city; the same words again get a distinct one', async () => {
    const a = await createDj(app, { profile: { stageName: 'DJ Quinn', cityId: 'berlin' } });
    const b = await createDj(app, { profile: { stageName: 'DJ Quinn', cityId: 'berlin' } });
    assert.equal(a.profile.slug, 'dj-quinn-berlin');
    assert.match(String(b.profile.slug), /^dj-quinn-berlin-[0-9a-f]{8}$/);
    assert.equal(b.profile.slug, `dj-quinn-berlin-${b.profile.id.slice(0, 8)}`);
  });

  test('the API answers a profile by slug or by id, and a rename keeps the slug (shared links stay valid)', async () => {
    const dj = await createDj(app, { profile: { stageName: 'Señora Bässe', cityId: 'paris' } });
    assert.equal(dj.profile.slug, 'senora-basse-paris');
    const bySlug = await app.client().get('/api/djs/senora-basse-paris');
    assert.equal(bySlug.status, 200);
    assert.equal(bySlug.body.profile.id, dj.profile.id);
    assert.equal((await app.client().get(`/api/djs/${dj.profile.id}`)).body.profile.slug, 'senora-basse-paris');
    const renamed = await dj.client.put('/api/djs/me', djProfileBody({ stageName: 'Bässe', cityId: 'paris' }));
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.profile.slug, 'senora-basse-paris');
    assert.equal((await app.client().get('/api/djs/no-such-dj')).status, 404);
    const bad = await app.client().get('/api/djs/Not%20A%20Slug');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'params.id');
  });

  test('search cards carry the slug', async () => {
    const dj = await createDj(app, { profile: { stageName: 'Card Slug', cityId: 'lisbon' } });
    const items = (await app.client().get('/api/djs?q=Card')).body.items as { id: string; slug: string }[];
    assert.equal(items.find((i) => i.id === dj.profile.id)?.slug, 'card-slug-lisbon');
  });
});

describe('sitemap and robots.txt', () => {
  test('the sitemap lists the landing page, search and public DJs only — not suspended, removed or unbookable ones', async () => {
    const listed = await createDj(app, { profile: { stageName: 'Listed One', cityId: 'madrid' } });
    const suspended = await createDj(app, { profile: { stageName: 'Suspended One', cityId: 'madrid' } });
    const removed = await createDj(app, { profile: { stageName: 'Removed One', cityId: 'madrid' } });
    await createDj(app, { profile: { stageName: 'Unpaid One', cityId: 'madrid' }, payouts: false });
    const admin = await signedInAdmin(app);
    const s = await admin.client.post(`/api/admin/users/${suspended.user.id}/suspend`, { reason: 'Fake photos.' });
    assert.equal(s.status, 200, s.text);
    const host = await signedIn(app, 'host');
    const report = await host.client.post(`/api/moderation/profiles/${removed.profile.id}/reports`, { reason: 'Stolen photos.' });
    assert.equal(report.status, 201, report.text);
    const item = ((await admin.client.get('/api/admin/moderation')).body.items as { id: string; targetId: string }[]).find(
      (i) => i.targetId === removed.profile.id,
    )!;
    const rm = await admin.client.post(`/api/admin/moderation/profile/${item.id}/remove`, { reason: 'Stolen photos.' });
    assert.equal(rm.status, 204, rm.text);

    const res = await text('/sitemap.xml');
    assert.equal(res.status, 200);
    assert.match(res.type, /xml/);
    assert.match(res.body, /<urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
    const urls = locs(res.body);
    assert.ok(urls.includes('https://party.example.com/'), 'the landing page');
    assert.ok(urls.includes('https://party.example.com/djs'), 'search');
    assert.ok(urls.includes(`https://party.example.com/djs/${listed.profile.slug}`), 'a listed DJ by slug');
    for (const hidden of ['suspended-one-madrid', 'removed-one-madrid', 'unpaid-one-madrid'])
      assert.ok(!urls.some((u) => u.endsWith(`/djs/${hidden}`)), `${hidden} is not in the sitemap`);
    assert.ok(!urls.some((u) => u.includes(String(listed.profile.id))), 'no ids, only slugs');
  });

  test('robots.txt allows the public pages, keeps crawlers off private ones and names the sitemap', async () => {
    const res = await text('/robots.txt');
    assert.equal(res.status, 200);
    assert.match(res.type, /text\/plain/);
    assert.match(res.body, /^User-agent: \*$/m);
    assert.match(res.body, /^Disallow: \/api\/$/m);
    assert.match(res.body, /^Disallow: \/bookings$/m);
    assert.doesNotMatch(res.body, /^Disallow: \/djs/m);
    assert.match(res.body, /^Sitemap: https:\/\/party\.example\.com\/sitemap\.xml$/m);
  });
});
