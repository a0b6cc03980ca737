import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { useTestApp } from '../support/app.ts';
import { createDj, signedIn } from '../support/factories.ts';
import { s3Storage } from '../../src/providers/storage/s3.ts';
import type { TestClient } from '../support/client.ts';

const app = useTestApp();

async function upload(client: TestClient, bytes: Buffer, filename = 'me.png', type = 'image/png') {
  const form = new FormData();
  form.append('photo', new Blob([new Uint8Array(bytes)], { type }), filename);
  const headers: Record<string, string> = {
    Origin: client.baseUrl,
    Cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
  const res = await fetch(`${client.baseUrl}/api/djs/me/photo`, { method: 'PUT', body: form, headers });
  return { status: res.status, body: await res.json() };
}

const png = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#ff4fd8' } })
    .png()
    .toBuffer();

describe('DJ photos (disk storage)', () => {
  test('an uploaded image is re-encoded to a 640×640 WebP and served', async () => {
    const { client } = await createDj(app);
    const res = await upload(client, await png(1200, 800));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const url: string = res.body.profile.photoUrl;
    assert.match(url, /^\/api\/files\/dj-photos\/[0-9a-f-]+\/[0-9a-f]+\.webp$/);
    const img = await fetch(app.url + url);
    assert.equal(img.headers.get('content-type'), 'image/webp');
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 640, 640]);
    // Replacing removes the old file.
    const second = await upload(client, await png(300, 300));
    assert.equal((await fetch(app.url + url)).status, 404);
    assert.equal((await fetch(app.url + second.body.profile.photoUrl)).status, 200);
  });

  test('a file that is not an image is refused (by its bytes, whatever its name says)', async () => {
    const { client } = await createDj(app);
    const res = await upload(client, Buffer.from('<?php echo "hi"; ?>'.repeat(20)), 'photo.png', 'image/png');
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'UPLOAD_INVALID');
    assert.equal(res.body.errors[0].path, 'body.photo');
  });

  test('too large and too small images are refused', async () => {
    const { client } = await createDj(app);
    const big = Buffer.concat([await png(100, 100), Buffer.alloc(app.config.UPLOAD_MAX_BYTES)]);
    assert.equal((await upload(client, big)).status, 413);
    assert.equal((await upload(client, await png(20, 20))).status, 422);
  });

  test('only a DJ with a profile can upload; file paths cannot escape storage', async () => {
    const host = await signedIn(app, 'host');
    assert.equal((await upload(host.client, await png(100, 100))).status, 403);
    const dj = await signedIn(app, 'dj');
    assert.equal((await upload(dj.client, await png(100, 100))).status, 409);
    for (const p of [
      '..%2F..%2Fsession-secret',
      '%2e%2e/%2e%2e/session-secret',
      'dj-photos/x/..%2F..%2F..%2Fsession-secret.webp',
      '../../etc/passwd',
    ]) {
      const res = await fetch(`${app.url}/api/files/${p}`);
      const text = await res.text();
      assert.ok(res.status === 404 || !res.url.includes('/api/files'), `${p}: ${res.status}`);
      assert.doesNotMatch(text, /root:x:0|^[A-Za-z0-9_-]{40,}$/, `${p} leaked a file`);
    }
  });
});

describe('S3 storage provider against a local S3-speaking server', () => {
  const objects = new Map<string, { body: Buffer; type: string }>();
  let server: Server;
  let endpoint: string;
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = decodeURIComponent(new URL(req.url!, 'http://x').pathname);
        if (!req.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) {
          res.writeHead(403).end();
          return;
        }
        if (req.method === 'PUT') {
          objects.set(path, { body: Buffer.concat(chunks), type: String(req.headers['content-type']) });
          res.writeHead(200, { ETag: '"x"' }).end();
        } else if (req.method === 'GET') {
          const o = objects.get(path);
          if (!o) {
            res
              .writeHead(404, { 'Content-Type': 'application/xml' })
              .end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no</Message></Error>');
            return;
          }
          res.writeHead(200, { 'Content-Type': o.type, 'Content-Length': o.body.length }).end(o.body);
        } else if (req.method === 'DELETE') {
          objects.delete(path);
          res.writeHead(204).end();
        } else res.writeHead(405).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test('put, get and delete round-trip with signed requests to the bucket path', async () => {
    const s3 = s3Storage({
      bucket: 'party-files',
      region: 'eu-central-1',
      endpoint,
      forcePathStyle: true,
      accessKeyId: 'AKIDTEST',
      secretAccessKey: 'secret',
    });
    const body = await png(70, 70);
    await s3.put('dj-photos/abc/def.webp', body, 'image/webp');
    assert.ok(objects.has('/party-files/dj-photos/abc/def.webp'));
    const got = await s3.get('dj-photos/abc/def.webp');
    assert.deepEqual(got?.body, body);
    assert.equal(got?.contentType, 'image/webp');
    await s3.delete('dj-photos/abc/def.webp');
    assert.equal(await s3.get('dj-photos/abc/def.webp'), null);
  });
});
