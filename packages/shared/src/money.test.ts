import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { convertMinor, formatMoney } from './money.ts';

describe('money', () => {
  test('conversion respects minor-unit exponents and rounds to whole minor units', () => {
    assert.equal(convertMinor(10_000, 'EUR', 'EUR'), 10_000);
    assert.equal(convertMinor(10_000, 'EUR', 'JPY'), 16_200); // €100 → ¥16,200 (no minor unit)
    assert.equal(convertMinor(16_200, 'JPY', 'EUR'), 10_000);
    assert.ok(Number.isInteger(convertMinor(333, 'GBP', 'USD')));
  });
  test('formatting uses the locale and the currency', () => {
    assert.equal(formatMoney(123456, 'EUR', 'en'), '€1,234.56');
    assert.equal(formatMoney(12000, 'JPY', 'en'), '¥12,000');
    assert.equal(formatMoney(123456, 'EUR', 'de'), '1.234,56\u00a0€');
  });
});
