import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ical from 'node-ical';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { bookedParty, card, createDj, signedIn } from '../support/factories.ts';
import type { TestClient } from '../support/client.ts';

/**
 * Issue 18, the mail half (decision 030): lifecycle mails in the recipient's language and zone with an .ics that
 * calendars update (same UID, growing SEQUENCE, CANCEL), reminders 24 h and 1 h before on the test clock, and
 * one-click unsubscribe (RFC 8058) with the notification settings behind it.
 */
// Tuesday noon UTC; the test DJ plays Fridays from 20:00 Berlin (19:00 UTC in December).
const NOW = '2026-12-01T12:00:00Z';
const app = useTestApp({ now: NOW });
const FRI = { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' };

afterEach(() => app.clock.set(NOW));

interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  template: string | null;
  headers: Record<string, string> | null;
  attachments: { filename: string; contentType: string; content: string }[] | null;
}

async function outbox(email: string): Promise<OutboxMail[]> {
  const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
  assert.equal(res.status, 200);
  return res.body.messages;
}
async function mailOf(email: string, template: string): Promise<OutboxMail> {
  const m = (await outbox(email)).find((x) => x.template === template);
  assert.ok(m, `${template} mailed to ${email}`);
  return m;
}

/** A host (with settings) books the Friday slot of a new DJ, pays, and the DJ accepts. */
async function confirmedParty(settings?: Record<string, unknown>, profile: Record<string, unknown> = {}) {
  const dj = await createDj(app, { profile });
  const host = await signedIn(app, 'host');
  if (settings) {
    const s = await host.client.put('/api/me/notification-settings', settings);
    assert.equal(s.status, 200, s.text);
  }
  const b = await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...FRI });
  assert.equal(b.status, 201, b.text);
  const id = b.body.booking.id as string;
  assert.equal((await host.client.post(`/api/bookings/${id}/pay`, card())).status, 200);
  assert.equal((await dj.client.post(`/api/bookings/${id}/accept`)).status, 200);
  await app.deps.jobs.drain();
  return { dj, host, id };
}

function eventOf(ics: string) {
  const parsed = ical.sync.parseICS(ics);
  const ev = Object.values(parsed).find((c) => c?.type === 'VEVENT');
  assert.ok(ev && ev.type === 'VEVENT', 'the .ics holds an event');
  return ev;
}

describe('booking mails in the recipient’s language, with calendar files that update', () => {
  test('a French host’s confirmation is French, in their zone with the DJ’s alongside, and its .ics a later cancellation replaces', async () => {
    const { dj, host, id } = await confirmedParty({ locale: 'fr', timeZone: 'America/Montreal' });

    const sent = await mailOf(host.user.email, 'booking.request_sent');
    assert.equal(sent.subject, 'Votre demande de réservation est envoyée');

    const confirmed = await mailOf(host.user.email, 'booking.confirmed');
    assert.equal(confirmed.subject, 'Votre soirée est confirmée');
    assert.match(confirmed.text, /^Bonjour /);
    assert.match(confirmed.text, /Votre heure\u00a0: ven\. 4 déc\., 14:00–17:00/, 'Montreal time');
    assert.match(confirmed.text, /20:00–23:00/, 'the DJ’s Berlin time alongside');
    assert.match(confirmed.html ?? '', /<html[^>]*lang="fr"/);
    assert.doesNotMatch(confirmed.html ?? '', /fonts\.googleapis/, 'no web-font request when the mail is opened');
    assert.equal(confirmed.headers?.['List-Unsubscribe'], undefined, 'booking-state mails are essential');
    const [att] = confirmed.attachments ?? [];
    assert.ok(att, 'an .ics is attached');
    assert.match(att.contentType, /^text\/calendar.*method=REQUEST/);
    assert.match(att.content, /METHOD:REQUEST/);
    const first = eventOf(att.content);
    assert.equal(first.uid, `booking-${id}@partystream`);
    assert.equal(first.start.getTime(), Date.parse(FRI.startsAt));
    const feedSeq = (await host.client.get(`/api/bookings/${id}`)).body.booking.events.length;
    assert.equal(Number(first.sequence), feedSeq, 'SEQUENCE is the booking’s revision, as in the calendar feed');

    const cancel = await dj.client.post(`/api/bookings/${id}/cancel`, { reason: 'ill' });
    assert.equal(cancel.status, 200, cancel.text);
    await app.deps.jobs.drain();
    const cancelled = await mailOf(host.user.email, 'booking.cancelled_by_dj');
    assert.equal(cancelled.subject, 'Le DJ a annulé votre soirée');
    const [catt] = cancelled.attachments ?? [];
    assert.ok(catt);
    assert.match(catt.content, /METHOD:CANCEL/);
    const second = eventOf(catt.content);
    assert.equal(second.uid, first.uid, 'the same calendar entry');
    assert.ok(Number(second.sequence) > Number(first.sequence), 'a higher SEQUENCE, so calendars apply it');
    assert.equal(String(second.status), 'CANCELLED');
  });

  test('the DJ gets the same calendar entry: REQUEST on confirmation, CANCEL for the same UID when either side cancels', async () => {
    for (const canceller of ['dj', 'host'] as const) {
      const { dj, host, id } = await confirmedParty();
      const [hostAtt] = (await mailOf(host.user.email, 'booking.confirmed')).attachments ?? [];
      const mine = await mailOf(dj.user.email, 'booking.confirmed_dj');
      assert.equal(mine.subject, 'You are booked: party confirmed');
      assert.match(mine.text, /Your time: Fri, Dec 4, 08:00 PM–11:00 PM/, 'in the DJ’s Berlin zone');
      const [att] = mine.attachments ?? [];
      assert.ok(att && hostAtt, 'both sides get an .ics');
      assert.match(att.contentType, /^text\/calendar.*method=REQUEST/);
      const ev = eventOf(att.content);
      const hostEv = eventOf(hostAtt.content);
      assert.equal(ev.uid, `booking-${id}@partystream`);
      assert.equal(ev.uid, hostEv.uid, 'one booking, one UID in every calendar');
      assert.equal(Number(ev.sequence), Number(hostEv.sequence), 'the same revision');
      assert.equal(ev.start.getTime(), Date.parse(FRI.startsAt));

      const by = canceller === 'dj' ? dj : host;
      assert.equal((await by.client.post(`/api/bookings/${id}/cancel`, { reason: 'ill' })).status, 200);
      await app.deps.jobs.drain();
      // The DJ's calendar drops the entry, whoever cancelled: their own confirmation, or the host's notice.
      const djCancel = await mailOf(dj.user.email, canceller === 'dj' ? 'booking.cancelled_by_you' : 'booking.cancelled_by_host');
      const hostCancel = await mailOf(
        host.user.email,
        canceller === 'dj' ? 'booking.cancelled_by_dj' : 'booking.cancelled_by_you',
      );
      for (const m of [djCancel, hostCancel]) {
        const [c] = m.attachments ?? [];
        assert.ok(c, `${m.template} carries the CANCEL`);
        assert.match(c.content, /METHOD:CANCEL/);
        const cev = eventOf(c.content);
        assert.equal(cev.uid, ev.uid);
        assert.ok(Number(cev.sequence) > Number(ev.sequence));
        assert.equal(String(cev.status), 'CANCELLED');
      }
    }
  });

  test('a host with no settings gets English, the DJ gets the request in their own (Berlin) zone', async () => {
    const { dj, host } = await confirmedParty();
    const confirmed = await mailOf(host.user.email, 'booking.confirmed');
    assert.equal(confirmed.subject, 'Your party is confirmed');
    assert.match(confirmed.text, /^Hi /);
    const requested = await mailOf(dj.user.email, 'booking.requested');
    assert.equal(requested.subject, 'New booking request');
    assert.match(requested.text, /Your time: Fri, Dec 4, 08:00 PM–11:00 PM/);
    assert.equal(requested.attachments, null);
  });
});

describe('reminders before the party', () => {
  test('go 24 h and 1 h before to host and DJ, with one-click unsubscribe; none once the party is cancelled', async () => {
    const { dj, host, id } = await confirmedParty({ locale: 'es' });
    const other = await confirmedParty();
    assert.equal((await other.host.client.post(`/api/bookings/${other.id}/cancel`)).status, 200);
    const pending = (await app.deps.db.execute(
      `select name, run_at from jobs where status = 'pending' and name like 'booking.remind%' and payload ->> 'bookingId' = '${other.id}'`,
    )) as unknown as { rows: unknown[] };
    assert.deepEqual(pending.rows, [], 'cancelling withdrew the reminders');

    app.clock.set('2026-12-03T18:59:00Z');
    await app.deps.jobs.drain();
    assert.ok(!(await outbox(host.user.email)).some((m) => m.template === 'party.reminder_24h'), 'not before its time');
    app.clock.set('2026-12-03T19:00:00Z');
    await app.deps.jobs.drain();
    const h24 = await mailOf(host.user.email, 'party.reminder_24h');
    assert.match(h24.subject, /^Mañana: /);
    assert.match(
      h24.headers?.['List-Unsubscribe'] ?? '',
      /^<http:\/\/127\.0\.0\.1:\d+\/api\/mail\/unsubscribe\/[\w-]+\.[\w-]+>$/,
    );
    assert.equal(h24.headers?.['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    await mailOf(dj.user.email, 'party.reminder_24h');
    assert.ok(!(await outbox(other.host.user.email)).some((m) => m.template?.startsWith('party.reminder')));

    app.clock.set('2026-12-04T18:00:00Z');
    await app.deps.jobs.drain();
    await mailOf(host.user.email, 'party.reminder_1h');
    await mailOf(dj.user.email, 'party.reminder_1h');
    assert.equal((await host.client.get(`/api/bookings/${id}`)).body.booking.state, 'confirmed');
  });

  test('guests who gave an email get them too, with their own party link; a guest who said no or was revoked does not', async () => {
    const party = await bookedParty(app, { guests: ['Ana', 'Ben', 'Cleo'] });
    await app.deps.jobs.drain();
    const [ana, ben, cleo] = party.invites;
    // The guest-invite-by-email flow (another branch) writes these rows; inserted here as it would.
    await app.deps.db.execute(
      `insert into party_invite_emails (invite_id, email, rsvp, sent_at) values
        ('${ana!.id}', 'ana@guests.test', 'yes', now()), ('${ben!.id}', 'ben@guests.test', 'no', now()),
        ('${cleo!.id}', 'cleo@guests.test', null, now())`,
    );
    assert.equal((await party.host.client.delete(`/api/parties/${party.token}/invites/${cleo!.id}`)).status, 204);
    app.clock.set('2026-12-03T19:00:00Z');
    await app.deps.jobs.drain();
    const mail = await mailOf('ana@guests.test', 'party.reminder_24h');
    assert.ok(mail.text.includes(ana!.link), 'the guest’s own party link');
    assert.match(mail.headers?.['List-Unsubscribe'] ?? '', /\/api\/mail\/unsubscribe\//);
    assert.deepEqual(await outbox('ben@guests.test'), []);
    assert.deepEqual(await outbox('cleo@guests.test'), []);
  });

  test('a party confirmed less than 12 hours ahead gets no “tomorrow” mail, only the 1 h one', async () => {
    app.clock.set('2026-12-04T08:00:00Z');
    const { host } = await confirmedParty(undefined, { minNoticeHours: 0 });
    app.clock.set('2026-12-04T18:00:00Z');
    await app.deps.jobs.drain();
    const templates = (await outbox(host.user.email)).map((m) => m.template);
    assert.ok(!templates.includes('party.reminder_24h'));
    assert.ok(templates.includes('party.reminder_1h'));
  });
});

async function postForm(url: string, body = 'List-Unsubscribe=One-Click') {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });
}

describe('one-click unsubscribe and notification settings', () => {
  test('the List-Unsubscribe POST switches reminders off without login; the next reminder goes to the DJ only', async () => {
    const { dj, host } = await confirmedParty();
    app.clock.set('2026-12-03T19:00:00Z');
    await app.deps.jobs.drain();
    const url = /^<(.+)>$/.exec((await mailOf(host.user.email, 'party.reminder_24h')).headers!['List-Unsubscribe']!)![1]!;

    const look = await fetch(url, { redirect: 'manual' });
    assert.equal(look.status, 303, 'a GET (a person, or a link scanner) only leads to the confirmation page');
    assert.match(look.headers.get('location') ?? '', /^\/unsubscribe\//);
    assert.equal((await host.client.get('/api/me/notification-settings')).body.settings.categories.reminders, true);

    const res = await postForm(url);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { category: 'reminders', unsubscribed: true });
    assert.equal((await postForm(url)).status, 200, 'again: still fine');
    const settings = (await host.client.get('/api/me/notification-settings')).body.settings;
    assert.deepEqual(settings.categories, { reminders: false, reviews: true, invites: true });

    app.clock.set('2026-12-04T18:00:00Z');
    await app.deps.jobs.drain();
    assert.ok(!(await outbox(host.user.email)).some((m) => m.template === 'party.reminder_1h'), 'the host said no');
    await mailOf(dj.user.email, 'party.reminder_1h');
  });

  test('review requests (notices) carry the headers and stop once the account unsubscribes, whatever its address', async () => {
    const host = await signedIn(app, 'host');
    const nudge = {
      template: 'review.request',
      to: { userId: host.user.id },
      vars: { other: 'DJ Nudge', count: 14 },
      link: `${app.url}/bookings/x`,
    };
    await app.deps.mails.sendNotice(nudge);
    const [m] = await outbox(host.user.email);
    assert.ok(m);
    assert.equal(m.subject, 'How was your party with DJ Nudge?');
    const url = /^<(.+)>$/.exec(m.headers!['List-Unsubscribe']!)![1]!;
    assert.ok(m.text.includes(url) && m.html!.includes(url), 'the link is in the footer too');
    assert.equal((await postForm(url)).status, 200);
    await app.deps.mails.sendNotice(nudge);
    assert.equal((await outbox(host.user.email)).length, 1, 'no second request');
    assert.equal((await host.client.get('/api/me/notification-settings')).body.settings.categories.reviews, false);

    // The choice is the account's: a new address does not bring review mails back.
    const moved = `moved-${host.user.id.slice(0, 8)}@example.test`;
    await app.deps.db.execute(sql`update users set email = ${moved} where id = ${host.user.id}`);
    await app.deps.mails.sendNotice(nudge);
    assert.deepEqual(await outbox(moved), [], 'still off after the address changed');
    // Essential mail always goes, whatever the switches.
    await app.deps.mails.sendNotice({
      template: 'payment.refund_failed',
      to: { userId: host.user.id },
      money: { amountMinor: 1200, currency: 'EUR' },
      link: `${app.url}/bookings/x`,
    });
    assert.equal((await outbox(moved)).length, 1);
  });

  test('a forged or broken link is refused and changes nothing', async () => {
    const host = await signedIn(app, 'host');
    const real = app.deps.mails.unsubscribeUrl({ userId: host.user.id }, 'reminders');
    const forged = real.replace(/\.[\w-]+$/, '.AAAAAAAAAAAAAAAAAAAAAA');
    const res = await postForm(forged);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: string }).code, 'NOT_FOUND');
    const broken = await postForm(`${app.url}/api/mail/unsubscribe/not-a-token`);
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as { errors: { path: string }[] }).errors[0]!.path, 'params.token');
    assert.equal((await host.client.get('/api/me/notification-settings')).body.settings.categories.reminders, true);
    const described = await app.client().get(`/api/mail/links/${real.split('/').at(-1)}`);
    assert.deepEqual(described.body, { category: 'reminders', unsubscribed: false });
  });

  test('the settings page’s API: language, zone and categories; bad input names the field; strangers get 401', async () => {
    const host = await signedIn(app, 'host');
    const before = (await host.client.get('/api/me/notification-settings')).body.settings;
    assert.deepEqual(before, { locale: 'en', timeZone: null, categories: { reminders: true, reviews: true, invites: true } });
    const put = await host.client.put('/api/me/notification-settings', {
      locale: 'fr',
      timeZone: 'Europe/Paris',
      categories: { reviews: false },
    });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.body.settings, {
      locale: 'fr',
      timeZone: 'Europe/Paris',
      categories: { reminders: true, reviews: false, invites: true },
    });
    const on = await host.client.put('/api/me/notification-settings', { categories: { reviews: true } });
    assert.equal(on.body.settings.categories.reviews, true);
    assert.equal(on.body.settings.locale, 'fr', 'untouched fields stay');

    const bad = await host.client.put('/api/me/notification-settings', { timeZone: 'Mars/Olympus' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'body.timeZone');
    const empty = await host.client.put('/api/me/notification-settings', {});
    assert.equal(empty.status, 400, 'nothing to change is refused');
    const badLang = await host.client.put('/api/me/notification-settings', { locale: 'de' });
    assert.equal(badLang.status, 400);
    assert.equal(badLang.body.errors[0].path, 'body.locale');
    assert.equal((await app.client().get('/api/me/notification-settings')).status, 401);
  });
});

export type { TestClient };
