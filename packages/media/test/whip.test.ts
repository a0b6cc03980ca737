// RFC 9725 (WHIP) conformance of the framework-free handlers, one test per row of the protocol as this server
// implements it (non-trickle, no ICE restart); WHEP follows the same contract with the roles reversed. The HTTP
// layer on top (auth, CORS, Location with the guest's invite) is tested in apps/server/test/http/stream*.test.ts.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RTCPeerConnection } from 'werift';
import { Sfu } from '../src/sfu.ts';
import { handleWhep, handleWhip, type WhipContext } from '../src/whip.ts';
import { TestPublisher, loopbackIce, until } from './support/peers.ts';

const clients: { close(): Promise<void> }[] = [];

/** An SDP offer as an encoder (sendonly) or a player (recvonly) would send it. */
async function offer(direction: 'sendonly' | 'recvonly'): Promise<string> {
  const pc = new RTCPeerConnection(loopbackIce);
  clients.push(pc);
  pc.addTransceiver('audio', { direction });
  pc.addTransceiver('video', { direction });
  await pc.setLocalDescription(await pc.createOffer());
  return pc.localDescription!.sdp;
}

const problemOf = (body: string) => JSON.parse(body) as { code: string; status: number; title: string; detail: string };

describe('WHIP/WHEP handlers (RFC 9725)', () => {
  const sfu = new Sfu({ iceUseLoopback: true, iceGatheringTimeoutMs: 2000, maxSdpBytes: 20_000 });
  const whip: WhipContext = {
    roomId: 'party-1',
    basePath: '/api/stream/party-1/whip',
    iceServers: [{ urls: ['turn:turn.example.test:3478'], username: 'u', credential: 'p' }],
  };
  const whep: WhipContext = { roomId: 'party-1', basePath: '/api/stream/party-1/whep/', sessionQuery: '?invite=abc' };
  let publisherSession = '';

  after(async () => {
    await sfu.close();
    await Promise.all(clients.map((c) => c.close()));
  });

  it('§4.2 OPTIONS on the endpoint → 204 with Accept-Post: application/sdp, Allow and the ICE servers as Link', async () => {
    const res = await handleWhip(sfu, { method: 'OPTIONS' }, whip);
    assert.equal(res.status, 204);
    assert.equal(res.headers['Accept-Post'], 'application/sdp');
    assert.equal(res.headers.Allow, 'OPTIONS, POST');
    assert.match(res.headers.Link ?? '', /^<turn:turn\.example\.test:3478>; rel="ice-server"; username="u"/);
  });

  it('§4.2 POST with a non-SDP content type → 415 with Accept-Post', async () => {
    const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/json', body: '{}' }, whip);
    assert.equal(res.status, 415);
    assert.equal(res.headers['Content-Type'], 'application/problem+json');
    assert.equal(res.headers['Accept-Post'], 'application/sdp');
    assert.equal(problemOf(res.body).code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.equal(sfu.hasPublisher('party-1'), false);
  });

  it('§4.2 POST with unparsable SDP → 400 STREAM_SDP_INVALID; nothing is left behind', async () => {
    for (const body of [
      'hello',
      '',
      'v=0\r\nthis is not sdp\r\n',
      'v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n',
    ]) {
      const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/sdp', body }, whip);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(problemOf(res.body).code, 'STREAM_SDP_INVALID');
    }
    assert.equal(sfu.hasPublisher('party-1'), false);
    assert.equal(sfu.stats().sessions, 0);
  });

  it('bad input: an offer without audio or video → 400 STREAM_CODEC_UNSUPPORTED naming what to send', async () => {
    const pc = new RTCPeerConnection(loopbackIce);
    clients.push(pc);
    pc.createDataChannel('chat');
    await pc.setLocalDescription(await pc.createOffer());
    const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/sdp', body: pc.localDescription!.sdp }, whip);
    assert.equal(res.status, 400);
    const p = problemOf(res.body);
    assert.equal(p.code, 'STREAM_CODEC_UNSUPPORTED');
    assert.match(p.detail, /Opus/);
    assert.match(p.detail, /VP8 or H\.264/);
    assert.equal(sfu.hasPublisher('party-1'), false);
  });

  it('bad input: an unsupported video codec → 400 naming the offered and the supported codecs', async () => {
    const sdp = (await offer('sendonly')).replace(/VP8\/90000/g, 'AV1/90000');
    const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/sdp', body: sdp }, whip);
    assert.equal(res.status, 400);
    const p = problemOf(res.body);
    assert.equal(p.code, 'STREAM_CODEC_UNSUPPORTED');
    assert.match(p.detail, /offered: AV1/);
    assert.match(p.detail, /VP8 or H\.264 \(packetization-mode 1\)/);
    assert.equal(sfu.hasPublisher('party-1'), false);
  });

  it('bad input: an oversized SDP → 413 PAYLOAD_TOO_LARGE', async () => {
    const sdp = (await offer('sendonly')) + `a=x-padding:${'x'.repeat(25_000)}\r\n`;
    const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/sdp', body: sdp }, whip);
    assert.equal(res.status, 413);
    assert.equal(problemOf(res.body).code, 'PAYLOAD_TOO_LARGE');
    assert.equal(sfu.hasPublisher('party-1'), false);
  });

  it('§4.2 POST an offer → 201 with Location, ETag, Link and the SDP answer (every candidate: non-trickle)', async () => {
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
    assert.match(res.headers.Link ?? '', /rel="ice-server"/);
    assert.match(res.body, /^v=0\r\n/);
    assert.match(res.body, /a=candidate:/, 'non-trickle: candidates in the answer');
    assert.match(res.body, /a=recvonly/);
    assert.equal(sfu.hasPublisher('party-1'), true);
  });

  it('§4.3 PATCH (trickle ICE / ICE restart) → 405 with an Allow that does not list PATCH', async () => {
    const res = await handleWhip(
      sfu,
      { method: 'PATCH', contentType: 'application/trickle-ice-sdpfrag', body: 'a=ice-ufrag:x', sessionId: publisherSession },
      whip,
    );
    assert.equal(res.status, 405);
    assert.equal(res.headers.Allow, 'OPTIONS, DELETE');
    const options = await handleWhip(sfu, { method: 'OPTIONS', sessionId: publisherSession }, whip);
    assert.equal(options.status, 204);
    assert.doesNotMatch(options.headers.Allow ?? '', /PATCH/);
    const get = await handleWhip(sfu, { method: 'GET', sessionId: publisherSession }, whip);
    assert.equal(get.status, 405);
    assert.doesNotMatch(get.headers.Allow ?? '', /PATCH/);
  });

  it('§4.2 a second publisher while the first is live → 409; a first that never connected is replaced instead', async () => {
    // The session above never connected (its offerer applies no answer): the next publish takes over at once.
    const dj = new TestPublisher();
    clients.push(dj);
    let replaced = '';
    await dj.connect(async (sdp) => {
      const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/sdp', body: sdp }, whip);
      assert.equal(res.status, 201, res.body);
      replaced = res.headers.Location!.split('/').pop()!;
      return { sessionId: replaced, answerSdp: res.body };
    });
    assert.equal(sfu.session(publisherSession), undefined, 'the dead attempt is gone');
    publisherSession = replaced;
    await until(() => sfu.isLive('party-1'), 3000, 'live');
    const res = await handleWhip(sfu, { method: 'POST', contentType: 'application/sdp', body: await offer('sendonly') }, whip);
    assert.equal(res.status, 409);
    assert.equal(problemOf(res.body).code, 'STREAM_ROOM_HAS_PUBLISHER');
  });

  it('WHEP POST → 201 under the WHEP path with the session query kept; not deletable through WHIP or another room', async () => {
    const res = await handleWhep(sfu, { method: 'POST', contentType: 'application/sdp', body: await offer('recvonly') }, whep);
    assert.equal(res.status, 201, res.body);
    const m = /^\/api\/stream\/party-1\/whep\/([0-9a-f-]{36})\?invite=abc$/.exec(res.headers.Location ?? '');
    assert.ok(m, String(res.headers.Location));
    assert.match(res.body, /a=sendonly/);
    assert.ok(sfu.session(m[1]!));
    assert.equal((await handleWhip(sfu, { method: 'DELETE', sessionId: m[1]! }, whip)).status, 404);
    assert.equal((await handleWhep(sfu, { method: 'DELETE', sessionId: m[1]! }, { ...whep, roomId: 'party-2' })).status, 404);
    assert.ok(sfu.session(m[1]!));
    assert.equal((await handleWhep(sfu, { method: 'DELETE', sessionId: m[1]! }, whep)).status, 200);
    assert.equal(sfu.session(m[1]!), undefined);
  });

  it('§4.2 DELETE the session → 200 and teardown; again or unknown → 404', async () => {
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
