import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RTCPeerConnection } from 'werift';
import { Sfu } from '../src/sfu.ts';
import { handleWhep, handleWhip, type WhipContext } from '../src/whip.ts';
import { loopbackIce } from './support/peers.ts';

const clients: RTCPeerConnection[] = [];

/** An SDP offer as an encoder (sendonly) or a player (recvonly) would send it. */
async function offer(direction: 'sendonly' | 'recvonly'): Promise<string> {
  const pc = new RTCPeerConnection(loopbackIce);
  clients.push(pc);
  pc.addTransceiver('audio', { direction });
  pc.addTransceiver('video', { direction });
  await pc.setLocalDescription(await pc.createOffer());
  return pc.localDescription!.sdp;
}

describe('WHIP/WHEP handlers (RFC 9725)', () => {
  const sfu = new Sfu({ iceUseLoopback: true, iceGatheringTimeoutMs: 2000 });
  const whip: WhipContext = {
    roomId: 'party-1',
    basePath: '/api/stream/party-1/whip',
    iceServers: [{ urls: 'turn:turn.example.test:3478', username: 'u', credential: 'p' }],
  };
  const whep: WhipContext = { roomId: 'party-1', basePath: '/api/stream/party-1/whep/' };
  let publisherSession = '';

  after(async () => {
    await sfu.close();
    await Promise.all(clients.map((pc) => pc.close()));
  });

  it('OPTIONS on the endpoint → 204 with Accept-Post: application/sdp', async () => {
    const res = await handleWhip(sfu, { method: 'OPTIONS' }, whip);
    assert.equal(res.status, 204);
    assert.equal(res.headers['Accept-Post'], 'application/sdp');
    assert.match(res.headers.Allow ?? '', /POST/);
    assert.match(res.headers.Link ?? '', /^<turn:turn\.example\.test:3478>; rel="ice-server"; username="u"/);
  });

  it('POST with a non-SDP content type → 415', async () => {
    const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/json', body: '{}' }, whip);
    assert.equal(res.status, 415);
    assert.equal(res.headers['Content-Type'], 'application/problem+json');
    assert.equal(JSON.parse(res.body).code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.equal(sfu.hasPublisher('party-1'), false);
  });

  it('POST with unparsable SDP → 400', async () => {
    for (const body of [
      'hello',
      '',
      'v=0\r\nthis is not sdp\r\n',
      'v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n',
    ]) {
      const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/sdp', body }, whip);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(JSON.parse(res.body).code, 'INVALID_SDP');
    }
    assert.equal(sfu.hasPublisher('party-1'), false);
  });

  it('POST an offer → 201 with Location, ETag and the SDP answer', async () => {
    const res = await handleWhip(
      sfu,
      { method: 'POST', contentType: 'application/sdp; charset=utf-8', body: Buffer.from(await offer('sendonly')) },
      whip,
    );
    assert.equal(res.status, 201, res.body);
    assert.equal(res.headers['Content-Type'], 'application/sdp');
    const m = /^\/api\/stream\/party-1\/whip\/([0-9a-f-]{36})$/.exec(res.headers.Location ?? '');
    assert.ok(m, String(res.headers.Location));
    publisherSession = m[1]!;
    assert.equal(res.headers.ETag, `"${publisherSession}"`);
    assert.match(res.body, /^v=0\r\n/);
    assert.match(res.body, /a=candidate:/, 'non-trickle: candidates in the answer');
    assert.match(res.body, /a=recvonly/);
    assert.equal(sfu.hasPublisher('party-1'), true);
  });

  it('a second publisher in the room → 409', async () => {
    const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/sdp', body: await offer('sendonly') }, whip);
    assert.equal(res.status, 409);
    assert.equal(JSON.parse(res.body).code, 'ROOM_HAS_PUBLISHER');
  });

  it('PATCH (trickle ICE) → 405 with Allow', async () => {
    const res = await handleWhip(
      sfu,
      { method: 'PATCH', contentType: 'application/trickle-ice-sdpfrag', body: 'a=ice-ufrag:x', sessionId: publisherSession },
      whip,
    );
    assert.equal(res.status, 405);
    assert.equal(res.headers.Allow, 'OPTIONS, DELETE');
  });

  it('WHEP POST → 201 under the WHEP path; a WHEP session cannot be deleted through WHIP', async () => {
    const res = await handleWhep(sfu, { method: 'POST', contentType: 'application/sdp', body: await offer('recvonly') }, whep);
    assert.equal(res.status, 201, res.body);
    const m = /^\/api\/stream\/party-1\/whep\/([0-9a-f-]{36})$/.exec(res.headers.Location ?? '');
    assert.ok(m, String(res.headers.Location));
    assert.match(res.body, /a=sendonly/);
    assert.equal(sfu.viewerCount('party-1'), 1);
    assert.equal((await handleWhip(sfu, { method: 'DELETE', sessionId: m[1]! }, whip)).status, 404);
    assert.equal((await handleWhep(sfu, { method: 'DELETE', sessionId: m[1]! }, { ...whep, roomId: 'party-2' })).status, 404);
    assert.equal(sfu.viewerCount('party-1'), 1);
    assert.equal((await handleWhep(sfu, { method: 'DELETE', sessionId: m[1]! }, whep)).status, 200);
    assert.equal(sfu.viewerCount('party-1'), 0);
  });

  it('DELETE → 200 and teardown; again or unknown → 404', async () => {
    const res = await handleWhip(sfu, { method: 'DELETE', sessionId: publisherSession }, whip);
    assert.equal(res.status, 200);
    assert.equal(sfu.hasPublisher('party-1'), false);
    assert.equal((await handleWhip(sfu, { method: 'DELETE', sessionId: publisherSession }, whip)).status, 404);
    assert.equal((await handleWhip(sfu, { method: 'DELETE', sessionId: 'unknown' }, whip)).status, 404);
  });

  it('other methods on the endpoint → 405 with Allow', async () => {
    const res = await handleWhip(sfu, { method: 'GET' }, whip);
    assert.equal(res.status, 405);
    assert.equal(res.headers.Allow, 'OPTIONS, POST');
  });
});
