import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'socket.io-client';
import { useTestApp } from '../support/app.ts';
import { card, createDj, signedIn } from '../support/factories.ts';
import { connectSocket, emitAck, nextEvent } from '../support/socket.ts';

// Party Friday 19:00–22:00 UTC (a test DJ's hours), booked on the Tuesday before.
const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

describe('crowd rating over the party room socket', () => {
  const sockets: Socket[] = [];
  after(() => sockets.forEach((s) => s.close()));

  test('guests who watched 15 minutes rate once at the end; late arrivals, the host and strangers cannot', async () => {
    const d = await createDj(app, { profile: { autoAccept: true } });
    const h = await signedIn(app, 'host');
    const b = (
      await h.client.post('/api/bookings', {
        djProfileId: d.profile.id,
        startsAt: '2026-12-04T19:00:00Z',
        endsAt: '2026-12-04T22:00:00Z',
      })
    ).body.booking;
    const token = (await h.client.post(`/api/bookings/${b.id}/pay`, card())).body.booking.partyToken as string;
    const codes: string[] = [];
    for (const label of ['Early', 'Late']) {
      const inv = (await h.client.post(`/api/parties/${token}/invites`, { label })).body.invite;
      codes.push(new URL(inv.link).searchParams.get('invite')!);
    }
    const [early, late] = codes as [string, string];

    app.clock.set('2026-12-04T19:00:00Z');
    await app.deps.jobs.drain();
    assert.equal((await app.client().get(`/api/parties/${token}?invite=${early}`)).status, 200, 'joins at the start');

    const join = async (invite?: string, as?: Parameters<typeof connectSocket>[1]) => {
      const s = await connectSocket(app.url, as);
      sockets.push(s);
      const ack = await emitAck(s, 'room.join', { token, invite });
      assert.equal(ack.ok, true, JSON.stringify(ack));
      return s;
    };
    const gEarly = await join(early);
    const during = await emitAck(gEarly, 'crowd.rate', { stars: 5 });
    assert.equal(during.ok, false, 'not while the party runs');
    assert.equal(during.problem.code, 'CROWD_RATING_NOT_ALLOWED');

    app.clock.set('2026-12-04T21:50:00Z');
    assert.equal(
      (await app.client().get(`/api/parties/${token}?invite=${late}`)).status,
      200,
      'joins ten minutes before the end',
    );
    const gLate = await join(late);
    const host = await join(undefined, h.client);

    app.clock.set('2026-12-04T22:00:00Z');
    await app.deps.jobs.drain();
    const opened = nextEvent(gEarly, 'crowd.rating_opened');
    await app.deps.review.scan();
    assert.deepEqual(await opened, { eligible: true, rated: null }, 'the prompt reaches the guest who watched');

    assert.deepEqual((await emitAck(gLate, 'crowd.status', {})).data, { eligible: false, rated: null });
    const lateTry = await emitAck(gLate, 'crowd.rate', { stars: 1 });
    assert.equal(lateTry.problem.code, 'CROWD_RATING_NOT_ALLOWED', 'ten minutes is not enough');
    const hostTry = await emitAck(host, 'crowd.rate', { stars: 5 });
    assert.equal(hostTry.problem.code, 'CROWD_RATING_NOT_ALLOWED', 'the host gives stars in the review, not here');
    const bad = await emitAck(gEarly, 'crowd.rate', { stars: 9 });
    assert.equal(bad.problem.code, 'VALIDATION_FAILED');
    const stranger = await connectSocket(app.url);
    sockets.push(stranger);
    assert.equal((await emitAck(stranger, 'crowd.rate', { stars: 5 })).problem.code, 'AUTH_REQUIRED');

    const ok = await emitAck(gEarly, 'crowd.rate', { stars: 4 });
    assert.deepEqual(ok, { ok: true, data: { eligible: false, rated: 4 } });
    const again = await emitAck(gEarly, 'crowd.rate', { stars: 5 });
    assert.equal(again.problem.code, 'CROWD_RATING_ALREADY_GIVEN', 'one per invite');
    const second = await join(early);
    assert.equal(
      (await emitAck(second, 'crowd.rate', { stars: 5 })).problem.code,
      'CROWD_RATING_ALREADY_GIVEN',
      'also from another tab',
    );

    const page = (await app.client().get(`/api/reviews/djs/${d.profile.id}`)).body;
    assert.deepEqual(page.summary.crowd, { average: 4, count: 1 }, 'shown apart from the host reviews');
    assert.equal(page.summary.count, 0);
    assert.equal((await app.client().get(`/api/djs/${d.profile.id}`)).body.profile.rating.count, 0, 'not mixed into the rating');
  });
});
