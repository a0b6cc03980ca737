// Issue 19: browser WHIP/WHEP clients on another origin (CORS_ORIGINS). The CORS middleware must not swallow
// RFC 9725's OPTIONS (Accept-Post, Allow, Link), must allow OPTIONS and DELETE, and must expose Location and
// ETag so the client can DELETE its session.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { bookedParty } from '../support/factories.ts';
import { TestPublisher, TestViewer, until } from '../../../../packages/media/test/support/peers.ts';

const ORIGIN = 'https://player.example.test';
const STUN = 'stun:stun.example.test:3478';
const app = useTestApp({
  now: '2026-12-04T18:30:00Z',
  env: {
    SFU_ICE_LOOPBACK: 'true',
    CORS_ORIGINS: ORIGIN,
    SFU_STUN_URLS: STUN,
    SFU_TURN_URLS: 'turn:turn.example.test:3478',
    SFU_TURN_SECRET: 'turn-secret-0123456789',
  },
});

async function party() {
  const p = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z' });
  app.clock.set('2026-12-04T18:30:00Z');
  await p.dj.client.post(`/api/streams/${p.token}/doors`);
  return { ...p, code: p.invites[0]!.code };
}

const preflight = (url: string, method: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { Origin: ORIGIN, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'content-type' },
  });

describe('WHIP/WHEP from another origin', () => {
  test('the preflight of a WHEP endpoint is the RFC 9725 OPTIONS: Accept-Post, Allow, Link (STUN only) and CORS', async () => {
    const { token, code } = await party();
    for (const path of [`/api/streams/${token}/whep?invite=${code}`, `/api/streams/${token}/whip`, '/api/streams/whip']) {
      const res = await preflight(`${app.url}${path}`, 'POST');
      assert.equal(res.status, 204, path);
      assert.equal(res.headers.get('accept-post'), 'application/sdp', path);
      assert.equal(res.headers.get('allow'), 'OPTIONS, POST', path);
      assert.equal(res.headers.get('link'), `<${STUN}>; rel="ice-server"`, `${path}: no TURN credentials without authorisation`);
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN, path);
      assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /OPTIONS/);
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /DELETE/);
    }
  });

  test('a POST exposes Location and ETag; the session preflight and DELETE work from the other origin', async () => {
    const { dj, token, code } = await party();
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const publisher = new TestPublisher();
    await publisher.connect(async (offer) => {
      const res = await fetch(`${app.url}/api/streams/whip`, {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
        body: offer,
      });
      assert.equal(res.status, 201);
      return { sessionId: res.headers.get('location')!.split('/').pop()!, answerSdp: await res.text() };
    });
    const viewer = new TestViewer();
    let location = '';
    await viewer.connect(async (offer) => {
      const res = await fetch(`${app.url}/api/streams/${token}/whep?invite=${code}`, {
        method: 'POST',
        headers: { Origin: ORIGIN, 'Content-Type': 'application/sdp' },
        body: offer,
      });
      assert.equal(res.status, 201);
      const exposed = (res.headers.get('access-control-expose-headers') ?? '').toLowerCase();
      for (const h of ['location', 'etag', 'link'])
        assert.ok(
          exposed
            .split(',')
            .map((x) => x.trim())
            .includes(h),
          h,
        );
      location = res.headers.get('location')!;
      return { sessionId: new URL(location, app.url).pathname.split('/').pop()!, answerSdp: await res.text() };
    });
    const pre = await preflight(`${app.url}${location}`, 'DELETE');
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('allow'), 'DELETE, OPTIONS');
    assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
    const del = await fetch(`${app.url}${location}`, { method: 'DELETE', headers: { Origin: ORIGIN } });
    assert.equal(del.status, 200);
    await until(() => app.deps.sfu.session(viewer.sessionId) === undefined, 2000, 'the guest hung up');
    await Promise.all([viewer.close(), publisher.close()]);
  });
});
