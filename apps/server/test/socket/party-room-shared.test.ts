/**
 * Party-room rules that must hold across server processes: mutes and the chat rate limit live in the database,
 * and a poll's timer closes it through the jobs table with a broadcast. Two servers share one database here;
 * with TEST_REDIS_URL they also share rooms through the Redis adapter, so broadcasts cross between them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from '../support/app.ts';
import { card, createDj, signedIn } from '../support/factories.ts';
import { connectSocket, emitAck, nextEvent, noEvent } from '../support/socket.ts';

type App = Awaited<ReturnType<typeof startTestApp>>;
const redis = process.env.TEST_REDIS_URL;
// Two seats per invite: these tests keep one guest in two tabs on two servers (the default is one seat). A reload
// frees its seat before it takes one again; a third device takes the oldest seat (the last test). Seats are counted
// over the sockets the fan-out can see: with the Redis adapter that is every server; in-process, each server alone.
const env: Record<string, string> = { INVITE_MAX_SEATS: '2', ...(redis ? { REDIS_URL: redis } : {}) };

describe(`party room across two servers (${redis ? 'Redis adapter' : 'in-process fan-out'}, one database)`, () => {
  let a: App, b: App;
  let token: string;
  let dj: Socket, host: Socket, guestOnA: Socket, guestOnB: Socket, otherGuest: Socket;
  let inviteId: string, code: string, otherCode: string, strangerInviteId: string;
  const sockets: Socket[] = [];

  async function join(app: TestApp, invite?: string, as?: Parameters<typeof connectSocket>[1]) {
    const s = await connectSocket(app.url, as);
    sockets.push(s);
    const ack = await emitAck(s, 'room.join', { token, invite });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    return s;
  }

  /** Waits until the guest's invite holds `n` sockets, as server `on` (1: A, 2: B) sees them. */
  async function seatsTaken(on: 1 | 2, n: number) {
    const count = async () => ((await (on === 1 ? a : b).deps.realtime.io?.in(`invite:${inviteId}`).fetchSockets()) ?? []).length;
    for (let i = 0; i < 100 && (await count()) !== n; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await count(), n);
  }

  before(async () => {
    a = await startTestApp({ env, now: '2026-12-01T12:00:00Z' });
    b = await startTestApp({ env, peerOf: a });
    const d = await createDj(a, { profile: { autoAccept: true } });
    const h = await signedIn(a, 'host');
    const bk = (
      await h.client.post('/api/bookings', {
        djProfileId: d.profile.id,
        startsAt: '2026-12-04T19:00:00Z',
        endsAt: '2026-12-04T22:00:00Z',
      })
    ).body.booking;
    token = (await h.client.post(`/api/bookings/${bk.id}/pay`, card())).body.booking.partyToken;
    const i1 = (await h.client.post(`/api/parties/${token}/invites`, { label: 'Alex' })).body.invite;
    const i2 = (await h.client.post(`/api/parties/${token}/invites`, { label: 'Bea' })).body.invite;
    inviteId = i1.id;
    code = new URL(i1.link).searchParams.get('invite')!;
    otherCode = new URL(i2.link).searchParams.get('invite')!;
    // An invite of another party: staff of this party cannot mute it.
    const d2 = await createDj(a, { profile: { autoAccept: true } });
    const bk2 = (
      await h.client.post('/api/bookings', {
        djProfileId: d2.profile.id,
        startsAt: '2026-12-05T19:00:00Z',
        endsAt: '2026-12-05T22:00:00Z',
      })
    ).body.booking;
    const token2 = (await h.client.post(`/api/bookings/${bk2.id}/pay`, card())).body.booking.partyToken;
    strangerInviteId = (await h.client.post(`/api/parties/${token2}/invites`, { label: 'Zed' })).body.invite.id;

    dj = await join(a, undefined, d.client);
    host = await join(b, undefined, h.client);
    guestOnA = await join(a, code);
    guestOnB = await join(b, code); // the same guest, a second tab on the other server
    otherGuest = await join(b, otherCode);
  });
  after(async () => {
    sockets.forEach((s) => s.close());
    await b?.stop();
    await a?.stop();
  });

  test('the chat rate limit counts a guest’s messages on both servers together', async () => {
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await emitAck(i % 2 ? guestOnB : guestOnA, 'chat.send', { text: `burst ${i}` }));
    assert.equal(results.filter((r) => r.ok).length, 10, 'ten go through, whichever server they hit');
    assert.ok(results.slice(10).every((r) => !r.ok && r.problem.code === 'RATE_LIMITED'));
    assert.equal((await emitAck(otherGuest, 'chat.send', { text: 'others unaffected' })).ok, true);
    a.clock.advance(11_000);
    assert.equal((await emitAck(guestOnB, 'chat.send', { text: 'after the window' })).ok, true, 'the window slides');
  });

  test('concurrent sends from two servers never pass the limit', async () => {
    a.clock.advance(11_000);
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => emitAck(i % 2 ? guestOnB : guestOnA, 'chat.send', { text: `race ${i}` })),
    );
    assert.equal(results.filter((r) => r.ok).length, 10);
  });

  test('a mute set on one server holds on the other; staff of another party cannot mute; unmute restores', async () => {
    a.clock.advance(11_000);
    assert.equal((await emitAck(otherGuest, 'guest.mute', { inviteId })).problem.code, 'FORBIDDEN', 'guests cannot mute');
    assert.equal((await emitAck(dj, 'guest.mute', { inviteId: strangerInviteId })).problem.code, 'NOT_FOUND');
    const told = nextEvent(guestOnA, 'room.muted'); // the DJ is on server A, like this tab of the guest
    assert.equal((await emitAck(dj, 'guest.mute', { inviteId })).ok, true);
    await told;
    assert.equal((await emitAck(guestOnB, 'chat.send', { text: 'let me talk' })).problem.code, 'FORBIDDEN');
    assert.equal((await emitAck(guestOnA, 'chat.send', { text: 'let me talk' })).problem.code, 'FORBIDDEN');
    assert.equal((await emitAck(guestOnA, 'request.create', { title: 'Song', artist: 'Artist' })).problem.code, 'FORBIDDEN');
    assert.equal((await emitAck(otherGuest, 'chat.send', { text: 'I am fine' })).ok, true);

    // A new connection (the tab on server B reloads, or B restarted) still knows.
    guestOnB.close();
    await seatsTaken(2, redis ? 1 : 0); // in-process, server B sees only its own sockets
    const again = await connectSocket(b.url);
    sockets.push(again);
    const snap = (await emitAck(again, 'room.join', { token, invite: code })).data;
    guestOnB = again;
    assert.equal(snap.me.muted, true);
    assert.deepEqual(snap.muted, [], 'guests do not see the mute list');
    const other = await connectSocket(a.url);
    sockets.push(other);
    assert.equal(
      (await emitAck(other, 'room.join', { token, invite: otherCode })).data.me.muted,
      false,
      'only that guest is muted',
    );

    assert.equal((await emitAck(host, 'guest.unmute', { inviteId })).ok, true);
    assert.equal((await emitAck(host, 'guest.unmute', { inviteId })).problem.code, 'NOT_FOUND', 'not muted any more');
    assert.equal((await emitAck(guestOnA, 'chat.send', { text: 'thanks!' })).ok, true);
  });

  test('guest messages carry the author’s invite id so staff can moderate from the chat', async () => {
    a.clock.advance(11_000);
    const seen = nextEvent(dj, 'chat.message_created');
    await emitAck(guestOnA, 'chat.send', { text: 'hello staff' });
    assert.equal((await seen).authorInviteId, inviteId);
    const hostSnap = (await emitAck(host, 'room.join', { token })).data;
    assert.equal(hostSnap.messages.at(-1).authorInviteId, inviteId);
    assert.equal(hostSnap.messages.find((m: { authorRole: string }) => m.authorRole === 'dj')?.authorInviteId ?? null, null);
  });

  test('a timed poll closes when its time is up and everyone is told, once', async () => {
    const poll = (await emitAck(dj, 'poll.create', { question: 'Encore?', options: ['Yes', 'No'], durationSeconds: 30 })).data;
    assert.equal(poll.closed, false);
    await b.deps.jobs.drain(); // whatever else is due (booking jobs) — the poll's job is not yet
    assert.equal((await emitAck(otherGuest, 'poll.vote', { id: poll.id, option: 0 })).ok, true, 'still open before its time');
    a.clock.advance(31_000);
    // Vote broadcasts may still be in flight through Redis: wait for the closing one.
    const closing = (s: Socket, id: string = poll.id) =>
      new Promise<any>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no closing poll.updated')), 3000);
        const h = (p: { id: string; closed: boolean }) => {
          if (p.id !== id || !p.closed) return;
          clearTimeout(timer);
          s.off('poll.updated', h);
          resolve(p);
        };
        s.on('poll.updated', h);
      });
    const onA = redis ? closing(guestOnA) : null;
    const onB = closing(otherGuest);
    assert.ok((await b.deps.jobs.drain()) >= 1, 'the close job ran (on the other server)');
    const closedB = await onB;
    assert.equal(closedB.closed, true);
    assert.deepEqual(closedB.counts, [1, 0]);
    if (onA) assert.equal((await onA).closed, true, 'guests on the other server are told too');
    assert.equal((await emitAck(guestOnA, 'poll.vote', { id: poll.id, option: 1 })).problem.code, 'CONFLICT');
    // A poll closed by hand before its timer is not announced again when the job comes due.
    const earlyAck = await emitAck(host, 'poll.create', { question: 'Lights?', options: ['On', 'Off'], durationSeconds: 20 });
    assert.equal(earlyAck.ok, true, JSON.stringify(earlyAck));
    const early = earlyAck.data;
    // Wait for the hand-close broadcast itself (a fixed pause let it slip into the quiet window under load).
    const handClosed = closing(otherGuest, early.id);
    await emitAck(host, 'poll.close', { id: early.id });
    assert.equal((await handClosed).id, early.id);
    a.clock.advance(21_000);
    const quiet = noEvent(otherGuest, 'poll.updated', 300);
    await a.deps.jobs.drain();
    await quiet;
  });

  test(
    'devices joining one invite at the same instant on both servers end with its two seats, no more',
    { skip: !redis && 'TEST_REDIS_URL not set (in-process fan-out: each server counts only its own sockets)' },
    async () => {
      const p = otherCode; // Bea's invite: 2 seats, only otherGuest (server B) holds one
      const fresh = await Promise.all([a, b, a, b].map((app) => connectSocket(app.url)));
      sockets.push(...fresh);
      await Promise.all(fresh.map((s) => emitAck(s, 'room.join', { token, invite: p }).catch(() => null)));
      await new Promise((r) => setTimeout(r, 300)); // disconnects of the outranked land
      const still = [otherGuest, ...fresh].filter((s) => s.connected);
      assert.equal(still.length, 2, 'two seats held across both servers');
      assert.equal(otherGuest.connected, false, 'the oldest device gave its seat up');
      otherGuest = still[0]!;
    },
  );

  test(
    'a third device with the two-seat invite takes the oldest seat, on the other server',
    { skip: !redis && 'TEST_REDIS_URL not set (in-process fan-out: each server counts only its own sockets)' },
    async () => {
      await seatsTaken(1, 2);
      const removed = nextEvent(guestOnA, 'room.removed');
      const gone = new Promise((r) => guestOnA.once('disconnect', r));
      const third = await join(b, code); // guestOnA (server A) is the oldest of the three
      assert.match((await removed).reason, /another device/);
      await gone;
      await seatsTaken(1, 2);
      assert.equal((await emitAck(third, 'chat.send', { text: 'my seat now' })).ok, true);
      assert.equal(guestOnB.connected, true, 'the newer tab keeps its seat');
    },
  );
});
