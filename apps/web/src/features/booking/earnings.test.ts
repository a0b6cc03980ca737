import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { monthlyEarnings } from './earnings.ts';

const booking = (startsAt: string, state: Booking['state'], djShareMinor: number, currency = 'EUR', refundedMinor = 0) =>
  ({
    startsAt,
    state,
    refundedMinor,
    price: { currency, djShareMinor, totalMinor: djShareMinor, feeMinor: 0 },
  }) as unknown as Booking;

const NOW = Date.parse('2026-12-03T10:00:00Z');

test('issue 20: earnings are bucketed by month in the viewer’s zone, paid out apart from still to come, with empty months kept', () => {
  const series = monthlyEarnings(
    [
      booking('2026-11-30T23:30:00Z', 'paid_out', 100_00), // 1 Dec in Berlin
      booking('2026-10-10T20:00:00Z', 'paid_out', 80_00),
      booking('2026-12-20T20:00:00Z', 'confirmed', 50_00),
      booking('2027-01-15T20:00:00Z', 'confirmed', 70_00),
      booking('2026-10-11T20:00:00Z', 'cancelled_by_host', 999_00), // never paid: not earnings
      booking('2026-12-05T20:00:00Z', 'completed', 40_00, 'EUR', 10_00), // refunded part is not the DJ's
      booking('2026-03-01T20:00:00Z', 'paid_out', 500_00), // older than six months
      booking('2026-12-06T20:00:00Z', 'paid_out', 9_000, 'JPY'),
    ],
    'Europe/Berlin',
    NOW,
  );
  assert.deepEqual(series.get('EUR'), [
    { month: '2026-07', paidMinor: 0, pendingMinor: 0 },
    { month: '2026-08', paidMinor: 0, pendingMinor: 0 },
    { month: '2026-09', paidMinor: 0, pendingMinor: 0 },
    { month: '2026-10', paidMinor: 80_00, pendingMinor: 0 },
    { month: '2026-11', paidMinor: 0, pendingMinor: 0 },
    { month: '2026-12', paidMinor: 100_00, pendingMinor: 50_00 + 30_00 },
    { month: '2027-01', paidMinor: 0, pendingMinor: 70_00 },
  ]);
  assert.equal(series.get('JPY')?.at(-1)?.paidMinor, 9_000, 'each currency is its own series');
  assert.equal(monthlyEarnings([], 'UTC', NOW).size, 0, 'no paid party, no chart');
});
