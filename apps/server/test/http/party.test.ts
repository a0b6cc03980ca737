import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { card, createDj, signedIn } from '../support/factories.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

async function confirmedParty() {
  const dj = await createDj(app, { profile: { autoAccept: true } });
  const host = await signedIn(app, 'host');
  const b = (
    await host.client.post('/api/bookings', {
      djProfileId: dj.profile.id,
      startsAt: '2026-12-04T19:00:00Z',
      endsAt: '2026-12-04T22:00:00Z',
    })
  ).body.booking;
  const paid = (await host.client.post(`/api/bookings/${b.id}/pay`, card())).body.booking;
  return { dj, host, booking: paid, token: paid.partyToken as string };
}

describe('party link and invites', () => {
  test('a confirmed booking gets an unguessable party link; unpaid ones do not', async () => {
    const { token, booking, host } = await confirmedParty();
    assert.equal(booking.state, 'confirmed');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/, '256 bits, base64url');
    const dj = await createDj(app);
    const unpaid = (
      await host.client.post('/api/bookings', {
        djProfileId: dj.profile.id,
        startsAt: '2026-12-05T19:00:00Z',
        endsAt: '2026-12-05T22:00:00Z',
      })
    ).body.booking;
    assert.equal(unpaid.partyToken, null);
  });

  test('the host invites a guest; the guest opens the link; who joined is visible; revoking cuts them off', async () => {
    const { host, dj, token } = await confirmedParty();
    const revoked: string[] = [];
    app.deps.party.onInviteRevoked((e) => revoked.push(e.inviteId));
    const inv = await host.client.post(`/api/parties/${token}/invites`, { label: 'Alex' });
    assert.equal(inv.status, 201);
    const link = new URL(inv.body.invite.link);
    assert.equal(link.origin, app.url);
    const code = link.searchParams.get('invite')!;
    assert.match(code, /^[A-Za-z0-9_-]{22}$/, '128 bits');

    const guest = app.client();
    const view = await guest.get(`/api/parties/${token}?invite=${code}`);
    assert.equal(view.status, 200);
    assert.equal(view.body.party.role, 'guest');
    assert.equal(view.body.party.guestLabel, 'Alex');
    assert.equal((await host.client.get(`/api/parties/${token}`)).body.party.role, 'host');
    assert.equal((await dj.client.get(`/api/parties/${token}`)).body.party.role, 'dj');

    const list = await host.client.get(`/api/parties/${token}/invites`);
    assert.equal(list.body.invites[0].joinCount, 1);
    assert.ok(list.body.invites[0].firstJoinedAt);

    assert.equal((await host.client.delete(`/api/parties/${token}/invites/${inv.body.invite.id}`)).status, 204);
    assert.deepEqual(revoked, [inv.body.invite.id]);
    assert.equal((await guest.get(`/api/parties/${token}?invite=${code}`)).status, 404);
  });

  test('no invite, a wrong code or another party’s code: 404', async () => {
    const a = await confirmedParty();
    const b = await confirmedParty();
    const inv = await b.host.client.post(`/api/parties/${b.token}/invites`, { label: 'B guest' });
    const codeB = new URL(inv.body.invite.link).searchParams.get('invite');
    assert.equal((await app.client().get(`/api/parties/${a.token}`)).status, 404);
    assert.equal((await app.client().get(`/api/parties/${a.token}?invite=AAAAAAAAAAAAAAAAAAAAAA`)).status, 404);
    assert.equal((await app.client().get(`/api/parties/${a.token}?invite=${codeB}`)).status, 404);
    assert.equal((await app.client().get(`/api/parties/not-a-token`)).status, 400);
  });

  test('only the host manages invites (others get 404), and at most 100', async () => {
    const { host, dj, token } = await confirmedParty();
    const stranger = await signedIn(app, 'host');
    assert.equal((await stranger.client.post(`/api/parties/${token}/invites`, { label: 'x' })).status, 404);
    assert.equal((await dj.client.get(`/api/parties/${token}/invites`)).status, 404);
    for (let i = 0; i < 100; i++)
      assert.equal((await host.client.post(`/api/parties/${token}/invites`, { label: `Guest ${i}` })).status, 201);
    const over = await host.client.post(`/api/parties/${token}/invites`, { label: 'One too many' });
    assert.equal(over.status, 409);
    assert.match(over.body.detail, /100/);
  });

  test('the calendar file is a valid VEVENT in UTC', async () => {
    const { host, token } = await confirmedParty();
    const res = await host.client.get(`/api/parties/${token}/calendar.ics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/calendar/);
    assert.match(res.text, /DTSTART:20261204T190000Z\r\nDTEND:20261204T220000Z/);
    assert.match(res.text, /BEGIN:VEVENT[\s\S]*END:VEVENT/);
  });
});
