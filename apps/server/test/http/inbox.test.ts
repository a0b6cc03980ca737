/**
 * Issue 18: the in-app inbox. Items are written by the booking engine from the process table's mail rows, in the
 * transition's transaction; the unread count follows live on the user's own sockets; items are marked read one by
 * one or all at once; strangers get 404 and change nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import { useTestApp } from '../support/app.ts';
import { card, createDj, loginAs, signedIn } from '../support/factories.ts';
import { connectSocket, nextEvent, noEvent } from '../support/socket.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

type Item = { id: string; kind: string; data: { bookingId?: string; startsAt?: string }; readAt: string | null };

/** The next `notification.changed` on `s` that carries a new item of `kind`. */
function nextItem(s: Socket, kind: string, timeoutMs = 5000): Promise<{ unread: number; item: Item }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${kind} item within ${timeoutMs} ms`)), timeoutMs);
    const on = (p: { unread: number; item?: Item }) => {
      if (p.item?.kind !== kind) return;
      clearTimeout(timer);
      s.off('notification.changed', on);
      resolve(p as { unread: number; item: Item });
    };
    s.on('notification.changed', on);
  });
}

async function requested(o: { autoAccept?: boolean; startsAt?: string } = {}) {
  app.clock.set('2026-12-01T12:00:00Z'); // the payout test moves the clock past the party
  const dj = await createDj(app, { profile: { autoAccept: o.autoAccept ?? false } });
  const host = await signedIn(app, 'host');
  const startsAt = o.startsAt ?? '2026-12-04T19:00:00Z';
  const endsAt = new Date(Date.parse(startsAt) + 3 * 3_600_000).toISOString();
  const b = (await host.client.post('/api/bookings', { djProfileId: dj.profile.id, startsAt, endsAt })).body.booking;
  return { dj, host, id: b.id as string, pay: () => host.client.post(`/api/bookings/${b.id}/pay`, card()) };
}

describe('in-app inbox', () => {
  test('a paid request reaches the DJ’s bell live; accepting reaches the host’s; items carry the booking', async () => {
    const w = await requested();
    const djSocket = await connectSocket(app.url, w.dj.client);
    const hostSocket = await connectSocket(app.url, w.host.client);
    try {
      const djBell = nextItem(djSocket, 'booking.requested');
      assert.equal((await w.pay()).status, 200);
      const told = await djBell;
      assert.equal(told.unread, 1);
      assert.equal(told.item.data.bookingId, w.id);
      assert.equal(told.item.data.startsAt, '2026-12-04T19:00:00.000Z');

      const list = await w.dj.client.get('/api/notifications');
      assert.equal(list.status, 200);
      assert.equal(list.body.unread, 1);
      assert.deepEqual(
        list.body.items.map((i: Item) => [i.kind, i.readAt]),
        [['booking.requested', null]],
      );

      const hostBell = nextItem(hostSocket, 'booking.confirmed');
      assert.equal((await w.dj.client.post(`/api/bookings/${w.id}/accept`)).status, 200);
      assert.equal((await hostBell).item.data.bookingId, w.id);
    } finally {
      djSocket.close();
      hostSocket.close();
    }
  });

  test('marking read: one item (twice is harmless), then all; every tab hears the count; strangers get 404', async () => {
    const w = await requested();
    await w.pay();
    await w.dj.client.post(`/api/bookings/${w.id}/accept`);
    await w.dj.client.post(`/api/bookings/${w.id}/cancel`);
    const items: Item[] = (await w.host.client.get('/api/notifications')).body.items;
    const kinds = items.map((i) => i.kind);
    assert.deepEqual(kinds.slice(0, 2), ['booking.cancelled_by_dj', 'booking.confirmed'], 'newest first');
    const unreadBefore = (await w.host.client.get('/api/notifications')).body.unread as number;
    assert.ok(unreadBefore >= 2);

    // Someone else (the DJ of the same booking, or a stranger) cannot touch the host's items.
    const stranger = await signedIn(app, 'host');
    assert.equal((await stranger.client.post(`/api/notifications/${items[0]!.id}/read`)).status, 404);
    assert.equal((await w.dj.client.post(`/api/notifications/${items[0]!.id}/read`)).status, 404);
    assert.equal((await w.host.client.get('/api/notifications')).body.items[0].readAt, null, 'untouched');

    const otherTab = await connectSocket(app.url, w.host.client);
    try {
      const heard = nextEvent(otherTab, 'notification.changed');
      const one = await w.host.client.post(`/api/notifications/${items[0]!.id}/read`);
      assert.equal(one.status, 200);
      assert.equal(one.body.unread, unreadBefore - 1);
      assert.equal((await heard).unread, unreadBefore - 1);
      const firstRead = (await w.host.client.get('/api/notifications')).body.items[0].readAt;
      assert.ok(firstRead);
      app.clock.advance(60_000);
      assert.equal((await w.host.client.post(`/api/notifications/${items[0]!.id}/read`)).body.unread, unreadBefore - 1);
      assert.equal((await w.host.client.get('/api/notifications')).body.items[0].readAt, firstRead, 'first read kept');

      const all = nextEvent(otherTab, 'notification.changed');
      assert.equal((await w.host.client.post('/api/notifications/read-all')).body.unread, 0);
      assert.equal((await all).unread, 0);
      const after = (await w.host.client.get('/api/notifications')).body;
      assert.equal(after.unread, 0);
      assert.ok(after.items.every((i: Item) => i.readAt));
      // The DJ's own inbox is theirs: reading the host's did not read it.
      assert.ok((await w.dj.client.get('/api/notifications')).body.unread >= 1);
    } finally {
      otherTab.close();
    }
  });

  test('the payout reaches the DJ’s inbox when the timer pays out after the party', async () => {
    const w = await requested({ autoAccept: true });
    assert.equal((await w.pay()).body.booking.state, 'confirmed');
    const djSocket = await connectSocket(app.url, w.dj.client);
    try {
      const payout = nextItem(djSocket, 'booking.payout_sent', 10_000);
      for (const at of ['2026-12-04T19:00:30Z', '2026-12-04T22:00:30Z', '2026-12-05T22:01:00Z']) {
        app.clock.set(at);
        await app.deps.jobs.drain();
      }
      assert.equal((await payout).item.data.bookingId, w.id);
    } finally {
      djSocket.close();
    }
    const kinds = (await w.dj.client.get('/api/notifications')).body.items.map((i: Item) => i.kind);
    assert.ok(kinds.includes('booking.payout_sent'));
  });

  test('a stranger’s socket hears nothing of someone else’s inbox', async () => {
    const w = await requested({ startsAt: '2026-12-05T19:00:00Z' });
    const stranger = await signedIn(app, 'dj');
    const s = await connectSocket(app.url, stranger.client);
    try {
      const quiet = noEvent(s, 'notification.changed', 800);
      await w.pay();
      await quiet;
    } finally {
      s.close();
    }
  });

  test('pages go back in time with the cursor; bad queries and ids are 400 naming the field; anonymous is 401', async () => {
    const w = await requested();
    await w.pay();
    await w.dj.client.post(`/api/bookings/${w.id}/accept`);
    await w.host.client.post(`/api/bookings/${w.id}/cancel`);
    const first = (await w.dj.client.get('/api/notifications?limit=1')).body;
    assert.equal(first.items.length, 1);
    assert.equal(first.items[0].kind, 'booking.cancelled_by_host');
    assert.ok(first.next);
    const second = (await w.dj.client.get(`/api/notifications?limit=1&before=${first.next}`)).body;
    assert.equal(second.items[0].kind, 'booking.confirmed_dj', 'the DJ’s own confirmation (with its .ics)');
    const third = (await w.dj.client.get(`/api/notifications?limit=1&before=${second.next}`)).body;
    assert.equal(third.items[0].kind, 'booking.requested');
    assert.equal(third.next, null);

    const bad = await w.dj.client.get('/api/notifications?limit=0');
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors.some((e: { path: string }) => e.path === 'query.limit'));
    const badId = await w.dj.client.post('/api/notifications/not-an-id/read');
    assert.equal(badId.status, 400);
    assert.ok(badId.body.errors.some((e: { path: string }) => e.path === 'params.id'));
    assert.equal((await app.client().get('/api/notifications')).status, 401);
  });

  test('the inbox page: 45 items in pages of 20 by keyset; an item arriving meanwhile shifts nothing; read per item and all', async () => {
    const { user } = await signedIn(app, 'host');
    const client = await loginAs(app, user);
    const items = Array.from({ length: 45 }, (_, i) => ({
      userId: user.id,
      kind: 'booking.confirmed',
      data: { bookingId: `b${i}` },
      key: `page-${i}`,
    }));
    await app.deps.db.transaction((tx) => app.deps.inbox.add(tx, items));
    const p1 = (await client.get('/api/notifications?limit=20')).body;
    assert.equal(p1.items.length, 20);
    assert.equal(p1.unread, 45);
    assert.equal(p1.items[0].data.bookingId, 'b44', 'newest first');
    // A new item arrives while the reader is on page 1: page 2 still starts where page 1 ended.
    await app.deps.db.transaction((tx) =>
      app.deps.inbox.add(tx, [{ userId: user.id, kind: 'booking.confirmed', data: { bookingId: 'new' }, key: 'page-new' }]),
    );
    const p2 = (await client.get(`/api/notifications?limit=20&before=${p1.next}`)).body;
    const p3 = (await client.get(`/api/notifications?limit=20&before=${p2.next}`)).body;
    assert.equal(p2.items[0].data.bookingId, 'b24');
    assert.equal(p3.items.length, 5);
    assert.equal(p3.next, null, 'the last page says so');
    const seen = [...p1.items, ...p2.items, ...p3.items].map((i: Item) => i.data.bookingId);
    assert.deepEqual(
      seen,
      Array.from({ length: 45 }, (_, i) => `b${44 - i}`),
      'every item once, in order',
    );

    assert.deepEqual((await client.post(`/api/notifications/${p3.items[0].id}/read`)).body, { unread: 45 });
    assert.deepEqual((await client.post('/api/notifications/read-all')).body, { unread: 0 });
    assert.ok((await client.get(`/api/notifications?before=${p2.next}`)).body.items.every((i: Item) => i.readAt));
  });

  test('reminders write the host’s and DJ’s items with their mails, shown live; a cancelled party writes none', async () => {
    // A party cancelled before its reminders' time.
    const c = await requested({ autoAccept: true, startsAt: '2026-12-05T19:00:00Z' });
    assert.equal((await c.pay()).body.booking.state, 'confirmed');
    assert.equal((await c.host.client.post(`/api/bookings/${c.id}/cancel`)).status, 200);
    const w = await requested({ autoAccept: true });
    assert.equal((await w.pay()).body.booking.state, 'confirmed');
    const hostSocket = await connectSocket(app.url, w.host.client);
    try {
      const bell = nextItem(hostSocket, 'party.reminder_24h', 10_000);
      app.clock.set('2026-12-03T19:00:30Z');
      await app.deps.jobs.drain();
      const told = await bell;
      assert.equal(told.item.data.bookingId, w.id);
      const h1 = nextItem(hostSocket, 'party.reminder_1h', 10_000);
      app.clock.set('2026-12-04T18:00:30Z');
      await app.deps.jobs.drain();
      await h1;
    } finally {
      hostSocket.close();
    }
    for (const who of [w.host, w.dj]) {
      const kinds = (await who.client.get('/api/notifications')).body.items.map((i: Item) => i.kind);
      assert.equal(kinds.filter((k: string) => k.startsWith('party.reminder')).length, 2, kinds.join());
    }
    // Each item sits beside its mail job (one transaction): as many reminder mails as items.
    const mailJobs = (await app.deps.db.execute(
      `select count(*)::int as n from jobs where name = 'mail.template' and payload->>'template' like 'party.reminder%' and payload->'booking'->>'id' = '${w.id}'`,
    )) as unknown as { rows: { n: number }[] };
    assert.equal(mailJobs.rows[0]?.n, 4);

    app.clock.set('2026-12-05T18:30:00Z');
    await app.deps.jobs.drain();
    const kinds = (await c.host.client.get('/api/notifications')).body.items.map((i: Item) => i.kind);
    assert.ok(!kinds.some((k: string) => k.startsWith('party.reminder')), `cancelled: ${kinds.join()}`);
  });

  test('the same event written twice is one item (unique key per user, in the database)', async () => {
    const { user } = await signedIn(app, 'host');
    const item = { userId: user.id, kind: 'booking.confirmed', data: {}, key: 'same-event' };
    const told = await app.deps.db.transaction(async (tx) => [
      await app.deps.inbox.add(tx, [item]),
      await app.deps.inbox.add(tx, [item]),
    ]);
    assert.deepEqual(told, [[user.id], []]);
    const client = await loginAs(app, user);
    assert.equal((await client.get('/api/notifications')).body.items.length, 1);
  });
});
