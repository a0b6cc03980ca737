import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp, startTestApp } from '../support/app.ts';
import { createDj } from '../support/factories.ts';
import { connectSocket, emitAck, nextEvent, noEvent } from '../support/socket.ts';

const app = useTestApp({ now: '2026-12-03T12:00:00Z' });

describe('real-time slot updates', () => {
  test('a watcher of a DJ hears when that DJ changes availability, others do not', async () => {
    const dj = await createDj(app);
    const other = await createDj(app);
    const watcher = await connectSocket(app.url);
    const bystander = await connectSocket(app.url);
    try {
      assert.deepEqual(await emitAck(watcher, 'dj.watch', { djProfileId: dj.profile.id }), {
        ok: true,
        data: { room: `dj:${dj.profile.id}` },
      });
      await emitAck(bystander, 'dj.watch', { djProfileId: other.profile.id });
      const heard = nextEvent(watcher, 'availability.changed');
      const silent = noEvent(bystander, 'availability.changed');
      await dj.client.post('/api/djs/me/availability/blocked', {
        startsAt: '2026-12-04T19:00:00Z',
        endsAt: '2026-12-04T20:00:00Z',
      });
      assert.deepEqual(await heard, { djProfileId: dj.profile.id });
      await silent;
    } finally {
      watcher.close();
      bystander.close();
    }
  });

  test('a malformed watch request is refused in the ack with a problem', async () => {
    const s = await connectSocket(app.url);
    try {
      const ack = await emitAck(s, 'dj.watch', { djProfileId: 'not-a-uuid' });
      assert.equal(ack.ok, false);
      assert.equal(ack.problem.code, 'VALIDATION_FAILED');
      assert.equal(ack.problem.status, 400);
    } finally {
      s.close();
    }
  });
});

describe(
  'fan-out across two server processes through Redis',
  { skip: !process.env.TEST_REDIS_URL && 'TEST_REDIS_URL not set' },
  () => {
    const apps: Awaited<ReturnType<typeof startTestApp>>[] = [];
    after(async () => {
      for (const a of apps) await a.stop();
    });

    test('an event emitted on server A reaches a watcher connected to server B', async () => {
      const a = await startTestApp({ env: { REDIS_URL: process.env.TEST_REDIS_URL! } });
      // Its own database, but the same Redis channels as A (as two deployments' processes with one prefix).
      const b = await startTestApp({
        env: { REDIS_URL: process.env.TEST_REDIS_URL!, REDIS_CHANNEL_PREFIX: a.config.REDIS_CHANNEL_PREFIX },
      });
      apps.push(a, b);
      assert.equal(a.deps.realtime.fanoutKind, 'redis');
      const room = `dj:${crypto.randomUUID()}`;
      const s = await connectSocket(b.url);
      try {
        await emitAck(s, 'dj.watch', { djProfileId: room.slice(3) });
        const heard = nextEvent(s, 'availability.changed');
        a.deps.realtime.emit(room, 'availability.changed', { djProfileId: room.slice(3) });
        assert.deepEqual(await heard, { djProfileId: room.slice(3) });
      } finally {
        s.close();
      }
    });
  },
);
