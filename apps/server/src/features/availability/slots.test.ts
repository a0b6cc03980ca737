import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WeeklyRange } from '@partystream/shared/availability/availability.schemas';
import { openWindows, subtract, union, whyNotBookable, workingIntervals, type AvailabilityPlan } from './slots.ts';

const plan = (timeZone: string, weekly: WeeklyRange[], extra: Partial<AvailabilityPlan> = {}): AvailabilityPlan => ({
  timeZone,
  weekly,
  overrides: new Map(),
  blocked: [],
  minNoticeMinutes: 0,
  maxAdvanceDays: 3650,
  ...extra,
});
const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const FAR_PAST = t('2020-01-01T00:00:00Z');

describe('interval helpers', () => {
  test('union merges overlaps and touching ranges', () => {
    assert.deepEqual(
      union([
        { start: 5, end: 8 },
        { start: 0, end: 5 },
        { start: 10, end: 12 },
      ]),
      [
        { start: 0, end: 8 },
        { start: 10, end: 12 },
      ],
    );
  });
  test('subtract cuts holes and trims edges', () => {
    assert.deepEqual(
      subtract(
        [{ start: 0, end: 10 }],
        [
          { start: 2, end: 3 },
          { start: 8, end: 20 },
        ],
      ),
      [
        { start: 0, end: 2 },
        { start: 3, end: 8 },
      ],
    );
  });
});

describe('weekly hours across daylight-saving changes', () => {
  const cases: { name: string; zone: string; weekly: WeeklyRange[]; from: string; to: string; expect: [string, string][] }[] = [
    {
      name: 'Europe/Berlin spring forward (2026-03-29): an overnight Saturday set lasts 7 hours',
      zone: 'Europe/Berlin',
      weekly: [{ weekday: 6, start: '20:00', end: '04:00' }],
      from: '2026-03-28T00:00:00Z',
      to: '2026-03-30T00:00:00Z',
      expect: [['2026-03-28T19:00:00.000Z', '2026-03-29T02:00:00.000Z']],
    },
    {
      name: 'Europe/Berlin fall back (2026-10-25): the same set lasts 9 hours',
      zone: 'Europe/Berlin',
      weekly: [{ weekday: 6, start: '20:00', end: '04:00' }],
      from: '2026-10-24T00:00:00Z',
      to: '2026-10-26T00:00:00Z',
      expect: [['2026-10-24T18:00:00.000Z', '2026-10-25T03:00:00.000Z']],
    },
    {
      name: 'Europe/Berlin: Sunday evening after the change is at +01:00',
      zone: 'Europe/Berlin',
      weekly: [{ weekday: 7, start: '18:00', end: '23:00' }],
      from: '2026-10-25T00:00:00Z',
      to: '2026-10-26T00:00:00Z',
      expect: [['2026-10-25T17:00:00.000Z', '2026-10-25T22:00:00.000Z']],
    },
    {
      name: 'America/New_York spring forward (2026-03-08): a range over 02:00 loses an hour',
      zone: 'America/New_York',
      weekly: [{ weekday: 7, start: '00:00', end: '06:00' }],
      from: '2026-03-08T00:00:00Z',
      to: '2026-03-09T00:00:00Z',
      expect: [['2026-03-08T05:00:00.000Z', '2026-03-08T10:00:00.000Z']],
    },
    {
      name: 'America/New_York: a start inside the gap (02:30) moves to 03:30 EDT',
      zone: 'America/New_York',
      weekly: [{ weekday: 7, start: '02:30', end: '05:00' }],
      from: '2026-03-08T00:00:00Z',
      to: '2026-03-09T00:00:00Z',
      expect: [['2026-03-08T07:30:00.000Z', '2026-03-08T09:00:00.000Z']],
    },
    {
      name: 'Asia/Kolkata (+05:30)',
      zone: 'Asia/Kolkata',
      weekly: [{ weekday: 5, start: '18:00', end: '23:00' }],
      from: '2026-12-04T00:00:00Z',
      to: '2026-12-05T00:00:00Z',
      expect: [['2026-12-04T12:30:00.000Z', '2026-12-04T17:30:00.000Z']],
    },
    {
      name: 'Asia/Kathmandu (+05:45), overnight into Saturday',
      zone: 'Asia/Kathmandu',
      weekly: [{ weekday: 5, start: '21:00', end: '02:00' }],
      from: '2026-12-04T00:00:00Z',
      to: '2026-12-06T00:00:00Z',
      expect: [['2026-12-04T15:15:00.000Z', '2026-12-04T20:15:00.000Z']],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = workingIntervals(plan(c.zone, c.weekly), t(c.from), t(c.to)).map((x) => [iso(x.start), iso(x.end)]);
      assert.deepEqual(got, c.expect);
    });
  }

  test('a Sunday overnight range reaches into Monday of the next week', () => {
    const got = workingIntervals(
      plan('UTC', [{ weekday: 7, start: '22:00', end: '03:00' }]),
      t('2026-12-07T00:00:00Z'),
      t('2026-12-07T12:00:00Z'),
    );
    assert.deepEqual(
      got.map((x) => [iso(x.start), iso(x.end)]),
      [['2026-12-07T00:00:00.000Z', '2026-12-07T03:00:00.000Z']],
    );
  });
});

describe('open windows', () => {
  const base = plan('Europe/Berlin', [{ weekday: 5, start: '18:00', end: '02:00' }]);
  const from = t('2026-12-04T00:00:00Z');
  const to = t('2026-12-06T00:00:00Z');

  test('blocked periods and bookings (with buffer) are taken out', () => {
    const p = { ...base, blocked: [{ start: t('2026-12-04T17:00:00Z'), end: t('2026-12-04T18:00:00Z') }] };
    const busy = [{ start: t('2026-12-04T20:30:00Z'), end: t('2026-12-04T23:30:00Z') }];
    assert.deepEqual(
      openWindows(p, busy, from, to, FAR_PAST).map((x) => [iso(x.start), iso(x.end)]),
      [
        ['2026-12-04T18:00:00.000Z', '2026-12-04T20:30:00.000Z'],
        ['2026-12-04T23:30:00.000Z', '2026-12-05T01:00:00.000Z'],
      ],
    );
  });

  test('a date override replaces the weekly hours; an empty one closes the day', () => {
    const open = { ...base, overrides: new Map([['2026-12-04', [{ start: '12:00', end: '14:00' }]]]) };
    assert.deepEqual(
      openWindows(open, [], from, to, FAR_PAST).map((x) => [iso(x.start), iso(x.end)]),
      [['2026-12-04T11:00:00.000Z', '2026-12-04T13:00:00.000Z']],
    );
    const closed = { ...base, overrides: new Map([['2026-12-04', []]]) };
    assert.deepEqual(openWindows(closed, [], from, to, FAR_PAST), []);
  });

  test('minimum notice and booking horizon clip the windows', () => {
    const p = { ...base, minNoticeMinutes: 24 * 60, maxAdvanceDays: 30 };
    const now = t('2026-12-03T19:00:00Z');
    const got = openWindows(p, [], from, to, now);
    assert.equal(iso(got[0]!.start), '2026-12-04T19:00:00.000Z');
    assert.deepEqual(openWindows(p, [], from, to, t('2026-10-01T00:00:00Z')), [], 'beyond the horizon');
  });

  test('whyNotBookable explains each refusal', () => {
    const now = t('2026-12-01T00:00:00Z');
    const p = {
      ...base,
      minNoticeMinutes: 48 * 60,
      blocked: [{ start: t('2026-12-11T17:00:00Z'), end: t('2026-12-12T02:00:00Z') }],
    };
    assert.match(whyNotBookable(p, [], t('2026-11-30T18:00:00Z'), t('2026-11-30T20:00:00Z'), now)!, /past/);
    assert.match(whyNotBookable(p, [], t('2026-12-01T18:00:00Z'), t('2026-12-01T20:00:00Z'), now)!, /notice/);
    assert.match(whyNotBookable(p, [], t('2026-12-04T10:00:00Z'), t('2026-12-04T12:00:00Z'), now)!, /outside/);
    assert.match(whyNotBookable(p, [], t('2026-12-11T18:00:00Z'), t('2026-12-11T20:00:00Z'), now)!, /unavailable/);
    assert.match(
      whyNotBookable(
        p,
        [{ start: t('2026-12-04T18:00:00Z'), end: t('2026-12-04T21:00:00Z') }],
        t('2026-12-04T19:00:00Z'),
        t('2026-12-04T20:00:00Z'),
        now,
      )!,
      /booked/,
    );
    assert.equal(whyNotBookable(p, [], t('2026-12-04T19:00:00Z'), t('2026-12-04T22:00:00Z'), now), null);
  });
});
