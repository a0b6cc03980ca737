/**
 * Issue 17 item 5: costly things have limits, and the login lockout slows an attacker without locking out the owner.
 * TRUST_PROXY is on so each request can say which address it comes from (X-Forwarded-For).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { io, type Socket } from 'socket.io-client';
import { useTestApp } from '../support/app.ts';

import { bookedParty, createDj, createUser, TEST_PASSWORD, uniqueEmail } from '../support/factories.ts';
import { connectSocket, emitAck, nextEvent } from '../support/socket.ts';
import { IMAGE_CONCURRENCY, withImageSlot } from '../../src/features/dj/photo.ts';
import { SESSION_COOKIE } from '../../src/http/session.ts';

const app = useTestApp({
  now: '2026-12-01T12:00:00Z',
  env: { TRUST_PROXY: 'true', LOGIN_MAX_ATTEMPTS: '3', SOCKET_MAX_PER_IP: '4' },
});

const from = (ip: string) => ({ 'X-Forwarded-For': ip });
const login = (email: string, password: string, ip: string) =>
  app.client().post('/api/auth/login', { email, password }, from(ip));

describe('login lockout', () => {
  test('failures from one address lock that address out of that account only', async () => {
    const owner = await createUser(app);
    const neighbour = await createUser(app);
    for (let i = 0; i < 3; i++) assert.equal((await login(owner.email, 'wrong password!!', '203.0.113.1')).status, 401);
    const locked = await login(owner.email, TEST_PASSWORD, '203.0.113.1');
    assert.equal(locked.status, 429);
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    assert.equal((await login(owner.email, TEST_PASSWORD, '198.51.100.7')).status, 200, 'the owner elsewhere gets in');
    assert.equal((await login(neighbour.email, TEST_PASSWORD, '203.0.113.1')).status, 200, 'others on that address too');
    app.clock.advance(16 * 60_000);
    assert.equal((await login(owner.email, TEST_PASSWORD, '203.0.113.1')).status, 200, 'the window passes');
  });

  test('successful logins do not count, and an address failing across many accounts is stopped at 10×', async () => {
    const user = await createUser(app);
    for (let i = 0; i < 5; i++) assert.equal((await login(user.email, TEST_PASSWORD, '203.0.113.2')).status, 200);
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await login(uniqueEmail('stuffing'), 'wrong password!!', '203.0.113.3')).status;
    assert.equal(last, 429, 'credential stuffing from one address stops after 30 failures');
    assert.equal((await login(user.email, TEST_PASSWORD, '203.0.113.4')).status, 200);
  });
});

test('sign-ups are limited per address', async () => {
  const register = (ip: string) =>
    app.client().post(
      '/api/auth/register',
      {
        email: uniqueEmail('signup'),
        password: 'a-long-enough-password',
        displayName: 'Signup',
        role: 'host',
        acceptTerms: true,
      },
      from(ip),
    );
  for (let i = 0; i < 10; i++) assert.equal((await register('192.0.2.50')).status, 201, `sign-up ${i + 1}`);
  const refused = await register('192.0.2.50');
  assert.equal(refused.status, 429);
  assert.equal(refused.body.code, 'RATE_LIMITED');
  assert.equal((await register('192.0.2.51')).status, 201, 'another address is not affected');
});

describe('party room', () => {
  const open = (headers: Record<string, string> = {}) =>
    new Promise<Socket | string>((resolve) => {
      const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
      s.once('connect', () => resolve(s));
      s.once('connect_error', (e) => {
        s.close();
        resolve(e.message);
      });
    });

  test('one address holds at most SOCKET_MAX_PER_IP connections at once', async () => {
    const sockets: Socket[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await open(from('192.0.2.60'));
      assert.ok(typeof s !== 'string', `connection ${i + 1}: ${String(s)}`);
      sockets.push(s as Socket);
    }
    assert.match(String(await open(from('192.0.2.60'))), /Too many connections/);
    const other = await open(from('192.0.2.61'));
    assert.ok(typeof other !== 'string', 'another address connects');
    (other as Socket).close();
    const closed = sockets.pop()!;
    closed.close();
    await new Promise((r) => setTimeout(r, 100));
    const again = await open(from('192.0.2.60'));
    assert.ok(typeof again !== 'string', 'a freed seat can be used');
    sockets.push(again as Socket);
    sockets.forEach((s) => s.close());
  });

  test('an invite holds one seat: a second device takes it and the first is told why', async () => {
    const p = await bookedParty(app, { guests: ['Alex'] });
    const code = p.invites[0]!.code;
    const first = await connectSocket(app.url);
    assert.equal((await emitAck(first, 'room.join', { token: p.token, invite: code })).ok, true);
    const removed = nextEvent(first, 'room.removed');
    const gone = new Promise((r) => first.once('disconnect', r));
    const second = await connectSocket(app.url);
    assert.equal((await emitAck(second, 'room.join', { token: p.token, invite: code })).ok, true);
    assert.match((await removed).reason, /another device/);
    await gone;
    assert.equal((await emitAck(second, 'chat.send', { text: 'I have the seat' })).ok, true);
    second.close();
  });

  test('devices joining one invite at the same instant end with one seat, held by the last to draw', async () => {
    const p = await bookedParty(app, { guests: ['Alex'] });
    const code = p.invites[0]!.code;
    const devices = await Promise.all(Array.from({ length: 4 }, () => connectSocket(app.url)));
    // A device outranked before its own answer arrives is disconnected instead (its ack never comes).
    const acks = await Promise.all(
      devices.map((d) => emitAck(d, 'room.join', { token: p.token, invite: code }).catch(() => ({ ok: false, problem: null }))),
    );
    await new Promise((r) => setTimeout(r, 200)); // disconnects of the outranked land
    const seated = devices.filter((d) => d.connected);
    assert.equal(seated.length, 1, `one device keeps the seat (${acks.map((a) => (a.ok ? 'ok' : a.problem?.code)).join(', ')})`);
    for (const [i, d] of devices.entries()) {
      if (d === seated[0]) continue;
      // Outranked on its own join (a 409 naming why) or later by a newer device (told by room.removed).
      if (!acks[i].ok && acks[i].problem) assert.equal(acks[i].problem.status, 409);
    }
    assert.equal((await emitAck(seated[0]!, 'chat.send', { text: 'mine' })).ok, true);
    devices.forEach((d) => d.close());
  });

  test('song requests and reactions are limited per guest; the snapshot lists at most 100 requests', async () => {
    const p = await bookedParty(app, { guests: ['Alex', 'Bea'] });
    const [alex, bea] = await Promise.all([connectSocket(app.url), connectSocket(app.url)]);
    assert.equal((await emitAck(alex, 'room.join', { token: p.token, invite: p.invites[0]!.code })).ok, true);
    assert.equal((await emitAck(bea, 'room.join', { token: p.token, invite: p.invites[1]!.code })).ok, true);
    for (let i = 0; i < 10; i++)
      assert.equal((await emitAck(alex, 'request.create', { title: `Song ${i}`, artist: 'A' })).ok, true, `request ${i + 1}`);
    const over = await emitAck(alex, 'request.create', { title: 'One too many', artist: 'A' });
    assert.equal(over.problem?.code, 'RATE_LIMITED');
    assert.equal((await emitAck(bea, 'request.create', { title: 'Mine', artist: 'B' })).ok, true, 'others unaffected');

    const results = [];
    for (let i = 0; i < 41; i++) results.push(await emitAck(alex, 'reaction.send', { emoji: '🔥' }));
    assert.equal(results.filter((r) => r.ok).length, 40);
    assert.equal(results[40].problem.code, 'RATE_LIMITED');

    // Many guests' requests (written through the service, past the per-guest limit): the snapshot stays bounded.
    const partyId = (await app.deps.party.resolveAccess({ partyToken: p.token, inviteCode: p.invites[0]!.code })).partyId;
    for (let i = 0; i < 110; i++)
      await app.deps.partyRoom.requestSong(
        { partyId, role: 'guest', name: `G${i}`, key: `invite:test-${i}`, inviteId: null },
        { title: `Bulk ${i}`, artist: 'Z' },
      );
    const late = await connectSocket(app.url);
    const snap = await emitAck(late, 'room.join', { token: p.token, invite: p.invites[1]!.code });
    assert.equal(snap.ok, true);
    assert.equal(snap.data.requests.length, 100);
    [alex, bea, late].forEach((s) => s.close());
  });
});

test('new WHEP viewing sessions are limited per party and address', async () => {
  const p = await bookedParty(app, { guests: ['Alex'] });
  const code = p.invites[0]!.code;
  // Let the guest in (doors open, inside the party window) so only the budget can refuse.
  app.clock.set('2026-12-04T19:30:00Z');
  const offer = (ip: string) =>
    fetch(`${app.url}/api/streams/${p.token}/whep?invite=${code}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', ...from(ip) },
      body: 'v=0\r\n',
    });
  const statuses: number[] = [];
  for (let i = 0; i < 21; i++) statuses.push((await offer('192.0.2.70')).status);
  assert.ok(
    statuses.slice(0, 20).every((s) => s !== 429),
    JSON.stringify(statuses),
  );
  assert.equal(statuses[20], 429);
  assert.notEqual((await offer('192.0.2.71')).status, 429, 'another address is not affected');
  app.clock.set('2026-12-01T12:00:00Z');
});

describe('images', () => {
  /** A PNG whose header claims width × height; the pixel data is never read. */
  function pngHeader(width: number, height: number): Buffer {
    const chunk = (type: string, data: Buffer) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body) >>> 0);
      return Buffer.concat([len, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
      chunk('IEND', Buffer.alloc(0)),
    ]);
  }

  test('a 40-megapixel image is refused from its header, before decoding', async () => {
    const { client } = await createDj(app);
    const form = new FormData();
    form.append('photo', new Blob([new Uint8Array(pngHeader(8000, 5000))], { type: 'image/png' }), 'big.png');
    const res = await fetch(`${app.url}/api/djs/me/photo`, {
      method: 'PUT',
      body: form,
      headers: { Origin: app.url, Cookie: `${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}` },
    });
    const body = (await res.json()) as { code: string; errors: { message: string }[] };
    assert.equal(res.status, 422);
    assert.equal(body.code, 'UPLOAD_INVALID');
    assert.equal(body.errors[0]!.message, 'Too many pixels.');
  });

  test(`image work runs ${IMAGE_CONCURRENCY} at a time with a short queue; beyond it, 429`, async () => {
    let active = 0;
    let peak = 0;
    const work = () =>
      withImageSlot(async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 50));
        active--;
        return 'done';
      });
    const results = await Promise.allSettled(Array.from({ length: 14 }, work));
    assert.equal(peak, IMAGE_CONCURRENCY);
    const refused = results.filter((r) => r.status === 'rejected');
    assert.equal(refused.length, 4);
    assert.ok(refused.every((r) => (r as PromiseRejectedResult).reason.code === 'RATE_LIMITED'));
  });
});
