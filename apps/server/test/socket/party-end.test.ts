/**
 * Issue 19: the end of the party. The DJ ends it from the room: every guest gets `party.ended` with the set list,
 * later joins see the same wrap, the stream cannot go live again, and the booking takes the rows due by then
 * (after the booked end: completed; before it: live, completed later by its own timer). When the stream window
 * closes without the DJ ending it, the room is told too.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import { useTestApp } from '../support/app.ts';
import { bookedParty } from '../support/factories.ts';
import { connectSocket, emitAck, nextEvent, noEvent } from '../support/socket.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });
const sockets: Socket[] = [];
after(() => sockets.forEach((s) => s.close()));

async function joined(client: Parameters<typeof connectSocket>[1] | undefined, token: string, invite?: string) {
  const s = await connectSocket(app.url, client);
  sockets.push(s);
  const ack = await emitAck(s, 'room.join', { token, invite });
  assert.equal(ack.ok, true, JSON.stringify(ack));
  return { socket: s, snapshot: ack.data };
}

async function stateOf(p: Awaited<ReturnType<typeof bookedParty>>) {
  return (await p.host.client.get(`/api/bookings/${p.bookingId}`)).body.booking.state as string;
}

describe('the DJ ends the party', () => {
  test('after the booked end: guests get the wrap with the played set list, the booking completes, nobody goes live again', async () => {
    app.clock.set('2026-12-01T12:00:00Z');
    const p = await bookedParty(app, { guests: ['Alex', 'Bea'] });
    app.clock.set('2026-12-04T19:00:00Z');
    await app.deps.jobs.drain();
    assert.equal(await stateOf(p), 'live');

    const dj = await joined(p.dj.client, p.token);
    const host = await joined(p.host.client, p.token);
    const alex = await joined(undefined, p.token, p.invites[0]!.code);
    const bea = await joined(undefined, p.token, p.invites[1]!.code);
    assert.equal(alex.snapshot.ended, null);
    assert.deepEqual(alex.snapshot.party, {
      djStageName: p.dj.profile.stageName,
      hostName: p.host.user.displayName,
      bookingId: null,
    });
    assert.equal(host.snapshot.party.bookingId, p.bookingId);

    const a = (await emitAck(alex.socket, 'request.create', { title: 'One More Time', artist: 'Daft Punk' })).data[0];
    const b = (await emitAck(bea.socket, 'request.create', { title: 'Vogue', artist: 'Madonna' })).data;
    const vogue = b.find((r: { title: string }) => r.title === 'Vogue');
    await emitAck(bea.socket, 'request.create', { title: 'Never Played', artist: 'Nobody' });
    app.clock.set('2026-12-04T20:00:00Z');
    await emitAck(dj.socket, 'request.set_status', { id: vogue.id, status: 'played' });
    app.clock.set('2026-12-04T21:00:00Z');
    await emitAck(dj.socket, 'request.set_status', { id: a.id, status: 'played' });

    // A guest cannot end it.
    assert.equal((await emitAck(alex.socket, 'party.end', {})).problem.code, 'FORBIDDEN');

    app.clock.set('2026-12-04T22:05:00Z');
    const seenByAlex = nextEvent(alex.socket, 'party.ended');
    const seenByBea = nextEvent(bea.socket, 'party.ended');
    const ack = await emitAck(dj.socket, 'party.end', {});
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const wrap = await seenByAlex;
    assert.deepEqual(await seenByBea, wrap);
    assert.equal(wrap.endedBy, 'dj');
    assert.equal(wrap.endedAt, '2026-12-04T22:05:00.000Z');
    assert.deepEqual(
      wrap.setList.map((s: { title: string; requestedByName: string }) => [s.title, s.requestedByName]),
      [
        ['Vogue', 'Bea'],
        ['One More Time', 'Alex'],
      ],
    );
    assert.equal(await stateOf(p), 'completed');

    // Ending twice changes nothing and tells nobody again.
    const again = noEvent(alex.socket, 'party.ended');
    assert.deepEqual((await emitAck(dj.socket, 'party.end', {})).data, wrap);
    await again;

    // A guest who comes back sees the wrap; the DJ cannot go live again.
    const late = await joined(undefined, p.token, p.invites[0]!.code);
    assert.deepEqual(late.snapshot.ended, wrap);
    const res = await p.dj.client.get(`/api/streams/${p.token}/publish-credentials`);
    assert.equal(res.status, 403);
    assert.match(res.body.detail, /over/);
  });

  test('before the booked end the party ends for the room but the booking completes only at its end', async () => {
    app.clock.set('2026-12-01T12:00:00Z');
    const p = await bookedParty(app, { startsAt: '2026-12-05T19:00:00Z', endsAt: '2026-12-05T22:00:00Z' });
    app.clock.set('2026-12-05T18:30:00Z');
    const dj = await joined(p.dj.client, p.token);
    const guest = await joined(undefined, p.token, p.invites[0]!.code);
    // During the soundcheck there is nothing to end yet.
    assert.equal((await emitAck(dj.socket, 'party.end', {})).problem.code, 'CONFLICT');

    // The start timer has not run yet (no runner here): ending takes the due `start` row itself.
    app.clock.set('2026-12-05T21:00:00Z');
    const seen = nextEvent(guest.socket, 'party.ended');
    assert.equal((await emitAck(dj.socket, 'party.end', {})).ok, true);
    assert.deepEqual((await seen).setList, []);
    assert.equal(await stateOf(p), 'live');

    app.clock.set('2026-12-05T22:00:00Z');
    await app.deps.jobs.drain();
    assert.equal(await stateOf(p), 'completed');
  });

  test('a DJ streaming from OBS ends the party over HTTP: the room gets the same wrap; host, guest and others cannot', async () => {
    app.clock.set('2026-12-01T12:00:00Z');
    const p = await bookedParty(app, { startsAt: '2026-12-11T19:00:00Z', endsAt: '2026-12-11T21:00:00Z' });
    const other = await bookedParty(app, { startsAt: '2026-12-12T19:00:00Z', endsAt: '2026-12-12T21:00:00Z' });
    const guest = await joined(undefined, p.token, p.invites[0]!.code);
    app.clock.set('2026-12-11T18:50:00Z');
    const early = await p.dj.client.post(`/api/parties/${p.token}/end`, {});
    assert.equal(early.status, 409, 'not before it starts');
    app.clock.set('2026-12-11T21:05:00Z');
    assert.equal((await app.client().post(`/api/parties/${p.token}/end`, {})).status, 401);
    assert.equal((await p.host.client.post(`/api/parties/${p.token}/end`, {})).status, 403, 'the host cannot');
    assert.equal((await other.dj.client.post(`/api/parties/${p.token}/end`, {})).status, 404, "another party's DJ");
    assert.equal((await p.dj.client.post('/api/parties/not-a-token/end', {})).status, 400);
    const seen = nextEvent(guest.socket, 'party.ended');
    const ended = await p.dj.client.post(`/api/parties/${p.token}/end`, {});
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.equal(ended.body.wrap.endedBy, 'dj');
    assert.deepEqual(await seen, ended.body.wrap);
    assert.equal(await stateOf(p), 'completed', 'after the booked end the booking completes');
    const again = await p.dj.client.post(`/api/parties/${p.token}/end`, {});
    assert.deepEqual(again.body.wrap, ended.body.wrap, 'ending twice answers the same wrap');
    await noEvent(guest.socket, 'party.ended', 100);
  });

  test('when the stream window closes without the DJ ending it, the room is told the time is up', async () => {
    app.clock.set('2026-12-01T12:00:00Z');
    const p = await bookedParty(app, { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T21:00:00Z' });
    app.clock.set('2026-12-04T19:10:00Z');
    // Watching prepares the stream room, which schedules its end (end + grace).
    assert.equal((await p.host.client.get(`/api/streams/${p.token}/view-credentials`)).status, 200);
    const guest = await joined(undefined, p.token, p.invites[0]!.code);
    const seen = nextEvent(guest.socket, 'party.ended');
    app.clock.set('2026-12-04T21:31:00Z');
    await app.deps.jobs.drain();
    const wrap = await seen;
    assert.equal(wrap.endedBy, 'time');
    assert.equal(await stateOf(p), 'completed');
  });
});
