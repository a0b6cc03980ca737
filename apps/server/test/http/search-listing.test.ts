// Issue 15 bench work (decision 040): search reads one `listed` column and a kept count, and a card's facts come
// from the page's own statement. These check that the triggers keep both exact as DJs move in and out of search,
// and that the next open time read from the availability index matches the exact calendar.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type SQL } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { bookedParty, createDj, djProfileBody, signedIn, signedInAdmin } from '../support/factories.ts';

const app = useTestApp({ now: '2026-12-03T12:00:00Z' });

const rows = async <T>(q: SQL) => ((await app.deps.db.execute(q)) as unknown as { rows: T[] }).rows;

interface Card {
  id: string;
  nextOpenAt: string | null;
  partiesPlayed: number;
}

async function search(qs: string): Promise<{ ids: string[]; total: number; items: Card[] }> {
  const res = await app.client().get(`/api/djs?pageSize=50&${qs}`);
  assert.equal(res.status, 200, res.text);
  return { ids: res.body.items.map((c: Card) => c.id), total: res.body.total, items: res.body.items };
}

/** The unfiltered total, checked against the kept count and a real count of listed rows. */
async function listedTotal(): Promise<number> {
  const [kept] = await rows<{ n: number }>(sql`select listed as n from dj_listing_stats`);
  const [real] = await rows<{ n: number }>(sql`select count(*)::int as n from dj_profiles where listed`);
  assert.equal(Number(kept!.n), Number(real!.n), 'the kept count equals the listed rows');
  for (const sort of ['rating', 'price_asc', 'price_desc', 'relevance'])
    assert.equal((await search(`sort=${sort}`)).total, Number(real!.n), `total sorted by ${sort}`);
  return Number(real!.n);
}

describe('search: listed DJs and card facts', () => {
  test('payouts, suspension, reinstating and a moderators’ removal move a DJ in and out of search and of the total', async () => {
    const admin = await signedInAdmin(app);
    const lena = await createDj(app, { profile: { stageName: 'Listed Lena' } });
    const lars = await createDj(app, { profile: { stageName: 'Listed Lars' } });
    const uma = await createDj(app, { payouts: false, profile: { stageName: 'Unready Uma' } });
    const n = await listedTotal();
    const found = async (id: string) => {
      const [rating, price] = [await search('sort=rating'), await search('sort=price_desc')];
      assert.equal(rating.ids.includes(id), price.ids.includes(id));
      return rating.ids.includes(id);
    };
    assert.ok((await found(lena.profile.id)) && (await found(lars.profile.id)));
    assert.equal(await found(uma.profile.id), false, 'payouts not ready: not listed');

    // Only the triggers decide: a direct write is recomputed.
    await app.deps.db.execute(sql`update dj_profiles set listed = true where id = ${uma.profile.id}`);
    assert.equal(await found(uma.profile.id), false, 'a direct write to listed does not list a DJ');
    assert.equal(await listedTotal(), n);

    assert.equal((await admin.client.post(`/api/admin/users/${lena.user.id}/suspend`, { reason: 'Fake photos.' })).status, 200);
    assert.equal(await found(lena.profile.id), false, 'suspended: out of search');
    assert.equal(await listedTotal(), n - 1);
    assert.equal((await admin.client.post(`/api/admin/users/${lena.user.id}/reinstate`, { reason: 'Verified.' })).status, 200);
    assert.equal(await found(lena.profile.id), true, 'reinstated: back');
    assert.equal(await listedTotal(), n);

    const host = await signedIn(app, 'host');
    assert.equal(
      (await host.client.post(`/api/moderation/profiles/${lars.profile.id}/reports`, { reason: 'Stolen mix.' })).status,
      201,
    );
    const queue = (await admin.client.get('/api/admin/moderation')).body.items as {
      id: string;
      kind: string;
      targetId: string;
    }[];
    const item = queue.find((i) => i.kind === 'profile' && i.targetId === lars.profile.id)!;
    assert.equal((await admin.client.post(`/api/admin/moderation/profile/${item.id}/remove`, { reason: 'Stolen.' })).status, 204);
    assert.equal(await found(lars.profile.id), false, 'removed by moderators: out of search');
    assert.equal(await listedTotal(), n - 1);

    assert.equal((await uma.client.post('/api/payments/payout-account/onboarding')).status, 200);
    assert.equal(await found(uma.profile.id), true, 'payouts ready: listed');
    assert.equal(await listedTotal(), n);
  });

  test('the next open time comes from the availability index with bookings and buffer applied, and exactly without an index row', async () => {
    // Fri 4 Dec 19:00–22:00 UTC booked; the DJ works Fri/Sat 20:00–02:00 Berlin (19:00–01:00 UTC), 30 min buffer.
    const { dj } = await bookedParty(app);
    const card = async () => (await search('sort=rating')).items.find((c) => c.id === dj.profile.id)!;
    assert.equal((await card()).nextOpenAt, '2026-12-04T22:30:00.000Z', 'after the booking and its buffer');
    const [{ n }] = (await rows<{ n: number }>(
      sql`select count(*)::int as n from dj_open_windows where dj_profile_id = ${dj.profile.id}`,
    )) as [{ n: number }];
    assert.equal(n, 1, 'the DJ has an index row');
    // The card reads that row: edited by hand (Saturday only), the card follows it.
    await app.deps.db.execute(
      sql`update dj_open_windows set windows = '{[2026-12-05 19:00Z,2026-12-06 01:00Z)}' where dj_profile_id = ${dj.profile.id}`,
    );
    assert.equal((await card()).nextOpenAt, '2026-12-05T19:00:00.000Z', 'read from the index');
    // Without it the card is computed from the calendar, with the same answer.
    await app.deps.db.execute(sql`delete from dj_open_windows where dj_profile_id = ${dj.profile.id}`);
    assert.equal((await card()).nextOpenAt, '2026-12-04T22:30:00.000Z', 'the exact path agrees');
    // Saving the profile writes the row again; a longer notice is applied in SQL: Friday is too soon now.
    assert.equal((await dj.client.put('/api/djs/me', djProfileBody({ autoAccept: true, minNoticeHours: 48 }))).status, 200);
    assert.equal(
      (await rows<{ n: number }>(sql`select 1 as n from dj_open_windows where dj_profile_id = ${dj.profile.id}`)).length,
      1,
    );
    assert.equal((await card()).nextOpenAt, '2026-12-05T19:00:00.000Z');
  });
});
