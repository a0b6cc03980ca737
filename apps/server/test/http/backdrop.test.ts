/** Issue 19 (PRD 3.2): the DJ's virtual-background image — stored through the storage provider like profile photos. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { useTestApp } from '../support/app.ts';
import { createDj, signedIn } from '../support/factories.ts';
import type { TestClient } from '../support/client.ts';

const MAX = 200_000;
const app = useTestApp({ env: { UPLOAD_MAX_BYTES: String(MAX), NODE_ENV: 'test' } });

function headers(client: TestClient): Record<string, string> {
  return { Origin: client.baseUrl, Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
}

async function put(client: TestClient, bytes: Buffer, field = 'image') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'backdrop.png');
  const res = await fetch(`${client.baseUrl}/api/djs/me/backdrop`, { method: 'PUT', body: form, headers: headers(client) });
  return { status: res.status, type: res.headers.get('content-type'), body: res.status === 204 ? null : await res.json() };
}

const get = (client: TestClient) => fetch(`${client.baseUrl}/api/djs/me/backdrop`, { headers: headers(client) });

describe('DJ backdrop (virtual background)', () => {
  test('a DJ uploads an image: stored as a 1280×720 WebP, served to that DJ only, replaced and removed', async () => {
    const { client } = await createDj(app);
    assert.equal((await get(client)).status, 404, 'nothing before an upload');
    const png = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#1e40ff' } })
      .png()
      .toBuffer();
    const up = await put(client, png);
    assert.equal(up.status, 204, JSON.stringify(up.body));
    const res = await get(client);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/webp');
    assert.match(res.headers.get('cache-control') ?? '', /private/);
    const img = sharp(Buffer.from(await res.arrayBuffer()));
    const meta = await img.metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 1280, 720], 'cut to fill the camera frame');
    const { dominant } = await img.stats();
    assert.ok(dominant.b > 200 && dominant.r < 80, `the uploaded colour survives: ${JSON.stringify(dominant)}`);

    const other = await createDj(app);
    assert.equal((await get(other.client)).status, 404, 'another DJ does not see it');

    const red = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ff0000' } })
      .jpeg()
      .toBuffer();
    assert.equal((await put(client, red)).status, 204);
    const after = await sharp(Buffer.from(await (await get(client)).arrayBuffer())).stats();
    assert.ok(after.dominant.r > 200, 'a new upload replaces the old one');

    const del = await fetch(`${app.url}/api/djs/me/backdrop`, { method: 'DELETE', headers: headers(client) });
    assert.equal(del.status, 204);
    assert.equal((await get(client)).status, 404);
  });

  test('bad input is a 4xx naming the field: not an image, too large, no file, wrong field, not multipart', async () => {
    const { client } = await createDj(app);
    const text = await put(client, Buffer.from('hello, this is not a picture at all'));
    assert.equal(text.status, 422);
    assert.match(text.type ?? '', /application\/problem\+json/);
    assert.equal(text.body.code, 'UPLOAD_INVALID');
    assert.deepEqual(text.body.errors, [{ path: 'body.image', message: 'Not an image.' }]);

    // Noise does not compress: a PNG well over the limit.
    const noise = randomBytes(600 * 600 * 3);
    const big = await sharp(noise, { raw: { width: 600, height: 600, channels: 3 } })
      .png()
      .toBuffer();
    assert.ok(big.length > MAX);
    const tooLarge = await put(client, big);
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.code, 'PAYLOAD_TOO_LARGE');
    assert.deepEqual(tooLarge.body.errors, [{ path: 'body.image', message: 'Too large.' }]);

    const tiny = await put(
      client,
      await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    assert.equal(tiny.status, 422);
    assert.deepEqual(tiny.body.errors, [{ path: 'body.image', message: 'Too small.' }]);

    const wrongField = await put(
      client,
      await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
      'photo',
    );
    assert.equal(wrongField.status, 400);
    assert.deepEqual(wrongField.body.errors, [{ path: 'body.image', message: 'Required.' }]);

    const json = await fetch(`${app.url}/api/djs/me/backdrop`, {
      method: 'PUT',
      headers: { ...headers(client), 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(json.status, 415);
    assert.equal((await get(client)).status, 404, 'nothing was stored');
  });

  test('only a signed-in DJ: a host is refused (403), a stranger must sign in (401)', async () => {
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const host = await signedIn(app, 'host');
    const refused = await put(host.client, png);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'FORBIDDEN');
    assert.equal((await get(host.client)).status, 403);
    const anon = app.client();
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'b.png');
    const res = await fetch(`${app.url}/api/djs/me/backdrop`, { method: 'PUT', body: form, headers: { Origin: anon.baseUrl } });
    assert.equal(res.status, 401);
  });
});
