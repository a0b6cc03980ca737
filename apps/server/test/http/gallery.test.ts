/** Issue 20: a DJ's profile gallery — several photos through the storage provider, with a limit and removal. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { GALLERY_MAX } from '@partystream/shared/dj/dj.schemas';
import { useTestApp } from '../support/app.ts';
import { createDj, signedIn } from '../support/factories.ts';
import type { TestClient } from '../support/client.ts';

const app = useTestApp();

function headers(client: TestClient): Record<string, string> {
  return { Origin: client.baseUrl, Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
}

async function addPhoto(client: TestClient, bytes: Buffer) {
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'party.png');
  const res = await fetch(`${client.baseUrl}/api/djs/me/gallery`, { method: 'POST', body: form, headers: headers(client) });
  return { status: res.status, body: await res.json() };
}

const png = (w: number, h: number, background = '#22d3ee') =>
  sharp({ create: { width: w, height: h, channels: 3, background } })
    .png()
    .toBuffer();

describe('DJ gallery', () => {
  test('photos keep their shape (long side ≤ 1600 px), appear on the public profile in order, and can be removed', async () => {
    const { client, profile } = await createDj(app);
    const first = await addPhoto(client, await png(2400, 1200));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const second = await addPhoto(client, await png(300, 500, '#ff4fd8'));
    assert.equal(second.status, 201);
    const gallery: { id: string; url: string }[] = second.body.profile.gallery;
    assert.equal(gallery.length, 2);
    assert.match(gallery[0]!.url, /^\/api\/files\/dj-gallery\/[0-9a-f-]+\/[0-9a-f]{24}\.webp$/);

    const big = await sharp(Buffer.from(await (await fetch(app.url + gallery[0]!.url)).arrayBuffer())).metadata();
    assert.deepEqual([big.format, big.width, big.height], ['webp', 1600, 800], 'scaled down, not cropped');
    const small = await sharp(Buffer.from(await (await fetch(app.url + gallery[1]!.url)).arrayBuffer())).metadata();
    assert.deepEqual([small.width, small.height], [300, 500], 'never enlarged');

    const pub = await app.client().get(`/api/djs/${profile.id}`);
    assert.deepEqual(pub.body.profile.gallery, gallery, 'the public profile shows the same photos in the same order');

    const del = await fetch(`${app.url}/api/djs/me/gallery/${gallery[0]!.id}`, { method: 'DELETE', headers: headers(client) });
    assert.equal(del.status, 204);
    assert.equal((await fetch(app.url + gallery[0]!.url)).status, 404, 'the file is gone');
    const after = await app.client().get(`/api/djs/${profile.id}`);
    assert.deepEqual(
      after.body.profile.gallery.map((g: { id: string }) => g.id),
      [gallery[1]!.id],
    );
  });

  test(`a gallery holds at most ${GALLERY_MAX} photos, even when the last places are raced for`, async () => {
    const { client } = await createDj(app);
    const img = await png(200, 200);
    for (let i = 0; i < GALLERY_MAX - 2; i++) assert.equal((await addPhoto(client, img)).status, 201);
    // Four uploads at once for the last two places: exactly two win.
    const raced = await Promise.all([1, 2, 3, 4].map(() => addPhoto(client, img)));
    assert.deepEqual(raced.map((r) => r.status).sort(), [201, 201, 409, 409]);
    const full = raced.find((r) => r.status === 409)!;
    assert.equal(full.body.code, 'DJ_GALLERY_FULL');
    const mine = await client.get('/api/djs/me');
    assert.equal(mine.body.profile.gallery.length, GALLERY_MAX);
  });

  test('hosts and DJs without a profile cannot add photos; nobody removes another DJ’s photo', async () => {
    const img = await png(200, 200);
    const host = await signedIn(app, 'host');
    assert.equal((await addPhoto(host.client, img)).status, 403);
    const bare = await signedIn(app, 'dj');
    assert.equal((await addPhoto(bare.client, img)).status, 409);

    const owner = await createDj(app);
    const photo = (await addPhoto(owner.client, img)).body.profile.gallery[0] as { id: string; url: string };
    const other = await createDj(app);
    const res = await fetch(`${app.url}/api/djs/me/gallery/${photo.id}`, { method: 'DELETE', headers: headers(other.client) });
    assert.equal(res.status, 404);
    assert.equal((await fetch(app.url + photo.url)).status, 200, 'still there');
    const bad = await fetch(`${app.url}/api/djs/me/gallery/..%2F..%2Fx`, { method: 'DELETE', headers: headers(other.client) });
    assert.equal(bad.status, 400);
    assert.equal((await addPhoto(owner.client, Buffer.from('not an image at all, just text'))).status, 422);
  });
});
