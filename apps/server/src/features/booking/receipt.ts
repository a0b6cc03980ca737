/**
 * A host's receipt, built from what the booking froze at request time (price, currency, fee rate) and from the
 * ledger (what was charged and refunded, and when). Pure: the service loads, this shapes and renders.
 *
 * The platform fee is taken out of the DJ's share (pricing.ts: host pays the total, DJ gets total − fee), so
 * it is not a charge to the host and is not listed as one.
 */
import { TRANSITIONS, type TransitionName } from '@partystream/shared/booking/booking.process';
import type { Receipt } from '@partystream/shared/payment/payment.schemas';
import type { Currency } from '@partystream/shared/money';
import type { PaymentRow } from '../payment/payment.money.ts';
import type { BookingRow } from './booking.repo.ts';

/** A refund's reason as the receipt states it (English; the mailed receipt words it by key, mail.json `receipt.reasons`). */
export const RECEIPT_REASONS = {
  cancel_by_host: 'Cancelled by you — refund under the DJ’s cancellation policy',
  cancel_by_dj: 'Cancelled by the DJ — full refund',
  report_no_show: 'DJ did not show — full refund',
  refund_failed: 'Refund did not go through — reversed',
  provider_refund: 'Refund from PartyStream support',
  other: 'Refund',
} as const;
const REFUND_REASON: Partial<Record<TransitionName, string>> = RECEIPT_REASONS;

export function receiptNumber(bookingId: string): string {
  return `PS-${bookingId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}

export function buildReceipt(i: {
  booking: BookingRow;
  djStageName: string;
  hostName: string;
  timeZone: string | null;
  djTimeZone: string;
  payment: PaymentRow;
  movements: { kind: string; amountMinor: number; at: Date; key: string }[];
  events: { transition: string; at: Date }[];
  issuedAt: Date;
}): Receipt {
  const b = i.booking;
  const minutes = (b.endsAt.getTime() - b.startsAt.getTime()) / 60_000;
  const hours = minutes / 60;
  const charge = i.movements.find((m) => m.kind === 'capture');
  // Our refunds carry the effect that made them in their ledger key (`ledger:refund:<booking>:<effect>`); the reason
  // is the transition of this booking with that effect. Refunds made at the provider have no transition.
  const reasonOf = (key: string) => {
    const effect = /^ledger:refund:[^:]+:([a-z_]+)$/.exec(key)?.[1];
    const t = [...i.events]
      .reverse()
      .find((e) =>
        (TRANSITIONS[e.transition as TransitionName]?.effects as readonly string[] | undefined)?.includes(effect ?? ''),
      );
    return REFUND_REASON[t?.transition as TransitionName] ?? RECEIPT_REASONS.other;
  };
  // A refund that failed after it was paid (decision 015) is listed as a negative line, so the net stays true.
  const refunds = i.movements
    .filter((m) => m.kind === 'refund' || m.kind === 'provider_refund' || m.kind === 'refund_failed')
    .map((m) => ({
      at: m.at.toISOString(),
      amountMinor: m.amountMinor,
      reason:
        m.kind === 'refund_failed'
          ? RECEIPT_REASONS.refund_failed
          : m.kind === 'provider_refund'
            ? RECEIPT_REASONS.provider_refund
            : reasonOf(m.key),
    }));
  const refundedMinor = refunds.reduce((s, r) => s + r.amountMinor, 0);
  const chargedMinor = charge ? -charge.amountMinor : b.totalMinor;
  return {
    number: receiptNumber(b.id),
    bookingId: b.id,
    bookingState: b.state,
    hostName: i.hostName,
    djStageName: i.djStageName,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    timeZone: i.timeZone,
    djTimeZone: i.djTimeZone,
    lines: [
      {
        label: `Live DJ set by ${i.djStageName} · ${Number.isInteger(hours) ? hours : hours.toFixed(2)} ${hours === 1 ? 'hour' : 'hours'}`,
        amountMinor: b.totalMinor,
      },
    ],
    total: { amountMinor: b.totalMinor, currency: b.currency as Currency },
    payment: { status: i.payment.status, cardLast4: i.payment.cardLast4, chargedAt: charge ? charge.at.toISOString() : null },
    refunds,
    refundedMinor,
    netPaidMinor: chargedMinor - refundedMinor,
    issuedAt: i.issuedAt.toISOString(),
  };
}
