import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import { useTestApp } from '../support/app.ts';
import { card, createDj, signedIn } from '../support/factories.ts';
import { connectSocket, emitAck, nextEvent, noEvent } from '../support/socket.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

describe('party room', () => {
  let token: string;
  let dj: Socket, host: Socket, g1: Socket, g2: Socket;
  let invite2Id: string;
  let code1: string, code2: string, code3: string;
  const sockets: Socket[] = [];

  before(async () => {
    const d = await createDj(app, { profile: { autoAccept: true } });
    const h = await signedIn(app, 'host');
    const b = (
      await h.client.post('/api/bookings', {
        djProfileId: d.profile.id,
        startsAt: '2026-12-04T19:00:00Z',
        endsAt: '2026-12-04T22:00:00Z',
      })
    ).body.booking;
    token = (await h.client.post(`/api/bookings/${b.id}/pay`, card())).body.booking.partyToken;
    const i1 = (await h.client.post(`/api/parties/${token}/invites`, { label: 'Alex' })).body.invite;
    const i2 = (await h.client.post(`/api/parties/${token}/invites`, { label: 'Bea' })).body.invite;
    code1 = new URL(i1.link).searchParams.get('invite')!;
    code2 = new URL(i2.link).searchParams.get('invite')!;
    // A third guest for the later joins: an invite holds one seat at a time (issue 17), so reusing code1 would
    // take Alex's seat.
    const i3 = (await h.client.post(`/api/parties/${token}/invites`, { label: 'Cleo' })).body.invite;
    code3 = new URL(i3.link).searchParams.get('invite')!;
    invite2Id = i2.id;
    dj = await connectSocket(app.url, d.client);
    host = await connectSocket(app.url, h.client);
    g1 = await connectSocket(app.url);
    g2 = await connectSocket(app.url);
    sockets.push(dj, host, g1, g2);
    for (const [s, invite] of [
      [dj, undefined],
      [host, undefined],
      [g1, code1],
      [g2, code2],
    ] as const) {
      const ack = await emitAck(s, 'room.join', { token, invite });
      assert.equal(ack.ok, true, JSON.stringify(ack));
    }
  });
  after(() => sockets.forEach((s) => s.close()));

  test('without a valid invite nobody gets in', async () => {
    const s = await connectSocket(app.url);
    sockets.push(s);
    assert.equal((await emitAck(s, 'room.join', { token })).problem.code, 'NOT_FOUND');
    assert.equal((await emitAck(s, 'room.join', { token, invite: 'AAAAAAAAAAAAAAAAAAAAAA' })).problem.code, 'NOT_FOUND');
    assert.equal((await emitAck(s, 'room.join', { token: 'x' })).problem.code, 'VALIDATION_FAILED');
    assert.equal((await emitAck(s, 'chat.send', { text: 'hi' })).problem.code, 'AUTH_REQUIRED');
  });

  test("who's here: everyone gets the count; only the host and the DJ get the names", async () => {
    const cleo = await connectSocket(app.url);
    sockets.push(cleo);
    const toGuest = nextEvent(g1, 'presence.updated');
    const toHost = nextEvent(host, 'presence.updated', 3000, (p: { names: string[] }) => p.names.length > 0);
    const snap = (await emitAck(cleo, 'room.join', { token, invite: code3 })).data;
    assert.deepEqual(snap.presence, { count: 5, names: [] }, "a guest's snapshot has no names");
    assert.deepEqual((await toGuest).names, []);
    assert.equal((await toGuest).count, 5);
    assert.ok((await toHost).names.includes('Cleo'), JSON.stringify(await toHost));
    const hostSnap = (await emitAck(host, 'room.join', { token })).data;
    assert.ok(hostSnap.presence.names.includes('Alex'));
    cleo.close();
  });

  test('chat flows both ways, is kept as plain text, and comes back as history on join', async () => {
    const seenByDj = nextEvent(dj, 'chat.message_created');
    const ack = await emitAck(g1, 'chat.send', { text: '<img src=x onerror=alert(1)> play Daft Punk 🎉' });
    assert.equal(ack.ok, true);
    const msg = await seenByDj;
    assert.equal(msg.text, '<img src=x onerror=alert(1)> play Daft Punk 🎉');
    assert.equal(msg.authorName, 'Alex');
    assert.equal(msg.authorRole, 'guest');
    const seenByGuest = nextEvent(g1, 'chat.message_created');
    await emitAck(dj, 'chat.send', { text: 'Coming right up!' });
    assert.equal((await seenByGuest).authorRole, 'dj');
    const late = await connectSocket(app.url);
    sockets.push(late);
    const snap = await emitAck(late, 'room.join', { token, invite: code3 });
    assert.deepEqual(
      snap.data.messages.slice(-2).map((m: { text: string }) => m.text),
      ['<img src=x onerror=alert(1)> play Daft Punk 🎉', 'Coming right up!'],
    );
    late.close();
  });

  test('a spam burst is refused for the spammer only; empty or oversized messages are refused', async () => {
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await emitAck(g2, 'chat.send', { text: `spam ${i}` }));
    assert.ok(results.some((r) => !r.ok && r.problem.code === 'RATE_LIMITED'));
    assert.equal((await emitAck(g1, 'chat.send', { text: 'I can still talk' })).ok, true);
    assert.equal((await emitAck(g1, 'chat.send', { text: '   ' })).problem.code, 'VALIDATION_FAILED');
    assert.equal((await emitAck(g1, 'chat.send', { text: 'x'.repeat(501) })).problem.code, 'VALIDATION_FAILED');
  });

  test('the DJ or host deletes a message; a guest cannot', async () => {
    const m = (await emitAck(g1, 'chat.send', { text: 'oops' })).data;
    assert.equal((await emitAck(g2, 'chat.delete', { id: m.id })).problem.code, 'FORBIDDEN');
    const gone = nextEvent(g2, 'chat.message_deleted');
    assert.equal((await emitAck(host, 'chat.delete', { id: m.id })).ok, true);
    assert.deepEqual(await gone, { id: m.id });
  });

  test('song requests: one upvote per guest, queue ordered by votes, DJ marks played, set list exported', async () => {
    const a = (await emitAck(g1, 'request.create', { title: 'One More Time', artist: 'Daft Punk' })).data;
    const id1 = a.find((r: { title: string }) => r.title === 'One More Time').id;
    const b = (await emitAck(g2, 'request.create', { title: 'Dancing Queen', artist: 'ABBA' })).data;
    const id2 = b.find((r: { title: string }) => r.title === 'Dancing Queen').id;
    await emitAck(g1, 'request.vote', { id: id2 });
    assert.equal((await emitAck(g1, 'request.vote', { id: id2 })).problem.code, 'CONFLICT', 'vote stuffing refused');
    const queue = (await emitAck(g2, 'request.vote', { id: id2 })).data;
    assert.deepEqual(
      queue.map((r: { title: string; votes: number }) => [r.title, r.votes]),
      [
        ['Dancing Queen', 2],
        ['One More Time', 0],
      ],
    );
    assert.equal((await emitAck(g1, 'request.set_status', { id: id1, status: 'played' })).problem.code, 'FORBIDDEN');
    const update = nextEvent(g1, 'request.queue_updated');
    await emitAck(dj, 'request.set_status', { id: id2, status: 'played' });
    assert.equal((await update).find((r: { id: string }) => r.id === id2).status, 'played');
    const h = await signedIn(app, 'host');
    assert.equal((await h.client.get(`/api/parties/${token}/setlist.csv`)).status, 404, 'other hosts cannot export');
  });

  test('polls: staff open them, each guest votes once (changeable), counts are live, closed polls refuse votes', async () => {
    assert.equal((await emitAck(g1, 'poll.create', { question: 'Next?', options: ['a', 'b'] })).problem.code, 'FORBIDDEN');
    assert.equal((await emitAck(host, 'poll.create', { question: 'Too few', options: ['a'] })).problem.code, 'VALIDATION_FAILED');
    const poll = (await emitAck(host, 'poll.create', { question: 'Next genre?', options: ['Disco', 'House', 'Techno'] })).data;
    await emitAck(g1, 'poll.vote', { id: poll.id, option: 0 });
    await emitAck(g2, 'poll.vote', { id: poll.id, option: 1 });
    const changed = (await emitAck(g2, 'poll.vote', { id: poll.id, option: 0 })).data;
    assert.deepEqual(changed.counts, [2, 0, 0]);
    assert.equal(changed.myVote, 0);
    assert.equal((await emitAck(g1, 'poll.vote', { id: poll.id, option: 5 })).problem.code, 'VALIDATION_FAILED');
    const closedEvt = nextEvent(g1, 'poll.updated');
    await emitAck(dj, 'poll.close', { id: poll.id });
    assert.equal((await closedEvt).closed, true);
    assert.equal((await emitAck(g1, 'poll.vote', { id: poll.id, option: 2 })).problem.code, 'CONFLICT');
  });

  test('reactions are aggregated into short bursts', async () => {
    const bursts: Record<string, number>[] = [];
    const onBurst = (b: Record<string, number>) => bursts.push(b);
    dj.on('reaction.burst', onBurst);
    await Promise.all(
      [g1, g2, host].flatMap((s) =>
        Array.from({ length: 10 }, (_, i) => emitAck(s, 'reaction.send', { emoji: i % 2 ? '🔥' : '🎉' })),
      ),
    );
    await new Promise((r) => setTimeout(r, 600));
    dj.off('reaction.burst', onBurst);
    const total = bursts.reduce((n, b) => n + Object.values(b).reduce((a, c) => a + c, 0), 0);
    assert.equal(total, 30, 'every tap counted');
    assert.ok(bursts.length <= 3, `${bursts.length} broadcasts for 30 taps`);
    assert.equal((await emitAck(g1, 'reaction.send', { emoji: '<script>' })).problem.code, 'VALIDATION_FAILED');
  });

  test('the host changes the theme for everyone; guests cannot', async () => {
    assert.equal((await emitAck(g1, 'theme.set', { theme: 'disco' })).problem.code, 'FORBIDDEN');
    const seen = nextEvent(g1, 'theme.changed');
    assert.equal((await emitAck(host, 'theme.set', { theme: 'disco' })).ok, true);
    assert.deepEqual(await seen, { theme: 'disco' });
  });

  test('a guest who drops for a moment gets the messages sent meanwhile (connection-state recovery)', async () => {
    const { io } = await import('socket.io-client');
    const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200 });
    sockets.push(s);
    await new Promise<void>((r) => s.once('connect', () => r()));
    assert.equal((await s.timeout(3000).emitWithAck('room.join', { token, invite: code3 })).ok, true);
    const got: string[] = [];
    s.on('chat.message_created', (m: { text: string }) => got.push(m.text));
    const back = new Promise<void>((r) => s.io.once('reconnect', () => r()));
    s.io.engine.close(); // the network drops
    await emitAck(dj, 'chat.send', { text: 'sent while you were away' });
    await back;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(s.recovered, true, 'the session was recovered, not restarted');
    assert.ok(got.includes('sent while you were away'), `missed message delivered: ${JSON.stringify(got)}`);
    assert.equal((await emitAck(s, 'chat.send', { text: 'back again' })).ok, true, 'still a participant after recovery');
    s.close();
  });

  test('a removed guest is cut off and cannot rejoin; others are unaffected', async () => {
    const removed = nextEvent(g2, 'room.removed');
    const disconnected = new Promise((r) => g2.once('disconnect', r));
    assert.equal((await emitAck(host, 'guest.remove', { inviteId: invite2Id })).ok, true);
    await removed;
    await disconnected;
    const again = await connectSocket(app.url);
    sockets.push(again);
    assert.equal((await emitAck(again, 'room.join', { token, invite: code2 })).problem.code, 'NOT_FOUND');
    await noEvent(g1, 'room.removed', 100);
    assert.equal((await emitAck(g1, 'chat.send', { text: 'still here' })).ok, true);
  });
});
