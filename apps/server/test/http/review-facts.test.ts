import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { bookedParty } from '../support/factories.ts';
import { connectSocket, emitAck } from '../support/socket.ts';
import { TestPublisher, TestViewer, until } from '../../../../packages/media/test/support/peers.ts';

// Issue 15: the "verified party" line is made of what the platform measured — minutes on air and guests watching
// from the streaming provider (stream_facts), song requests the DJ marked played in the party room.
// The party is Friday 19:00–22:00 UTC, booked on the Tuesday before.
const app = useTestApp({ now: '2026-12-01T12:00:00Z', env: { SFU_ICE_LOOPBACK: 'true' } });
const peers: { close(): Promise<void> }[] = [];
after(async () => {
  for (const p of peers) await p.close().catch(() => {});
});

const answerer =
  (url: string, headers: Record<string, string> = {}) =>
  async (offer: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: offer });
    assert.equal(res.status, 201, await res.clone().text());
    return {
      sessionId: new URL(res.headers.get('location')!, 'http://x').pathname.split('/').pop()!,
      answerSdp: await res.text(),
    };
  };

async function viewersUntil(token: string, code: string, viewers: number) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const body = (await app.client().get(`/api/streams/${token}/status?invite=${code}`)).body;
    if (body.live && body.viewers === viewers) return;
    if (Date.now() > deadline) assert.fail(`status: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function bothReview(p: { bookingId: string; host: { client: TestClientLike }; dj: { client: TestClientLike } }) {
  const h = await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, { stars: 5, text: 'Great.' });
  assert.equal(h.status, 201, h.text);
  const d = await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, { stars: 5, text: 'Lovely crowd.' });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.review.status, 'published');
  const view = (await p.dj.client.get(`/api/reviews/bookings/${p.bookingId}`)).body;
  return { host: view.theirs.verified, dj: view.mine.verified };
}
type TestClientLike = Awaited<ReturnType<typeof bookedParty>>['host']['client'];

describe('verified facts come from the stream and the party room', () => {
  test('minutes on air and guests from the streaming provider, played requests from the room; both reviews carry them', async () => {
    const p = await bookedParty(app, { bookAt: '2026-12-01T12:00:00Z', guests: ['Ana', 'Ben', 'Cleo'] });
    const [ana, ben] = p.invites;

    // Soundcheck at 18:30: the DJ goes on air over WHIP, opens the doors; two of the three guests watch.
    app.clock.set('2026-12-04T18:30:00Z');
    const key = (await p.dj.client.post(`/api/streams/${p.token}/key`)).body.streamKey as string;
    const publisher = new TestPublisher();
    peers.push(publisher);
    await publisher.connect(answerer(`${app.url}/api/streams/whip`, { Authorization: `Bearer ${key}` }));
    assert.equal((await p.dj.client.post(`/api/streams/${p.token}/doors`)).status, 200);
    for (const code of [ana!.code, ben!.code]) {
      const viewer = new TestViewer();
      peers.push(viewer);
      await viewer.connect(answerer(`${app.url}/api/streams/${p.token}/whep?invite=${code}`));
    }
    await viewersUntil(p.token, ana!.code, 2);

    // The party starts; in the room two songs are requested, the DJ plays one and declines the other.
    app.clock.set('2026-12-04T19:00:00Z');
    await app.deps.jobs.drain();
    const dj = await connectSocket(app.url, p.dj.client);
    const guest = await connectSocket(app.url);
    try {
      assert.equal((await emitAck(dj, 'room.join', { token: p.token })).ok, true);
      assert.equal((await emitAck(guest, 'room.join', { token: p.token, invite: ana!.code })).ok, true);
      const q1 = (await emitAck(guest, 'request.create', { title: 'One More Time', artist: 'Daft Punk' })).data;
      const q2 = (await emitAck(guest, 'request.create', { title: 'Dancing Queen', artist: 'ABBA' })).data;
      const id = (xs: { id: string; title: string }[], t: string) => xs.find((r) => r.title === t)!.id;
      assert.equal((await emitAck(dj, 'request.set_status', { id: id(q1, 'One More Time'), status: 'played' })).ok, true);
      assert.equal((await emitAck(dj, 'request.set_status', { id: id(q2, 'Dancing Queen'), status: 'declined' })).ok, true);
    } finally {
      dj.close();
      guest.close();
    }

    // Off air at 21:45 (3 h 15 min after going live); the party completes at 22:00.
    app.clock.set('2026-12-04T21:45:00Z');
    const room = app.deps.sfu.session(publisher.sessionId)!.roomId;
    await app.deps.sfu.end(publisher.sessionId);
    await until(() => !app.deps.sfu.hasPublisher(room), 2000, 'off air');
    let facts = await app.deps.stream.getPartyFacts(p.bookingId);
    for (let i = 0; i < 50 && facts.minutesLive !== 195; i++) {
      await new Promise((r) => setTimeout(r, 20));
      facts = await app.deps.stream.getPartyFacts(p.bookingId);
    }
    app.clock.set('2026-12-04T22:00:00Z');
    await app.deps.jobs.drain();
    app.clock.set('2026-12-05T10:00:00Z');

    const verified = { minutesLive: 195, guestsJoined: 2, requestsPlayed: 1 };
    assert.deepEqual(await bothReview(p), { host: verified, dj: verified });
    const page = (await app.client().get(`/api/reviews/djs/${p.dj.profile.id}`)).body;
    assert.deepEqual(page.items[0].verified, verified, 'the public review shows the same line');
  });

  test('a party whose booking went live on the clock but never on air gets no verified line', async () => {
    const p = await bookedParty(app, {
      bookAt: '2026-12-01T12:00:00Z',
      startsAt: '2026-12-05T19:00:00Z',
      endsAt: '2026-12-05T22:00:00Z',
    });
    // The DJ opens the doors, the booking goes live, a guest opens the party page: yet nothing was streamed.
    app.clock.set('2026-12-05T18:40:00Z');
    assert.equal((await p.dj.client.post(`/api/streams/${p.token}/doors`)).status, 200);
    app.clock.set('2026-12-05T19:00:00Z');
    await app.deps.jobs.drain();
    assert.equal((await app.client().get(`/api/parties/${p.token}?invite=${p.invites[0]!.code}`)).status, 200);
    app.clock.set('2026-12-05T22:00:00Z');
    await app.deps.jobs.drain();
    assert.equal((await p.host.client.get(`/api/bookings/${p.bookingId}`)).body.booking.state, 'completed');
    app.clock.set('2026-12-06T10:00:00Z');
    assert.deepEqual(await bothReview(p), { host: null, dj: null });
  });
});
