/**
 * Issue 17 item 4: a guest whose connection is down when the host revokes the invite must not come back through
 * Socket.io's connection-state recovery: every recovered connection is re-authorised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { useTestApp } from '../support/app.ts';
import { bookedParty } from '../support/factories.ts';
import { connectSocket, emitAck, nextEvent } from '../support/socket.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

/** A guest socket that reconnects only when told to (so the test can act while it is down). */
async function guestSocket(): Promise<Socket> {
  const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

async function dropAndReconnect(s: Socket, whileDown: () => Promise<void>): Promise<void> {
  const down = new Promise((r) => s.once('disconnect', r));
  s.io.engine.close(); // the network drops
  await down;
  await whileDown();
  const up = new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  s.connect();
  await up;
}

test('a guest who drops and comes back is recovered with the messages missed (control)', async () => {
  const p = await bookedParty(app, { guests: ['Alex'] });
  const dj = await connectSocket(app.url, p.dj.client);
  assert.equal((await emitAck(dj, 'room.join', { token: p.token })).ok, true);
  const g = await guestSocket();
  assert.equal((await emitAck(g, 'room.join', { token: p.token, invite: p.invites[0]!.code })).ok, true);
  const got: string[] = [];
  g.on('chat.message_created', (m: { text: string }) => got.push(m.text));
  await dropAndReconnect(g, async () => {
    assert.equal((await emitAck(dj, 'chat.send', { text: 'while you were away' })).ok, true);
  });
  assert.equal(g.recovered, true);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(got, ['while you were away']);
  assert.equal((await emitAck(g, 'chat.send', { text: 'back' })).ok, true);
  g.close();
  dj.close();
});

test('a guest revoked while their connection was down is not recovered: no rooms, no missed messages, no chat', async () => {
  const p = await bookedParty(app, { guests: ['Alex', 'Bea'] });
  const dj = await connectSocket(app.url, p.dj.client);
  assert.equal((await emitAck(dj, 'room.join', { token: p.token })).ok, true);
  const g = await guestSocket();
  const [alex, bea] = p.invites;
  assert.equal((await emitAck(g, 'room.join', { token: p.token, invite: alex!.code })).ok, true);
  const got: string[] = [];
  g.on('chat.message_created', (m: { text: string }) => got.push(m.text));
  const other = await connectSocket(app.url);
  assert.equal((await emitAck(other, 'room.join', { token: p.token, invite: bea!.code })).ok, true);

  await dropAndReconnect(g, async () => {
    assert.equal((await p.host.client.delete(`/api/parties/${p.token}/invites/${alex!.id}`)).status, 204);
    assert.equal((await emitAck(dj, 'chat.send', { text: 'after the revoke' })).ok, true);
  });
  assert.equal(g.recovered, false, 'the session must not be recovered');
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(got, [], 'nothing sent after the revoke reaches the revoked guest');
  const chat = await emitAck(g, 'chat.send', { text: 'sneaking back' });
  assert.equal(chat.ok, false);
  assert.equal(chat.problem.code, 'AUTH_REQUIRED');
  assert.equal(
    (await emitAck(g, 'request.create', { title: 'One More Time', artist: 'Daft Punk' })).problem.code,
    'AUTH_REQUIRED',
  );
  assert.equal((await emitAck(g, 'room.join', { token: p.token, invite: alex!.code })).problem.code, 'NOT_FOUND');
  // The room did not see the revoked guest speak, and the other guest is still in.
  const seen = nextEvent(other, 'chat.message_created');
  assert.equal((await emitAck(other, 'chat.send', { text: 'still here' })).ok, true);
  assert.equal((await seen).text, 'still here');
  g.close();
  other.close();
  dj.close();
});

test('a logged-in member whose session ended while disconnected is not recovered', async () => {
  const p = await bookedParty(app, { guests: [] });
  const cookie = [...p.host.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { Cookie: cookie } });
  await new Promise<void>((r) => s.once('connect', () => r()));
  assert.equal((await emitAck(s, 'room.join', { token: p.token })).ok, true);
  await dropAndReconnect(s, async () => {
    assert.equal((await p.host.client.post('/api/auth/logout')).status < 300, true);
  });
  assert.equal(s.recovered, false);
  assert.equal((await emitAck(s, 'chat.send', { text: 'hi' })).problem.code, 'AUTH_REQUIRED');
  s.close();
});
