/**
 * A host's receipt, built from what the booking froze at request time (price, currency, fee rate) and from the
 * ledger (what was charged and refunded, and when). Pure: the service loads, this shapes and renders.
 *
 * The platform fee is taken out of the DJ's share (pricing.ts: host pays the total, DJ gets total − fee), so
 * it is not a charge to the host and is not listed as one.
 */
import { TRANSITIONS, type TransitionName } from '@partystream/shared/booking/booking.process';
import type { Receipt } from '@partystream/shared/payment/payment.schemas';
import { formatMoney, type Currency } from '@partystream/shared/money';
import type { MailMessage } from '../../providers/mail/mail.ts';
import type { PaymentRow } from '../payment/payment.money.ts';
import type { BookingRow } from './booking.repo.ts';

const REFUND_REASON: Partial<Record<TransitionName, string>> = {
  cancel_by_host: 'Cancelled by you — refund under the DJ’s cancellation policy',
  cancel_by_dj: 'Cancelled by the DJ — full refund',
  report_no_show: 'DJ did not show — full refund',
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

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
    return REFUND_REASON[t?.transition as TransitionName] ?? 'Refund';
  };
  // A refund that failed after it was paid (decision 015) is listed as a negative line, so the net stays true.
  const refunds = i.movements
    .filter((m) => m.kind === 'refund' || m.kind === 'provider_refund' || m.kind === 'refund_failed')
    .map((m) => ({
      at: m.at.toISOString(),
      amountMinor: m.amountMinor,
      reason:
        m.kind === 'refund_failed'
          ? 'Refund did not go through — reversed'
          : m.kind === 'provider_refund'
            ? 'Refund from PartyStream support'
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

function when(iso: string, timeZone: string, withTime = true): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: withTime ? 'long' : undefined,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {}),
    timeZone,
  }).format(new Date(iso));
}

/** The receipt as an email: sent when the card is charged and again after each refund. */
export function receiptMail(to: string, r: Receipt, occasion: 'charged' | 'refunded', link: string): MailMessage {
  const money = (minor: number) => formatMoney(minor, r.total.currency, 'en');
  const tz = r.timeZone ?? r.djTimeZone;
  const subject =
    occasion === 'charged'
      ? `Receipt ${r.number}: your party with ${r.djStageName}`
      : `Refund receipt ${r.number}: your party with ${r.djStageName}`;
  const rows: [string, string][] = [
    ...r.lines.map((l): [string, string] => [l.label, money(l.amountMinor)]),
    ['Total charged', money(r.total.amountMinor)],
    ...r.refunds.map((f): [string, string] =>
      f.amountMinor < 0
        ? [`${when(f.at, tz, false)}: ${f.reason}`, `+${money(-f.amountMinor)}`]
        : [`Refunded ${when(f.at, tz, false)} (${f.reason})`, `−${money(f.amountMinor)}`],
    ),
    ...(r.refunds.length ? [['Net paid', money(r.netPaidMinor)] as [string, string]] : []),
  ];
  const card = r.payment.cardLast4 ? ` ending ${r.payment.cardLast4}` : '';
  const text = [
    `Hi ${r.hostName},`,
    '',
    occasion === 'charged'
      ? `Thank you — your card${card} was charged for your party.`
      : `A refund was issued to your card${card}.`,
    '',
    `Receipt ${r.number}`,
    `DJ: ${r.djStageName}`,
    `Party: ${when(r.startsAt, tz)} – ${new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: tz }).format(new Date(r.endsAt))}`,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    `View or print it: ${link}`,
    '',
  ].join('\n');
  const html =
    `<p>Hi ${escapeHtml(r.hostName)},</p>` +
    `<p>${occasion === 'charged' ? `Thank you — your card${escapeHtml(card)} was charged for your party.` : `A refund was issued to your card${escapeHtml(card)}.`}</p>` +
    `<h2>Receipt ${escapeHtml(r.number)}</h2><p>DJ: ${escapeHtml(r.djStageName)}<br>Party: ${escapeHtml(when(r.startsAt, tz))}</p>` +
    `<table>${rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td style="text-align:right">${escapeHtml(v)}</td></tr>`).join('')}</table>` +
    `<p><a href="${escapeHtml(link)}">View or print the receipt</a></p>`;
  return {
    to,
    subject,
    text,
    html,
    template: `booking.receipt_${occasion}`,
    data: { receiptNumber: r.number, bookingId: r.bookingId, netPaidMinor: r.netPaidMinor, refundedMinor: r.refundedMinor },
  };
}
