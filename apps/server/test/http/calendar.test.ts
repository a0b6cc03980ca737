/**
 * The DJ's calendar (issue 18): one read of hours, overrides, blocks and bookings; blocks refused when they
 * overlap another or hold a booking; recurring blocks; other calendars imported from a local ICS server
 * (recurrence, zones across DST, exceptions, cancelled and free events, all-day events; failures keep the old
 * import); private party feeds (revoked → 404).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useTestApp } from '../support/app.ts';
import { bookedParty, createDj } from '../support/factories.ts';

// A Thursday: the default test DJ (Berlin) plays Friday and Saturday nights 20:00–02:00.
const app = useTestApp({ now: '2026-12-03T12:00:00Z' });

/** A local ICS server: GET /<name>.ics answers whatever `files[name]` holds now (or a status). */
const files: Record<string, string | number> = {};
let ics: Server;
let icsUrl = '';
before(async () => {
  ics = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^\//, '').replace(/\.ics$/, '');
    const f = files[name];
    if (f === undefined || typeof f === 'number') {
      res.writeHead(typeof f === 'number' ? f : 404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8' }).end(f);
  });
  await new Promise<void>((r) => ics.listen(0, '127.0.0.1', r));
  icsUrl = `http://127.0.0.1:${(ics.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => ics.close(() => r())));

const slots = async (djId: string, date: string) =>
  (await app.client().get(`/api/djs/${djId}/slots?from=${date}&to=${date}&tz=Europe/Berlin`)).body.windows as {
    startsAt: string;
    endsAt: string;
  }[];

describe('calendar view and blocks', () => {
  test('a blocked evening and a day override show on the calendar and the slots are gone for hosts', async () => {
    const { client, profile } = await createDj(app);
    assert.equal((await slots(profile.id, '2026-12-04')).length, 1);
    // Block Friday evening 20:00–02:00 Berlin.
    const b = await client.post('/api/djs/me/availability/blocked', {
      startsAt: '2026-12-04T19:00:00Z',
      endsAt: '2026-12-05T01:00:00Z',
      reason: 'Other gig',
    });
    assert.equal(b.status, 201, b.text);
    assert.deepEqual(await slots(profile.id, '2026-12-04'), []);
    // Saturday only 22:00–01:00.
    assert.equal(
      (await client.put('/api/djs/me/availability/overrides/2026-12-05', { ranges: [{ start: '22:00', end: '01:00' }] })).status,
      204,
    );
    // (the slots of one local date end at its midnight)
    assert.deepEqual(await slots(profile.id, '2026-12-05'), [
      { startsAt: '2026-12-05T21:00:00.000Z', endsAt: '2026-12-05T23:00:00.000Z' },
    ]);

    const view = await client.get('/api/calendar?from=2026-12-01&to=2026-12-31');
    assert.equal(view.status, 200, view.text);
    assert.equal(view.body.timeZone, 'Europe/Berlin');
    assert.equal(view.body.weekly.length, 2);
    assert.deepEqual(view.body.overrides, [{ date: '2026-12-05', ranges: [{ start: '22:00', end: '01:00' }] }]);
    assert.deepEqual(
      view.body.blocks.map((x: { source: string; startsAt: string; reason: string }) => [x.source, x.startsAt, x.reason]),
      [['manual', '2026-12-04T19:00:00.000Z', 'Other gig']],
    );
    // Undo: the evening is open again.
    assert.equal((await client.delete(`/api/djs/me/availability/blocked/${b.body.blocked.id}`)).status, 204);
    assert.equal((await slots(profile.id, '2026-12-04')).length, 1);
  });

  test('overlapping and inverted blocks are refused, naming the problem; nothing is saved', async () => {
    const { client } = await createDj(app);
    const first = await client.post('/api/djs/me/availability/blocked', {
      startsAt: '2026-12-11T19:00:00Z',
      endsAt: '2026-12-11T23:00:00Z',
      reason: 'Wedding',
    });
    assert.equal(first.status, 201);
    const clash = await client.post('/api/djs/me/availability/blocked', {
      startsAt: '2026-12-11T22:00:00Z',
      endsAt: '2026-12-12T01:00:00Z',
    });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.code, 'AVAILABILITY_BLOCK_OVERLAPS');
    assert.match(clash.body.detail, /“Wedding” on Fri 11 Dec 2026 20:00–Sat 12 Dec 00:00 \(Europe\/Berlin\)/);
    const inverted = await client.post('/api/djs/me/availability/blocked', {
      startsAt: '2026-12-12T10:00:00Z',
      endsAt: '2026-12-12T09:00:00Z',
    });
    assert.equal(inverted.status, 400);
    assert.equal(inverted.body.errors[0].path, 'body.endsAt');
    const view = await client.get('/api/calendar?from=2026-12-01&to=2026-12-31');
    assert.equal(view.body.blocks.length, 1);
  });

  test('blocking a time that holds a confirmed booking is refused with the booking named; the calendar shows it', async () => {
    const { dj, bookingId } = await bookedParty(app, { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' });
    const res = await dj.client.post('/api/djs/me/availability/blocked', {
      startsAt: '2026-12-04T18:00:00Z',
      endsAt: '2026-12-05T01:00:00Z',
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'AVAILABILITY_BLOCK_HAS_BOOKING');
    assert.ok(res.body.detail.includes(bookingId), res.body.detail);
    assert.match(res.body.detail, /confirmed booking with .* on Fri 4 Dec 2026 20:00–23:00/);
    const view = await dj.client.get('/api/calendar?from=2026-12-01&to=2026-12-07');
    assert.deepEqual(
      view.body.bookings.map((b: { id: string; state: string; isHold: boolean }) => [b.id, b.state, b.isHold]),
      [[bookingId, 'confirmed', false]],
    );
    // Around it is fine.
    assert.equal(
      (
        await dj.client.post('/api/djs/me/availability/blocked', {
          startsAt: '2026-12-04T22:30:00Z',
          endsAt: '2026-12-05T01:00:00Z',
        })
      ).status,
      201,
    );
  });

  test('a recurring block ("every first Friday") closes those evenings, across the DST change, and can be removed', async () => {
    const { client, profile } = await createDj(app);
    const bad = await client.post('/api/calendar/recurring', {
      rrule: 'FREQ=MONTHLY;BYDAY=1XX',
      startDate: '2026-12-01',
      start: '18:00',
      end: '02:00',
    });
    assert.equal(bad.status, 400);
    assert.ok(
      bad.body.errors.some((e: { path: string }) => /rrule/.test(e.path)),
      JSON.stringify(bad.body),
    );
    const res = await client.post('/api/calendar/recurring', {
      rrule: 'FREQ=MONTHLY;BYDAY=1FR',
      startDate: '2026-12-01',
      start: '18:00',
      end: '02:00',
      reason: 'Residency',
    });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(await slots(profile.id, '2026-12-04'), []);
    assert.equal((await slots(profile.id, '2026-12-11')).length, 1, 'the second Friday is open');
    const view = await client.get('/api/calendar?from=2027-03-01&to=2027-04-30');
    // 5 March (CET, UTC+1) and 2 April (CEST, UTC+2): 18:00 local both times.
    assert.deepEqual(
      view.body.blocks.map((b: { source: string; startsAt: string; endsAt: string }) => [b.source, b.startsAt, b.endsAt]),
      [
        ['recurring', '2027-03-05T17:00:00.000Z', '2027-03-06T01:00:00.000Z'],
        ['recurring', '2027-04-02T16:00:00.000Z', '2027-04-03T00:00:00.000Z'],
      ],
    );
    assert.equal((await client.delete(`/api/calendar/recurring/${res.body.recurring.id}`)).status, 204);
    assert.equal((await slots(profile.id, '2026-12-04')).length, 1);
  });

  test('a recurring block over a booking is refused with the booking named', async () => {
    const { dj, bookingId } = await bookedParty(app, { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' });
    const res = await dj.client.post('/api/calendar/recurring', {
      rrule: 'FREQ=WEEKLY;BYDAY=FR',
      startDate: '2026-12-01',
      start: '19:00',
      end: '21:00',
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.meta?.bookingId ?? bookingId, bookingId);
    assert.ok(res.body.detail.includes(bookingId));
  });

  test('only DJs have a calendar; bad ranges are 400', async () => {
    const { host } = await bookedParty(app);
    assert.equal((await host.client.get('/api/calendar?from=2026-12-01&to=2026-12-31')).status, 403);
    const { client } = await createDj(app);
    assert.equal((await client.get('/api/calendar?from=2026-12-31&to=2026-12-01')).status, 400);
    assert.equal((await client.get('/api/calendar?from=2026-01-01&to=2026-12-31')).status, 400);
  });
});

/** Another calendar, as Google publishes one: a New York weekly rule across the US DST change with an exception. */
const OTHER_CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//Other calendar//EN',
  'BEGIN:VTIMEZONE',
  'TZID:America/New_York',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:19700308T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:19701101T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
  // Tuesdays 19:00–21:00 New York, 4 times from 2 March 2027 (the US changes clocks on 14 March); not on 9 March;
  // the 23 March one moved to 20:00–22:00.
  'BEGIN:VEVENT',
  'UID:weekly@test',
  'DTSTAMP:20261201T000000Z',
  'DTSTART;TZID=America/New_York:20270302T190000',
  'DTEND;TZID=America/New_York:20270302T210000',
  'RRULE:FREQ=WEEKLY;COUNT=4',
  'EXDATE;TZID=America/New_York:20270309T190000',
  'SUMMARY:Rehearsal',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:weekly@test',
  'DTSTAMP:20261201T000000Z',
  'RECURRENCE-ID;TZID=America/New_York:20270323T190000',
  'DTSTART;TZID=America/New_York:20270323T200000',
  'DTEND;TZID=America/New_York:20270323T220000',
  'SUMMARY:Rehearsal (late)',
  'END:VEVENT',
  // Cancelled and free events do not make the DJ busy.
  'BEGIN:VEVENT',
  'UID:cancelled@test',
  'DTSTAMP:20261201T000000Z',
  'DTSTART:20261211T190000Z',
  'DTEND:20261211T230000Z',
  'STATUS:CANCELLED',
  'SUMMARY:Called off',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:free@test',
  'DTSTAMP:20261201T000000Z',
  'DTSTART:20261212T190000Z',
  'DTEND:20261212T230000Z',
  'TRANSP:TRANSPARENT',
  'SUMMARY:Maybe',
  'END:VEVENT',
  // All day on 24 December: the whole day in the DJ's zone (Berlin).
  'BEGIN:VEVENT',
  'UID:xmas@test',
  'DTSTAMP:20261201T000000Z',
  'DTSTART;VALUE=DATE:20261224',
  'DTEND;VALUE=DATE:20261225',
  'SUMMARY:Family',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('other calendars (ICS import)', () => {
  test('busy times are imported: recurrence across DST, exceptions, cancelled and free events skipped, all-day in the DJ’s zone', async () => {
    const { client, profile } = await createDj(app);
    files.google = OTHER_CALENDAR;
    const res = await client.post('/api/calendar/sources', { url: `${icsUrl}/google.ics`, label: 'Google' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.source.busyCount, 4);
    assert.equal(res.body.source.lastError, null);
    assert.ok(!JSON.stringify(res.body).includes('/google.ics'), 'the secret address is not echoed back');

    const view = await client.get('/api/calendar?from=2026-12-01&to=2027-01-31');
    assert.deepEqual(
      view.body.blocks.map((b: { source: string; startsAt: string; endsAt: string }) => [b.source, b.startsAt, b.endsAt]),
      [['import', '2026-12-23T23:00:00.000Z', '2026-12-24T23:00:00.000Z']],
    );
    const march = await client.get('/api/calendar?from=2027-03-01&to=2027-03-31');
    assert.deepEqual(
      march.body.blocks.map((b: { startsAt: string; endsAt: string }) => [b.startsAt, b.endsAt]),
      [
        ['2027-03-03T00:00:00.000Z', '2027-03-03T02:00:00.000Z'], // 2 March 19:00 EST
        ['2027-03-16T23:00:00.000Z', '2027-03-17T01:00:00.000Z'], // 16 March 19:00 EDT
        ['2027-03-24T00:00:00.000Z', '2027-03-24T02:00:00.000Z'], // 23 March moved to 20:00 EDT
      ],
    );
    // The cancelled Friday stays open for hosts.
    assert.equal((await slots(profile.id, '2026-12-11')).length, 1);
  });

  test('a malformed or unreachable calendar is a clear 422; a failed refresh keeps the previous import and retries later', async () => {
    const { client } = await createDj(app);
    files.broken = '<html>Sign in to see this calendar</html>';
    const bad = await client.post('/api/calendar/sources', { url: `${icsUrl}/broken.ics` });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.code, 'CALENDAR_SOURCE_UNREADABLE');
    assert.match(bad.body.detail, /not.*iCalendar/);
    const missing = await client.post('/api/calendar/sources', { url: `${icsUrl}/nothing-here.ics` });
    assert.equal(missing.status, 422);
    assert.match(missing.body.detail, /answered 404/);
    const nowhere = await client.post('/api/calendar/sources', { url: 'http://127.0.0.1:9/cal.ics' });
    assert.equal(nowhere.status, 422);
    assert.match(nowhere.body.detail, /did not answer/);
    const notUrl = await client.post('/api/calendar/sources', { url: 'ftp://example.com/cal.ics' });
    assert.equal(notUrl.status, 400);
    assert.equal((await client.get('/api/calendar/sources')).body.sources.length, 0, 'nothing saved');

    files.flaky = OTHER_CALENDAR;
    const ok = await client.post('/api/calendar/sources', { url: `${icsUrl}/flaky.ics` });
    assert.equal(ok.status, 201);
    const id = ok.body.source.id;
    // Half a file: the refresh fails as a whole and the earlier import stays.
    files.flaky = OTHER_CALENDAR.slice(0, OTHER_CALENDAR.length / 2);
    const refresh = await client.post(`/api/calendar/sources/${id}/refresh`);
    assert.equal(refresh.status, 422);
    const [src] = (await client.get('/api/calendar/sources')).body.sources;
    assert.equal(src.busyCount, 4);
    assert.match(src.lastError, /iCalendar/);
    assert.equal(src.nextSyncAt, '2026-12-03T12:15:00.000Z', 'retried in 15 minutes');
    // The job retries; the file is whole again, with one event fewer.
    files.flaky = OTHER_CALENDAR.replace(/BEGIN:VEVENT\r\nUID:xmas@test[\s\S]*?END:VEVENT\r\n/, '');
    app.clock.set('2026-12-03T12:16:00Z');
    await app.deps.jobs.drain();
    const [again] = (await client.get('/api/calendar/sources')).body.sources;
    assert.equal(again.lastError, null);
    assert.equal(again.busyCount, 3);
    assert.equal((await client.delete(`/api/calendar/sources/${id}`)).status, 204);
    assert.equal((await client.get('/api/calendar?from=2027-03-01&to=2027-03-31')).body.blocks.length, 0);
  });
});

describe('party feeds', () => {
  test('DJ and host each get a private feed of their parties; a revoked or rotated address is 404', async () => {
    const { dj, host, bookingId } = await bookedParty(app);
    for (const who of [dj.client, host.client]) {
      assert.deepEqual((await who.get('/api/calendar/feed')).body, { url: null });
      const made = await who.post('/api/calendar/feed');
      assert.equal(made.status, 201);
      const path = new URL(made.body.url).pathname;
      const feed = await app.client().get(path);
      assert.equal(feed.status, 200);
      assert.match(feed.headers.get('content-type') ?? '', /text\/calendar/);
      assert.match(feed.text, new RegExp(`UID:booking-${bookingId}@partystream`));
      assert.match(feed.text, /DTSTART:20261204T190000Z/);
      const rotated = await who.post('/api/calendar/feed');
      assert.equal((await app.client().get(path)).status, 404, 'the old address stops working');
      assert.equal((await who.delete('/api/calendar/feed')).status, 204);
      assert.equal((await app.client().get(new URL(rotated.body.url).pathname)).status, 404);
    }
    assert.equal((await app.client().get('/api/calendar/feeds/nope.ics')).status, 404);
  });
});
