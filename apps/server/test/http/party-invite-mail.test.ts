/**
 * Issue 18: guest invites by email from the invite page — the mail (language, zone, personal link), the RSVP with
 * the invite code as the only credential, the host's guest list following it live, and the refusals: a bad
 * address, a full party, mail budgets per party and per host, an RSVP on a revoked or link-only invite.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { bookedParty, createUser, lastMailTo, uniqueEmail } from '../support/factories.ts';
import { connectSocket, nextEvent } from '../support/socket.ts';

// Small mail budgets so the limits are reached quickly; each test uses its own host and party.
const app = useTestApp({
  now: '2026-12-01T12:00:00Z',
  env: { INVITE_MAILS_PER_PARTY_HOUR: '3', INVITE_MAILS_PER_HOST_DAY: '5' },
});

const codeOf = (link: string) => new URL(link).searchParams.get('invite')!;

async function mailedTo(email: string) {
  await app.deps.jobs.drain();
  return lastMailTo(app, email);
}

describe('guest invites by email', () => {
  test('the guest gets their personal link in the host’s chosen language and zone, answers yes, and the host sees it live', async () => {
    const { host, token } = await bookedParty(app, { guests: [] });
    const email = uniqueEmail('guest');
    const res = await host.client.post(`/api/parties/${token}/invites`, {
      label: 'Camille',
      email: email.toUpperCase(),
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.invite.email, email, 'stored lower-cased');
    assert.equal(res.body.invite.rsvp, null);
    assert.ok(res.body.invite.mailedAt);

    const mail = await mailedTo(email);
    assert.equal(mail.template, 'party.invite');
    assert.match(mail.subject, /vous invite/, 'French subject');
    assert.match(mail.text, /Bonjour Camille/);
    assert.match(mail.text, /20:00/, '19:00 UTC is 20:00 in Paris');
    assert.match(mail.headers['List-Unsubscribe'] ?? '', /\/api\/mail\/unsubscribe\/[^/>]+>$/, 'one-click unsubscribe');
    assert.equal(mail.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    const code = codeOf(res.body.invite.link);
    assert.ok(mail.text.includes(`/party/${token}?invite=${code}&rsvp=yes`), 'RSVP links carry the personal code');
    assert.ok(
      app.logLines.every((l) => !l.includes(code)),
      'the invite code never reaches the log',
    );

    const guest = app.client();
    const lobby = await guest.get(`/api/parties/${token}?invite=${code}`);
    assert.equal(lobby.status, 200);
    assert.deepEqual(lobby.body.party.rsvp, { answer: null });

    const socket = await connectSocket(app.url, host.client);
    try {
      const live = nextEvent(socket, 'party.rsvp_changed');
      const answer = await guest.put(`/api/parties/${token}/rsvp`, { invite: code, answer: 'yes' });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.rsvp, { answer: 'yes' });
      assert.equal((await live).answer, 'yes');
    } finally {
      socket.close();
    }
    const list = (await host.client.get(`/api/parties/${token}/invites`)).body.invites;
    assert.equal(list[0].rsvp, 'yes');
    assert.ok(list[0].rsvpAt);
    assert.deepEqual((await guest.get(`/api/parties/${token}?invite=${code}`)).body.party.rsvp, { answer: 'yes' });

    // Changing one's mind is allowed while the invite stands.
    assert.equal((await guest.put(`/api/parties/${token}/rsvp`, { invite: code, answer: 'no' })).status, 200);
    assert.equal((await host.client.get(`/api/parties/${token}/invites`)).body.invites[0].rsvp, 'no');
  });

  test('a guest who has an account gets the mail in their own language', async () => {
    const { host, token } = await bookedParty(app, { guests: [] });
    const known = await createUser(app, { email: uniqueEmail('known') });
    await app.deps.db.execute(sql`update users set locale = 'es', time_zone = 'America/Mexico_City' where id = ${known.id}`);
    const res = await host.client.post(`/api/parties/${token}/invites`, { label: 'Lu', email: known.email, locale: 'fr' });
    assert.equal(res.status, 201);
    const mail = await mailedTo(known.email);
    assert.match(mail.subject, /te invita/, 'Spanish, not the host’s French');
    assert.match(mail.text, /13:00/, '19:00 UTC is 13:00 in Mexico City');
  });

  test('bad input is refused with the field named, and nothing is sent', async () => {
    const { host, token } = await bookedParty(app, { guests: [] });
    const bad = await host.client.post(`/api/parties/${token}/invites`, { label: 'X', email: 'not-an-address' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'VALIDATION_FAILED');
    assert.ok(bad.body.errors.some((e: { path: string }) => e.path === 'body.email'));
    const zone = await host.client.post(`/api/parties/${token}/invites`, {
      label: 'X',
      email: uniqueEmail(),
      timeZone: 'Mars/Base',
    });
    assert.equal(zone.status, 400);
    assert.ok(zone.body.errors.some((e: { path: string }) => e.path === 'body.timeZone'));
    assert.equal((await host.client.get(`/api/parties/${token}/invites`)).body.invites.length, 0);

    const inv = (await host.client.post(`/api/parties/${token}/invites`, { label: 'Y', email: uniqueEmail() })).body.invite;
    const maybe = await app.client().put(`/api/parties/${token}/rsvp`, { invite: codeOf(inv.link), answer: 'maybe' });
    assert.equal(maybe.status, 400);
    assert.ok(maybe.body.errors.some((e: { path: string }) => e.path === 'body.answer'));
  });

  test('an RSVP on a revoked invite is 410 and changes nothing; a link-only invite or a wrong code is 404', async () => {
    const { host, token } = await bookedParty(app, { guests: [] });
    const inv = (await host.client.post(`/api/parties/${token}/invites`, { label: 'Sam', email: uniqueEmail() })).body.invite;
    assert.equal((await host.client.delete(`/api/parties/${token}/invites/${inv.id}`)).status, 204);
    const gone = await app.client().put(`/api/parties/${token}/rsvp`, { invite: codeOf(inv.link), answer: 'yes' });
    assert.equal(gone.status, 410);
    assert.equal(gone.body.code, 'PARTY_INVITE_REVOKED');
    assert.equal((await host.client.get(`/api/parties/${token}/invites`)).body.invites[0].rsvp, null);
    // The revoked guest's mail is not sent either when the job runs after the revocation.
    await app.deps.jobs.drain();
    await assert.rejects(lastMailTo(app, inv.email), /no mail/);

    const linkOnly = (await host.client.post(`/api/parties/${token}/invites`, { label: 'Kim' })).body.invite;
    const notAsked = await app.client().put(`/api/parties/${token}/rsvp`, { invite: codeOf(linkOnly.link), answer: 'yes' });
    assert.equal(notAsked.status, 404);
    const wrong = await app.client().put(`/api/parties/${token}/rsvp`, { invite: 'A'.repeat(22), answer: 'yes' });
    assert.equal(wrong.status, 404);
  });

  test('a full party refuses another invite with 409 PARTY_INVITES_FULL and spends no mail', async () => {
    const { host, token } = await bookedParty(app, { guests: [] });
    for (let i = 0; i < 100; i++)
      assert.equal((await host.client.post(`/api/parties/${token}/invites`, { label: `G${i}` })).status, 201);
    const email = uniqueEmail();
    const full = await host.client.post(`/api/parties/${token}/invites`, { label: 'One more', email });
    assert.equal(full.status, 409);
    assert.equal(full.body.code, 'PARTY_INVITES_FULL');
    await app.deps.jobs.drain();
    await assert.rejects(lastMailTo(app, email), /no mail/);
  });

  test('invite mails are budgeted per party and per host: 429 with Retry-After; link invites still work', async () => {
    const a = await bookedParty(app, { guests: [] });
    for (let i = 0; i < 3; i++)
      assert.equal(
        (await a.host.client.post(`/api/parties/${a.token}/invites`, { label: `A${i}`, email: uniqueEmail() })).status,
        201,
      );
    const email = uniqueEmail();
    const over = await a.host.client.post(`/api/parties/${a.token}/invites`, { label: 'A4', email });
    assert.equal(over.status, 429);
    assert.equal(over.body.code, 'RATE_LIMITED');
    assert.match(over.body.detail, /invite mails for this party/);
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    assert.equal((await a.host.client.post(`/api/parties/${a.token}/invites`, { label: 'By link' })).status, 201);
    await app.deps.jobs.drain();
    await assert.rejects(lastMailTo(app, email), /no mail/);

    // The same host's second party: two more mails reach the host's daily budget of 5 (3 + 2), the next is refused.
    const b = await bookedParty(app, { guests: [] });
    await app.deps.db.execute(sql`update bookings set host_user_id = ${a.host.user.id} where id = ${b.bookingId}`);
    for (let i = 0; i < 2; i++)
      assert.equal(
        (await a.host.client.post(`/api/parties/${b.token}/invites`, { label: `B${i}`, email: uniqueEmail() })).status,
        201,
      );
    const hostOver = await a.host.client.post(`/api/parties/${b.token}/invites`, { label: 'B3', email: uniqueEmail() });
    assert.equal(hostOver.status, 429);
    assert.match(hostOver.body.detail, /invite mails from your account/);
  });
});
