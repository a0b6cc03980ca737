/**
 * "Available on a date" is answered in SQL from the search index (dj_open_windows) plus bookings, notice and
 * horizon applied at query time. These tests check it against the exact calendar maths (openIntervalsMany) for
 * many generated DJs and windows — overnight hours, DST nights, 30/45-minute zones, blocks, overrides, bookings
 * with buffers — and that edits, bookings and the passing of time show up at once.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DateTime } from 'luxon';
import { DjProfileInputSchema, DjSearchQuerySchema } from '@partystream/shared/dj/dj.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { useTestApp } from '../support/app.ts';
import { djProfileBody } from '../support/factories.ts';

const app = useTestApp({ now: '2026-02-20T09:00:00Z' });

// A small seeded generator, so a failure can be reproduced.
let seed = 20261123;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC', 'Australia/Sydney'] as const;
const CITY: Record<string, string> = {
  'Europe/Berlin': 'berlin',
  'America/New_York': 'new-york',
  'Asia/Kolkata': 'mumbai',
  'Asia/Kathmandu': 'berlin',
  UTC: 'london',
  'Australia/Sydney': 'sydney',
};

describe('search: available on a date, answered from the index', () => {
  const djs: { id: string; user: User }[] = [];
  let host: User;

  async function window(date: string, tz: string, fromTime?: string, toTime?: string) {
    const day = DateTime.fromISO(date, { zone: tz });
    const from = fromTime ? day.set({ hour: +fromTime.slice(0, 2), minute: +fromTime.slice(3) }) : day.startOf('day');
    let to = toTime ? day.set({ hour: +toTime.slice(0, 2), minute: +toTime.slice(3) }) : day.plus({ days: 1 }).startOf('day');
    if (to <= from) to = to.plus({ days: 1 });
    return { from: from.toMillis(), to: to.toMillis() };
  }

  async function compare(date: string, tz: string, fromTime?: string, toTime?: string) {
    const q = DjSearchQuerySchema.parse({ date, tz, fromTime, toTime, pageSize: '50' });
    const found = new Set((await app.deps.dj.search(q)).items.map((i) => i.id));
    const w = await window(date, tz, fromTime, toTime);
    const exact = await app.deps.availability.openIntervalsMany(
      djs.map((d) => d.id),
      w.from,
      w.to,
    );
    const expected = new Set(djs.map((d) => d.id).filter((id) => (exact.get(id)?.length ?? 0) > 0));
    assert.deepEqual([...found].sort(), [...expected].sort(), `${date} ${tz} ${fromTime ?? ''}-${toTime ?? ''}`);
    return expected.size;
  }

  before(async () => {
    const { auth, dj, availability, booking } = app.deps;
    host = await auth.createUserDirect({
      email: 'host@search.test',
      displayName: 'Host',
      role: 'host',
      password: 'host password 123',
    });
    for (let i = 0; i < 24; i++) {
      const tz = ZONES[i % ZONES.length]!;
      const user = await auth.createUserDirect({
        email: `dj${i}@search.test`,
        displayName: `DJ ${i}`,
        role: 'dj',
        password: 'dj password 1234',
      });
      const p = await dj.saveMine(
        user,
        DjProfileInputSchema.parse(
          djProfileBody({
            stageName: `Gen ${i}`,
            timeZone: tz,
            cityId: CITY[tz],
            autoAccept: true,
            minNoticeHours: pick([0, 2, 24, 72]),
            bufferMinutes: pick([0, 15, 30, 60]),
            maxAdvanceDays: pick([30, 90, 180]),
            pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 1, maxHours: 6 },
          }),
        ),
      );
      // Several ranges per day, some overnight (crossing midnight), some days closed.
      const ranges: { weekday: number; start: string; end: string }[] = [];
      for (let weekday = 1; weekday <= 7; weekday++) {
        if (rnd() < 0.35) continue;
        const start = pick([0, 9, 14, 18, 20, 22]) * 60 + pick([0, 30]);
        const len = pick([2, 3, 5, 6]) * 60;
        ranges.push({ weekday, start: hhmm(start), end: hhmm(start + len) });
      }
      await availability.setWeekly(user.id, {
        ranges: ranges.filter((r, k) => !ranges.slice(0, k).some((o) => o.weekday === r.weekday)),
      });
      if (rnd() < 0.5)
        await availability.addBlocked(user.id, {
          startsAt: '2026-03-07T00:00:00Z',
          endsAt: `2026-03-${pick(['08', '09', '12'])}T12:00:00Z`,
          reason: 'holiday',
        });
      if (rnd() < 0.5)
        await availability.setOverride(user.id, {
          date: pick(['2026-03-08', '2026-03-29', '2026-03-14']),
          ranges: rnd() < 0.5 ? [] : [{ start: '12:00', end: '16:00' }],
        });
      await app.deps.paymentService.startPayoutOnboarding(user);
      djs.push({ id: p.id, user });
    }
    // Bookings take slots (with buffers) for a third of the DJs, where they have an open window.
    for (const d of djs.filter((_, i) => i % 3 === 0)) {
      const open = await availability.openIntervals(d.id, Date.parse('2026-03-06T00:00:00Z'), Date.parse('2026-03-10T00:00:00Z'));
      const w = open.find((x) => x.end - x.start >= 3_600_000);
      if (!w) continue;
      await booking.request(host, {
        djProfileId: d.id,
        startsAt: new Date(w.start).toISOString(),
        endsAt: new Date(w.end - w.start >= 2 * 3_600_000 ? w.start + 2 * 3_600_000 : w.start + 3_600_000).toISOString(),
        note: '',
      });
    }
  });

  test('matches the exact calendar maths across DST nights, odd-offset zones, blocks, overrides and bookings', async () => {
    let nonEmpty = 0;
    const dates = [
      '2026-02-20',
      '2026-02-21',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-14',
      '2026-03-28',
      '2026-03-29',
      '2026-04-05',
      '2026-05-15',
      '2026-06-12',
    ];
    for (const date of dates) {
      for (const tz of ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Auckland']) {
        if ((await compare(date, tz)) > 0) nonEmpty++;
      }
      if ((await compare(date, 'Europe/London', '18:00', '23:00')) > 0) nonEmpty++;
      if ((await compare(date, 'Asia/Kolkata', '22:00', '03:00')) > 0) nonEmpty++; // a window across midnight
    }
    assert.ok(nonEmpty > 20, `the comparison saw real matches (${nonEmpty} non-empty answers)`);
  });

  test('each card’s next open time, read from the index in the page’s statement, equals the exact calendar’s', async () => {
    const DAY = 86_400_000;
    let checked = 0;
    for (const [date, tz] of [
      [undefined, undefined],
      ['2026-03-07', 'Europe/Berlin'],
      ['2026-03-29', 'Asia/Kathmandu'],
    ] as const) {
      const q = DjSearchQuerySchema.parse({ date, tz, pageSize: '50' });
      const items = (await app.deps.dj.search(q)).items;
      const from = date ? (await window(date, tz!)).from : app.clock.now().getTime();
      const exact = await app.deps.availability.openIntervalsMany(
        items.map((i) => i.id),
        from,
        from + 60 * DAY,
      );
      for (const card of items) {
        const first = exact.get(card.id)?.[0];
        assert.equal(card.nextOpenAt, first ? new Date(first.start).toISOString() : null, `${card.stageName} ${date ?? 'now'}`);
        if (first) checked++;
      }
    }
    assert.ok(checked > 20, `compared ${checked} cards with an open time`);
  });

  test('a new block, a new booking and a cancelled booking show up in the very next search', async () => {
    const { availability, booking } = app.deps;
    const d = djs.find((x) => x.id)!;
    const open = await availability.openIntervals(d.id, Date.parse('2026-04-01T00:00:00Z'), Date.parse('2026-04-30T00:00:00Z'));
    const w = open.find((x) => x.end - x.start >= 2 * 3_600_000)!;
    assert.ok(w, 'the generated DJ has an open evening in April');
    const date = new Date(w.start).toISOString().slice(0, 10);
    const fromTime = new Date(w.start).toISOString().slice(11, 16);
    const toTime = new Date(w.start + 3_600_000).toISOString().slice(11, 16);
    const has = async () =>
      (await app.deps.dj.search(DjSearchQuerySchema.parse({ date, tz: 'UTC', fromTime, toTime, pageSize: '50' }))).items.some(
        (i) => i.id === d.id,
      );
    assert.equal(await has(), true);

    const { booking: b } = await booking.request(host, {
      djProfileId: d.id,
      startsAt: new Date(w.start).toISOString(),
      endsAt: new Date(w.start + 3_600_000).toISOString(),
      note: '',
    });
    assert.equal(await has(), false, 'a hold takes the slot out of search at once');
    await booking.cancel(host, b.id, 'changed plans');
    assert.equal(await has(), true, 'a cancelled hold gives it back');

    const blocked = await availability.addBlocked(d.user.id, {
      startsAt: new Date(w.start - 3_600_000).toISOString(),
      endsAt: new Date(w.start + 2 * 3_600_000).toISOString(),
      reason: 'other gig',
    });
    assert.equal(await has(), false, 'a blocked period too');
    await availability.deleteBlocked(d.user.id, blocked.id);
    assert.equal(await has(), true);
    await compare(date, 'UTC', fromTime, toTime);
  });

  test('as time passes the index is refreshed before it answers (no stale or missing rows)', async () => {
    app.clock.set('2026-10-01T08:00:00Z');
    const now = app.clock.now().getTime();
    assert.equal(
      await app.deps.availability.ensureIndexed(now, now + 30 * 86_400_000, 5),
      -1,
      'too many stale rows for one search: it gives up, writes nothing',
    );
    await compare('2026-10-10', 'Europe/Berlin');
    for (const date of ['2026-10-24', '2026-10-25', '2026-10-26', '2026-11-01']) {
      await compare(date, 'Europe/Berlin');
      await compare(date, 'America/New_York', '20:00', '02:00');
    }
    assert.equal(
      await app.deps.availability.ensureIndexed(Date.now(), Date.parse('2026-12-01T00:00:00Z')),
      0,
      'nothing left stale',
    );
  });

  test('the daily roll job refreshes rows ahead of need and schedules itself for the next day', async () => {
    const { availability, jobs } = app.deps;
    app.clock.set('2027-01-10T08:00:00Z');
    const ahead = () => availability.ensureIndexed(app.clock.now().getTime(), app.clock.now().getTime() + 100 * 86_400_000);
    await jobs.drain(); // the bookings' own jobs (hold expiry…), due long ago
    await availability.scheduleIndexRoll();
    await availability.scheduleIndexRoll(); // once per day, however often the server starts
    assert.equal(await jobs.drain(), 1, 'one roll today');
    assert.equal(await ahead(), 0, 'every row already covers the next 100 days');
    assert.equal(await jobs.drain(), 0, 'tomorrow’s run is not due yet');
    app.clock.set('2027-01-11T03:00:00Z');
    assert.equal(await jobs.drain(), 1, 'it runs the next day');
  });

  test('dates beyond the index horizon still get exact answers (slower path)', async () => {
    await compare('2027-03-20', 'Europe/Berlin');
    await compare('2027-03-27', 'UTC', '19:00', '23:00');
  });
});
