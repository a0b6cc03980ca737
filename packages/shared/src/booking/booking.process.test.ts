import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PAYOUT_DELAY_MINUTES, payoutRetryMinutes } from './booking.process.ts';

describe('pay-out retries', () => {
  it('back off 1, 2, 4 days after each refusal, then stay a week apart', () => {
    const days = [1, 2, 3, 4, 5, 9].map((n) => payoutRetryMinutes(n) / 1440);
    assert.deepEqual(days, [1, 2, 4, 7, 7, 7]);
    assert.equal(payoutRetryMinutes(1), PAYOUT_DELAY_MINUTES);
  });
});
