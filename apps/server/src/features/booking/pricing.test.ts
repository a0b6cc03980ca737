import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computePrice, splitRefund } from './pricing.ts';

const hourly = { kind: 'hourly' as const, hourlyRateMinor: 15_000, minHours: 2, maxHours: 6 };

describe('pricing', () => {
  const cases: [string, Parameters<typeof computePrice>, { total: number; fee: number } | RegExp][] = [
    ['hourly × hours', [hourly, 'EUR', 180, 1500], { total: 45_000, fee: 6_750 }],
    ['quarter hours', [hourly, 'EUR', 135 + 60, 1000], { total: 48_750, fee: 4_875 }],
    ['fee rounds half up', [{ ...hourly, hourlyRateMinor: 3_333 }, 'EUR', 120, 1250], { total: 6_666, fee: 833 }],
    ['zero-decimal currency', [{ ...hourly, hourlyRateMinor: 20_000 }, 'JPY', 120, 1500], { total: 40_000, fee: 6_000 }],
    [
      'per event',
      [{ kind: 'per_event', eventPriceMinor: 80_000, eventMinutes: 240 }, 'EUR', 240, 1500],
      { total: 80_000, fee: 12_000 },
    ],
    ['too short', [hourly, 'EUR', 60, 1500], /at least 2 hours/],
    ['too long', [hourly, 'EUR', 420, 1500], /at most 6 hours/],
    ['wrong event length', [{ kind: 'per_event', eventPriceMinor: 80_000, eventMinutes: 240 }, 'EUR', 180, 1500], /4 hours long/],
  ];
  for (const [name, args, want] of cases) {
    test(name, () => {
      const r = computePrice(...args);
      if (want instanceof RegExp) {
        assert.equal(r.ok, false);
        assert.match((r as { reason: string }).reason, want);
      } else {
        assert.ok(r.ok);
        assert.equal(r.price.totalMinor, want.total);
        assert.equal(r.price.feeMinor, want.fee);
        assert.equal(r.price.djShareMinor + r.price.feeMinor, r.price.totalMinor, 'every cent goes somewhere');
      }
    });
  }

  test('refund splits add up and never exceed the fee', () => {
    const r = computePrice(hourly, 'EUR', 180, 1500);
    assert.ok(r.ok);
    for (const refund of [0, 1, 22_500, 45_000, 33_333]) {
      const s = splitRefund(r.price, refund);
      assert.equal(s.fromDj + s.fromFee, refund);
      assert.ok(s.fromFee <= r.price.feeMinor && s.fromDj <= r.price.djShareMinor);
    }
  });
});
