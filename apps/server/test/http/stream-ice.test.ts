import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { useTestApp } from '../support/app.ts';
import { bookedParty } from '../support/factories.ts';
import { TestPublisher, TestViewer } from '../../../../packages/media/test/support/peers.ts';

// A STUN server on loopback that answers every Binding request with a made-up public address (TEST-NET-3), so
// the SFU's answer shows whether it really asked the configured STUN server.
const MAPPED = '203.0.113.7';
const stun = createSocket('udp4');
stun.on('message', (msg, rinfo) => {
  if (msg.length < 20 || msg.readUInt16BE(0) !== 0x0001) return;
  const res = Buffer.alloc(32);
  res.writeUInt16BE(0x0101, 0); // Binding success
  res.writeUInt16BE(12, 2);
  msg.copy(res, 4, 4, 20); // magic cookie + transaction id
  res.writeUInt16BE(0x0020, 20); // XOR-MAPPED-ADDRESS
  res.writeUInt16BE(8, 22);
  res.writeUInt16BE(0x0001, 24);
  res.writeUInt16BE(rinfo.port ^ 0x2112, 26);
  const ip = MAPPED.split('.').reduce((a, b) => (a << 8) + Number(b), 0) >>> 0;
  res.writeUInt32BE((ip ^ 0x2112a442) >>> 0, 28);
  stun.send(res, rinfo.port, rinfo.address);
});
await new Promise<void>((r) => stun.bind(0, '127.0.0.1', r));
const STUN_URL = `stun:127.0.0.1:${stun.address().port}`;
const TURN_URL = 'turns:turn.example.net:443?transport=tcp';
const SECRET = 'turn-shared-secret-0123456789';

const app = useTestApp({
  now: '2026-12-04T18:30:00Z',
  env: { SFU_ICE_LOOPBACK: 'true', SFU_STUN_URLS: STUN_URL, SFU_TURN_URLS: TURN_URL, SFU_TURN_SECRET: SECRET },
});

async function party() {
  const p = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z' });
  app.clock.set('2026-12-04T18:30:00Z');
  await p.dj.client.post(`/api/streams/${p.token}/doors`); // guests may watch before the start
  return { ...p, code: p.invites[0]!.code };
}

/** What a TURN server with `use-auth-secret` accepts for this username. */
const turnCredential = (username: string) => createHmac('sha1', SECRET).update(username).digest('base64');
const expiry = Date.parse('2026-12-04T18:30:00Z') / 1000 + 12 * 3600;

describe('STUN/TURN servers for real deployments', () => {
  after(() => stun.close());

  test('browsers get the STUN servers and 12-hour TURN credentials per role; the secret itself never leaves', async () => {
    const { dj, host, token, code } = await party();
    const guest = await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`);
    assert.equal(guest.status, 200);
    assert.deepEqual(guest.body.iceServers, [
      { urls: [STUN_URL] },
      { urls: [TURN_URL], username: `${expiry}:guest`, credential: turnCredential(`${expiry}:guest`) },
    ]);
    const asHost = await host.client.get(`/api/streams/${token}/view-credentials`);
    assert.equal(asHost.body.iceServers[1].username, `${expiry}:host`);
    const publish = await dj.client.get(`/api/streams/${token}/publish-credentials`);
    assert.equal(publish.body.iceServers[1].username, `${expiry}:dj`);
    assert.equal(publish.body.iceServers[1].credential, turnCredential(`${expiry}:dj`));
    for (const body of [guest.text, asHost.text, publish.text]) assert.ok(!body.includes(SECRET));
  });

  test('WHEP and OBS WHIP answers carry them as RFC 9725 Link headers; the SFU offers the address STUN gave it', async () => {
    const { dj, token, code } = await party();
    const viewer = new TestViewer();
    let link = '';
    let answer = '';
    try {
      await viewer.connect(async (offer) => {
        const res = await fetch(`${app.url}/api/streams/${token}/whep?invite=${code}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/sdp' },
          body: offer,
        });
        assert.equal(res.status, 201);
        link = res.headers.get('link') ?? '';
        answer = await res.text();
        return { sessionId: res.headers.get('location')!.split('/').pop()!, answerSdp: answer };
      });
    } finally {
      await viewer.close();
    }
    assert.ok(link.includes(`<${STUN_URL}>; rel="ice-server"`), link);
    assert.ok(
      link.includes(
        `<${TURN_URL}>; rel="ice-server"; username="${expiry}:guest"; credential="${turnCredential(`${expiry}:guest`)}"; credential-type="password"`,
      ),
      link,
    );
    assert.match(
      answer,
      new RegExp(`a=candidate:.* ${MAPPED.replaceAll('.', '\\.')} \\d+ typ srflx`),
      'server-reflexive candidate from the STUN server',
    );

    // OBS publishing with the stream key gets the DJ's credentials.
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const obs = new TestPublisher();
    let obsLink = '';
    try {
      await obs.connect(async (offer) => {
        const res = await fetch(`${app.url}/api/streams/whip`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${key}` },
          body: offer,
        });
        assert.equal(res.status, 201);
        obsLink = res.headers.get('link') ?? '';
        return { sessionId: res.headers.get('location')!.split('/').pop()!, answerSdp: await res.text() };
      });
    } finally {
      await obs.close();
    }
    assert.ok(obsLink.includes(`username="${expiry}:dj"; credential="${turnCredential(`${expiry}:dj`)}"`), obsLink);
  });
});
