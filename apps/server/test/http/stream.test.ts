import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { bookedParty } from '../support/factories.ts';
import { TestPublisher, TestViewer, until } from '../../../../packages/media/test/support/peers.ts';

// The party is Friday 19:00–22:00 UTC; "now" is inside the soundcheck window.
const app = useTestApp({ now: '2026-12-04T18:30:00Z', env: { SFU_ICE_LOOPBACK: 'true' } });

async function party() {
  const { dj, host, token, invites, bookingId } = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z' });
  app.clock.set('2026-12-04T18:30:00Z');
  return { dj, host, token, bookingId, invite: invites[0]!, code: invites[0]!.code };
}

const post = (url: string, sdp: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: sdp });

/** The session id of a Location (a guest's keeps its `?invite=`). */
const sessionOf = (location: string) => new URL(location, 'http://x').pathname.split('/').pop()!;

/** Polls the party's status (as the guest) until it says this, or fails with the last answer. */
async function statusUntil(token: string, code: string, want: { live: boolean; viewers: number }) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const body = (await app.client().get(`/api/streams/${token}/status?invite=${code}`)).body;
    if (body.live === want.live && body.viewers === want.viewers) return body as Record<string, unknown>;
    if (Date.now() > deadline) assert.fail(`status ${JSON.stringify(want)}; last: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const answerer =
  (url: string, headers: Record<string, string> = {}) =>
  async (offer: string) => {
    const res = await post(url, offer, headers);
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(res.headers.get('content-type'), 'application/sdp');
    return { sessionId: sessionOf(res.headers.get('location')!), answerSdp: await res.text() };
  };

/**
 * Sends audio every 20 ms, as an encoder does, until the viewer has `n` packets. A viewer's side of the DTLS
 * handshake finishes before the SFU's, so packets sent the moment `connect()` returns can arrive before the SFU
 * may encrypt for that viewer and are (rightly) not forwarded; a real stream keeps flowing.
 */
async function streamUntil(publisher: TestPublisher, viewer: TestViewer, n: number, message: string): Promise<void> {
  let i = 0;
  const timer = setInterval(() => publisher.send('audio', Buffer.from([i++ & 0xff, 1, 2, 3]), { tsStep: 960 }), 20);
  try {
    await until(() => viewer.count.audio >= n, 5000, message);
  } finally {
    clearInterval(timer);
  }
}

describe('streaming endpoints (WHIP for the DJ, WHEP for guests)', () => {
  const peers: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const p of peers) await p.close().catch(() => {});
  });

  test('OBS publishes with the stream key; an invited guest watches and receives the packets', async () => {
    const { dj, token, code } = await party();
    const key = await dj.client.post(`/api/streams/${token}/key`);
    assert.equal(key.status, 200);
    assert.equal(key.body.whipUrl, `${app.url}/api/streams/whip`);
    const publisher = new TestPublisher();
    peers.push(publisher);
    await publisher.connect(answerer(key.body.whipUrl, { Authorization: `Bearer ${key.body.streamKey}` }));
    assert.equal((await dj.client.post(`/api/streams/${token}/doors`)).status, 200);
    const viewer = new TestViewer();
    peers.push(viewer);
    await viewer.connect(answerer(`${app.url}/api/streams/${token}/whep?invite=${code}`));
    // Live once the DJ's media path is up, one viewer once theirs is (the SFU side connects a moment after the peer).
    const status = await statusUntil(token, code, { live: true, viewers: 1 });
    assert.deepEqual(status, {
      live: true,
      viewers: 1,
      doors: { open: true, openedAt: '2026-12-04T18:30:00.000Z', opensAt: '2026-12-04T19:00:00.000Z' },
    });
    await streamUntil(publisher, viewer, 20, 'viewer received the audio packets');
  });

  test('a missing, wrong or replaced key is 401; a second publisher is 409; a wrong body type is 415', async () => {
    const { dj, token } = await party();
    const first = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const second = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const offer = 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
    assert.equal((await post(`${app.url}/api/streams/whip`, offer)).status, 401);
    assert.equal(
      (await post(`${app.url}/api/streams/whip`, offer, { Authorization: 'Bearer not-a-real-key-0000000000' })).status,
      401,
    );
    assert.equal(
      (await post(`${app.url}/api/streams/whip`, offer, { Authorization: `Bearer ${first}` })).status,
      401,
      'the replaced key no longer works',
    );
    const bad = await fetch(`${app.url}/api/streams/whip`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${second}` },
      body: 'hello',
    });
    assert.equal(bad.status, 415);
    const p1 = new TestPublisher();
    peers.push(p1);
    await p1.connect(answerer(`${app.url}/api/streams/whip`, { Authorization: `Bearer ${second}` }));
    const p2 = new TestPublisher();
    peers.push(p2);
    p2.pc.addTransceiver(p2.audio, { direction: 'sendonly' });
    const o = await p2.pc.createOffer();
    await p2.pc.setLocalDescription(o);
    assert.equal(
      (await post(`${app.url}/api/streams/whip`, p2.pc.localDescription!.sdp, { Authorization: `Bearer ${second}` })).status,
      409,
    );
  });

  test('publishing is refused outside the party window and for anyone but the booked DJ', async () => {
    const { dj, host, token } = await party();
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const offer = 'v=0\r\n';
    app.clock.set('2026-12-04T17:30:00Z');
    assert.equal(
      (await post(`${app.url}/api/streams/whip`, offer, { Authorization: `Bearer ${key}` })).status,
      403,
      'before the soundcheck window',
    );
    app.clock.set('2026-12-04T23:00:00Z');
    assert.equal(
      (await post(`${app.url}/api/streams/whip`, offer, { Authorization: `Bearer ${key}` })).status,
      403,
      'after the party',
    );
    app.clock.set('2026-12-04T18:30:00Z');
    assert.equal(
      (
        await host.client.request('POST', `/api/streams/${token}/whip`, {
          raw: offer,
          headers: { 'Content-Type': 'application/sdp' },
        })
      ).status,
      404,
      'the host cannot publish',
    );
    assert.equal((await host.client.post(`/api/streams/${token}/key`)).status, 404);
  });

  test('an uninvited viewer is refused; revoking an invite ends that guest’s stream', async () => {
    const { dj, host, token, invite, code } = await party();
    assert.equal((await post(`${app.url}/api/streams/${token}/whep`, 'v=0\r\n')).status, 404);
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const publisher = new TestPublisher();
    peers.push(publisher);
    await publisher.connect(answerer(`${app.url}/api/streams/whip`, { Authorization: `Bearer ${key}` }));
    await dj.client.post(`/api/streams/${token}/doors`);
    const viewer = new TestViewer();
    peers.push(viewer);
    await viewer.connect(answerer(`${app.url}/api/streams/${token}/whep?invite=${code}`));
    const roomId = app.deps.sfu.session(viewer.sessionId)!.roomId;
    await until(() => app.deps.sfu.viewerCount(roomId) === 1, 3000, 'the guest is counted once connected');
    await host.client.delete(`/api/parties/${token}/invites/${invite.id}`);
    await until(() => !app.deps.sfu.session(viewer.sessionId), 3000, 'the revoked guest’s session ended');
    assert.equal((await post(`${app.url}/api/streams/${token}/whep?invite=${code}`, 'v=0\r\n')).status, 404);
  });

  test('pre-show: guests wait outside until the DJ lets them in; the host and the DJ watch the soundcheck; the DJ sees what the server receives', async () => {
    const { dj, host, token, code } = await party();
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const publisher = new TestPublisher(undefined, { offerAudioLevel: true });
    peers.push(publisher);
    await publisher.connect(answerer(`${app.url}/api/streams/whip`, { Authorization: `Bearer ${key}` }));

    // 18:30, the party starts at 19:00: the guest is told to wait, with nothing started on the SFU.
    const closed = { open: false, openedAt: null, opensAt: '2026-12-04T19:00:00.000Z' };
    const roomId = app.deps.sfu.session(publisher.sessionId)!.roomId;
    await until(() => app.deps.sfu.isLive(roomId), 3000, 'live once the DJ is connected');
    const guestStatus = await app.client().get(`/api/streams/${token}/status?invite=${code}`);
    assert.deepEqual(guestStatus.body, { live: true, viewers: 0, doors: closed });
    const refused = await post(`${app.url}/api/streams/${token}/whep?invite=${code}`, 'v=0\r\n');
    assert.equal(refused.status, 403);
    assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = (await refused.json()) as { code: string; detail: string };
    assert.equal(problem.code, 'PARTY_DOORS_CLOSED');
    assert.match(problem.detail, /2026-12-04T19:00:00.000Z/);
    assert.equal(
      (await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`)).body.code,
      'PARTY_DOORS_CLOSED',
    );

    // The host watches the soundcheck.
    const hostViewer = new TestViewer();
    peers.push(hostViewer);
    await hostViewer.connect(async (offer) => {
      const res = await host.client.request('POST', `/api/streams/${token}/whep`, {
        raw: offer,
        headers: { 'Content-Type': 'application/sdp' },
      });
      assert.equal(res.status, 201, res.text);
      return { sessionId: res.headers.get('location')!.split('/').pop()!, answerSdp: res.text };
    });

    // The DJ's check: what the server receives (audio level from the encoder, frames, loss) and the round trip.
    const started = Date.now();
    let n = 0;
    while (Date.now() - started < 2300) {
      publisher.send('audio', Buffer.alloc(160, 1), { tsStep: 960, audioLevelDbov: -9 });
      if (n++ % 2 === 0) publisher.send('video', Buffer.alloc(900, 2), { marker: true, tsStep: 3000 });
      await new Promise((r) => setTimeout(r, 20));
    }
    const check = await dj.client.get(`/api/streams/${token}/preshow`);
    assert.equal(check.status, 200);
    assert.equal(check.body.live, true);
    assert.equal(check.body.viewers, 1, 'the host');
    assert.deepEqual(check.body.doors, closed);
    const ingest = check.body.ingest;
    assert.equal(ingest.audio.levelDbov, -9);
    assert.equal(ingest.audio.codec, 'audio/opus');
    assert.ok(ingest.audio.kbps > 0 && ingest.video.kbps > 0, JSON.stringify(ingest));
    // Every video packet here ends a frame, so frames per second equal video packets per second (however busy the box).
    assert.ok(
      ingest.video.fps > 0 && ingest.video.fps === ingest.video.packetsPerSecond,
      `fps ${ingest.video.fps}, pps ${ingest.video.packetsPerSecond}`,
    );
    assert.equal(ingest.video.lossPct, 0);
    assert.equal(typeof ingest.rttMs, 'number');
    await until(() => hostViewer.count.audio > 0, 3000, 'the host hears the soundcheck');

    // Only the DJ sees the check and opens the doors.
    assert.equal((await host.client.get(`/api/streams/${token}/preshow`)).status, 404);
    assert.equal((await app.client().get(`/api/streams/${token}/preshow`)).status, 401);
    assert.equal((await host.client.post(`/api/streams/${token}/doors`)).status, 404);
    assert.equal((await app.client().post(`/api/streams/${token}/doors`)).status, 401);

    const opened = await dj.client.post(`/api/streams/${token}/doors`);
    assert.deepEqual(opened.body, { open: true, openedAt: '2026-12-04T18:30:00.000Z', opensAt: '2026-12-04T19:00:00.000Z' });
    app.clock.set('2026-12-04T18:35:00Z');
    assert.equal(
      (await dj.client.post(`/api/streams/${token}/doors`)).body.openedAt,
      '2026-12-04T18:30:00.000Z',
      'opening again keeps the first time',
    );
    const guest = new TestViewer();
    peers.push(guest);
    await guest.connect(answerer(`${app.url}/api/streams/${token}/whep?invite=${code}`));
    await streamUntil(publisher, guest, 10, 'the guest receives the stream');
  });

  test('the doors open by themselves when the party starts', async () => {
    const { token, code } = await party();
    app.clock.set('2026-12-04T19:00:00Z');
    const s = await app.client().get(`/api/streams/${token}/status?invite=${code}`);
    assert.deepEqual(s.body.doors, { open: true, openedAt: null, opensAt: '2026-12-04T19:00:00.000Z' });
    assert.equal((await app.client().get(`/api/streams/${token}/view-credentials?invite=${code}`)).status, 200);
  });
});

describe('issue 19: sessions with a lifetime, guests who hang up, RFC 9725 details', () => {
  const peers: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const p of peers) await p.close().catch(() => {});
  });

  test('after a publish that vanishes mid-ICE, the DJ’s next publish succeeds at once and the party is not live meanwhile', async () => {
    const { dj, token, code } = await party();
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    // OBS behind a firewall that drops UDP: the POST is answered 201, ICE never completes.
    const stuck = new TestPublisher();
    peers.push(stuck);
    stuck.pc.addTransceiver(stuck.audio, { direction: 'sendonly' });
    stuck.pc.addTransceiver(stuck.video, { direction: 'sendonly' });
    await stuck.pc.setLocalDescription(await stuck.pc.createOffer());
    await until(() => stuck.pc.iceGatheringState === 'complete', 5000, 'gathered');
    const first = await post(`${app.url}/api/streams/whip`, stuck.pc.localDescription!.sdp, { Authorization: `Bearer ${key}` });
    assert.equal(first.status, 201);
    await dj.client.post(`/api/streams/${token}/doors`);
    assert.equal(
      (await app.client().get(`/api/streams/${token}/status?invite=${code}`)).body.live,
      false,
      'not live: not connected',
    );
    // The DJ tries again (the browser this time): no 409, no waiting.
    const browser = new TestPublisher();
    peers.push(browser);
    await browser.connect(answerer(`${app.url}/api/streams/whip`, { Authorization: `Bearer ${key}` }));
    assert.equal(app.deps.sfu.session(sessionOf(first.headers.get('location')!)), undefined, 'the stuck attempt is gone');
    await statusUntil(token, code, { live: true, viewers: 0 });
  });

  test('a guest’s Location keeps the invite, so the guest can DELETE (hang up) with it; the count drops at once', async () => {
    const { dj, token, code } = await party();
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const publisher = new TestPublisher();
    peers.push(publisher);
    await publisher.connect(answerer(`${app.url}/api/streams/whip`, { Authorization: `bearer ${key}` }));
    await dj.client.post(`/api/streams/${token}/doors`);
    const viewer = new TestViewer();
    peers.push(viewer);
    let location = '';
    await viewer.connect(async (offer) => {
      const res = await post(`${app.url}/api/streams/${token}/whep?invite=${code}`, offer);
      assert.equal(res.status, 201);
      location = res.headers.get('location')!;
      return { sessionId: sessionOf(location), answerSdp: await res.text() };
    });
    assert.match(location, new RegExp(`^/api/streams/${token}/whep/[0-9a-f-]{36}\\?invite=${code}$`));
    await statusUntil(token, code, { live: true, viewers: 1 });
    // A session GET is not part of the protocol; its Allow does not promise a PATCH that would be refused.
    const get = await fetch(`${app.url}${location}`);
    assert.equal(get.status, 405);
    assert.doesNotMatch(get.headers.get('allow') ?? '', /PATCH/);
    assert.equal((await fetch(`${app.url}${location}`, { method: 'PATCH' })).status, 405);
    assert.equal((await fetch(`${app.url}${location}`, { method: 'DELETE' })).status, 200);
    assert.equal(app.deps.sfu.session(viewer.sessionId), undefined);
    const s = await app.client().get(`/api/streams/${token}/status?invite=${code}`);
    assert.equal(s.body.viewers, 0);
  });

  test('a lower-case bearer scheme is accepted (RFC 9110 §11.1)', async () => {
    const { dj, token } = await party();
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const res = await post(`${app.url}/api/streams/whip`, 'v=0\r\n', { Authorization: `bearer ${key}` });
    assert.equal(res.status, 400, 'authorised, then refused for the SDP (not 401)');
    assert.equal((await res.json()).code, 'STREAM_SDP_INVALID');
  });

  test('bad input: an offer with an unsupported codec is a 400 naming what is supported; nothing is left live', async () => {
    const { dj, token, code } = await party();
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const p = new TestPublisher();
    peers.push(p);
    p.pc.addTransceiver(p.audio, { direction: 'sendonly' });
    p.pc.addTransceiver(p.video, { direction: 'sendonly' });
    await p.pc.setLocalDescription(await p.pc.createOffer());
    const sdp = p.pc.localDescription!.sdp.replace(/VP8\/90000/g, 'AV1/90000').replace(/opus\/48000\/2/gi, 'G722/8000');
    const res = await post(`${app.url}/api/streams/whip`, sdp, { Authorization: `Bearer ${key}` });
    assert.equal(res.status, 400);
    const problem = await res.json();
    assert.equal(problem.code, 'STREAM_CODEC_UNSUPPORTED');
    assert.match(problem.detail, /Opus/);
    const s = await app.client().get(`/api/streams/${token}/status?invite=${code}`);
    assert.equal(s.body.live, false);
  });
});

describe('issue 19: the stream’s facts for receipts, reviews and payouts', () => {
  test('getPartyFacts: minutes on air, peak viewers and guests joined are stored as the stream runs', async () => {
    const { dj, token, code, bookingId } = await party();
    assert.deepEqual(
      { ...(await app.deps.stream.getPartyFacts(bookingId)), bookingId: '' },
      { bookingId: '', minutesLive: 0, peakViewers: 0, guestsJoined: 0, firstLiveAt: null, lastLiveAt: null },
      'nothing before the DJ goes live',
    );
    const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
    const publisher = new TestPublisher();
    const viewer = new TestViewer();
    try {
      await publisher.connect(answerer(`${app.url}/api/streams/whip`, { Authorization: `Bearer ${key}` }));
      await dj.client.post(`/api/streams/${token}/doors`);
      await viewer.connect(answerer(`${app.url}/api/streams/${token}/whep?invite=${code}`));
      await statusUntil(token, code, { live: true, viewers: 1 });
      app.clock.set('2026-12-04T18:42:00Z');
      await app.deps.sfu.end(publisher.sessionId);
      await until(() => !app.deps.sfu.hasPublisher(app.deps.sfu.session(viewer.sessionId)!.roomId), 2000, 'off air');
      let facts = await app.deps.stream.getPartyFacts(bookingId);
      for (let i = 0; i < 50 && facts.minutesLive !== 12; i++) {
        await new Promise((r) => setTimeout(r, 20));
        facts = await app.deps.stream.getPartyFacts(bookingId);
      }
      assert.equal(facts.minutesLive, 12);
      assert.equal(facts.peakViewers, 1);
      assert.equal(facts.guestsJoined, 1);
      assert.ok(facts.firstLiveAt instanceof Date);
    } finally {
      await Promise.all([viewer.close(), publisher.close()]);
    }
  });
});

test('when the party’s time is up (stream.end_party), the embedded room closes: DJ and guests are off, status says so', async () => {
  const { dj, token, code } = await party();
  const key = (await dj.client.post(`/api/streams/${token}/key`)).body.streamKey;
  const publisher = new TestPublisher();
  const viewer = new TestViewer();
  try {
    await publisher.connect(answerer(`${app.url}/api/streams/whip`, { Authorization: `Bearer ${key}` }));
    await dj.client.post(`/api/streams/${token}/doors`);
    await viewer.connect(answerer(`${app.url}/api/streams/${token}/whep?invite=${code}`));
    const partyId = app.deps.sfu.session(publisher.sessionId)!.roomId;
    await statusUntil(token, code, { live: true, viewers: 1 });
    await app.deps.stream.endParty(partyId);
    assert.equal(app.deps.sfu.session(publisher.sessionId), undefined);
    assert.equal(app.deps.sfu.session(viewer.sessionId), undefined);
    await statusUntil(token, code, { live: false, viewers: 0 });
  } finally {
    await Promise.all([viewer.close(), publisher.close()]);
  }
});
