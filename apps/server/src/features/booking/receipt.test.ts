import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildReceipt } from './receipt.ts';
import type { PaymentRow } from '../payment/payment.money.ts';
import type { BookingRow } from './booking.repo.ts';

const booking = {
  id: '11111111-2222-3333-4444-555555555555',
  state: 'no_show',
  startsAt: new Date('2026-12-04T19:00:00Z'),
  endsAt: new Date('2026-12-04T21:00:00Z'),
  totalMinor: 20000,
  currency: 'EUR',
} as BookingRow;
const payment = { status: 'captured', cardLast4: '4242' } as PaymentRow;
const at = (m: number) => new Date(Date.UTC(2026, 11, 4, 18, m));
const receipt = (events: string[], movements: { kind: string; amountMinor: number; key: string }[]) =>
  buildReceipt({
    booking,
    djStageName: 'DJ Nova',
    hostName: 'Maya',
    timeZone: 'UTC',
    djTimeZone: 'UTC',
    payment,
    movements: [
      { kind: 'capture', amountMinor: -20000, key: `ledger:capture:${booking.id}`, at: at(0) },
      ...movements.map((m, i) => ({ ...m, at: at(i + 1) })),
    ],
    events: events.map((transition, i) => ({ transition, at: at(i) })),
    issuedAt: at(30),
  });

describe('receipt refund reasons', () => {
  it('each refund line names the transition whose effect made it, whatever else happened before', () => {
    // Support refunded part in the processor's dashboard first (no transition), then the host reported a no-show.
    const r = receipt(
      ['accept', 'report_no_show'],
      [
        { kind: 'provider_refund', amountMinor: 5000, key: 'stripe:refund:re_1' },
        { kind: 'refund', amountMinor: 15000, key: `ledger:refund:${booking.id}:refund_in_full` },
      ],
    );
    assert.deepEqual(
      r.refunds.map((x) => x.reason),
      ['Refund from PartyStream support', 'DJ did not show — full refund'],
    );
    assert.equal(r.netPaidMinor, 0);
  });

  it('a policy refund is the host’s cancellation; a full refund after a DJ cancellation says so', () => {
    assert.equal(
      receipt(
        ['accept', 'cancel_by_host'],
        [{ kind: 'refund', amountMinor: 10000, key: `ledger:refund:${booking.id}:refund_by_policy` }],
      ).refunds[0]!.reason,
      'Cancelled by you — refund under the DJ’s cancellation policy',
    );
    assert.equal(
      receipt(
        ['accept', 'cancel_by_dj'],
        [{ kind: 'refund', amountMinor: 20000, key: `ledger:refund:${booking.id}:refund_in_full` }],
      ).refunds[0]!.reason,
      'Cancelled by the DJ — full refund',
    );
  });

  it('a refund whose transition is not on record reads "Refund", and a reversed one is listed as reversed', () => {
    const r = receipt(
      ['accept'],
      [
        { kind: 'refund', amountMinor: 20000, key: `ledger:refund:${booking.id}:refund_in_full` },
        { kind: 'refund_failed', amountMinor: -20000, key: `ledger:refund_failed:${booking.id}:refund_in_full` },
      ],
    );
    assert.deepEqual(
      r.refunds.map((x) => x.reason),
      ['Refund', 'Refund did not go through — reversed'],
    );
    assert.equal(r.netPaidMinor, 20000);
  });
});
