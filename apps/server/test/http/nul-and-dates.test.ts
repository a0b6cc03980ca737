/**
 * Issue 17 item 3: NUL characters and impossible dates were 500s (Postgres refuses both). Each is a 400 naming the
 * field, over HTTP and on the party room's socket events.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import { useTestApp } from '../support/app.ts';
import { bookedParty, createDj, djProfileBody, uniqueEmail } from '../support/factories.ts';
import { connectSocket, emitAck } from '../support/socket.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

function assertField(res: { status: number; body: { code: string; errors?: { path: string }[] } }, path: string) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.code, 'VALIDATION_FAILED');
  assert.ok(
    res.body.errors?.some((e) => e.path === path),
    `${path} not named in ${JSON.stringify(res.body.errors)}`,
  );
}

describe('over HTTP', () => {
  test('search: a NUL in q and an impossible date are 400s naming the field', async () => {
    const c = app.client();
    assertField(await c.get('/api/djs?q=%00'), 'query.q');
    assertField(await c.get('/api/djs?date=2026-02-30'), 'query.date');
    assert.equal((await c.get('/api/djs?date=2026-02-28')).status, 200);
  });

  test('display name, bio, block reason and override date', async () => {
    const reg = await app.client().post('/api/auth/register', {
      email: uniqueEmail('nul'),
      password: 'a-long-enough-password',
      displayName: 'Nul\u0000Name',
      role: 'host',
      acceptTerms: true,
    });
    assertField(reg, 'body.displayName');
    const dj = await createDj(app);
    assertField(await dj.client.put('/api/djs/me', djProfileBody({ bio: 'Disco\u0000' })), 'body.bio');
    assertField(await dj.client.put('/api/djs/me', djProfileBody({ stageName: 'DJ\u0000' })), 'body.stageName');
    assertField(
      await dj.client.post('/api/djs/me/availability/blocked', {
        startsAt: '2026-12-10T10:00:00Z',
        endsAt: '2026-12-10T12:00:00Z',
        reason: 'dentist\u0000',
      }),
      'body.reason',
    );
    assertField(await dj.client.put('/api/djs/me/availability/overrides/2026-02-30', { ranges: [] }), 'params.date');
    assert.equal((await dj.client.put('/api/djs/me/availability/overrides/2026-12-24', { ranges: [] })).status, 204);
  });

  test('invite label, and a NUL in a JSON key', async () => {
    const p = await bookedParty(app, { guests: [] });
    assertField(await p.host.client.post(`/api/parties/${p.token}/invites`, { label: 'Alex\u0000' }), 'body.label');
    const res = await p.host.client.request('POST', `/api/parties/${p.token}/invites`, {
      raw: '{"label":"Alex","x\\u0000":1}',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(res.status, 400);
  });
});

describe('on the party room socket', () => {
  let guest: Socket;
  let dj: Socket;
  before(async () => {
    const p = await bookedParty(app, { guests: ['Alex'] });
    guest = await connectSocket(app.url);
    dj = await connectSocket(app.url, p.dj.client);
    assert.equal((await emitAck(guest, 'room.join', { token: p.token, invite: p.invites[0]!.code })).ok, true);
    assert.equal((await emitAck(dj, 'room.join', { token: p.token })).ok, true);
  });
  after(() => {
    guest?.close();
    dj?.close();
  });

  test('chat.send, request.create and poll.create with a NUL are refused naming the field', async () => {
    const cases: [Socket, string, unknown, string][] = [
      [guest, 'chat.send', { text: 'hi\u0000' }, 'payload.text'],
      [guest, 'request.create', { title: 'One More Time\u0000', artist: 'Daft Punk' }, 'payload.title'],
      [dj, 'poll.create', { question: 'Next?', options: ['House', 'Disco\u0000'] }, 'payload.options.1'],
      [guest, 'room.join', { token: 'x\u0000' }, 'payload.token'],
    ];
    for (const [s, event, payload, path] of cases) {
      const ack = await emitAck(s, event, payload);
      assert.equal(ack.ok, false, event);
      assert.equal(ack.problem.code, 'VALIDATION_FAILED', event);
      assert.equal(ack.problem.status, 400);
      assert.ok(
        ack.problem.errors?.some((e: { path: string }) => e.path === path),
        `${event}: ${JSON.stringify(ack.problem)}`,
      );
    }
    assert.equal((await emitAck(guest, 'chat.send', { text: 'still here' })).ok, true);
  });
});
