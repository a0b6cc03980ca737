/**
 * Receipts: built from the booking, its payment and the ledger's movements on the host's card, when asked for
 * and when the `booking.receipt_mail` job (enqueued by the payment feature when money moved) sends one.
 */
import { z } from 'zod';
import type { Receipt } from '@partystream/shared/payment/payment.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob } from '../../jobs/jobs.ts';
import type { NoticeMail } from '../../jobs/mail.job.ts';
import type { PaymentMoney } from '../payment/payment.money.ts';
import * as repo from './booking.repo.ts';
import { buildReceipt } from './receipt.ts';

const ReceiptJobSchema = z.object({ bookingId: z.uuid(), occasion: z.enum(['charged', 'refunded']) });
/** Payment statuses after which the host has paid something (a receipt exists). */
const CHARGED = ['captured', 'partially_refunded', 'refunded'];
const cardOf = (r: Receipt): Record<string, string> => (r.payment.cardLast4 ? { last4: r.payment.cardLast4 } : {});

export function createReceipts(d: {
  db: Db;
  clock: Clock;
  publicUrl: string;
  money: Pick<PaymentMoney, 'paymentOf' | 'customerMovements'>;
  userTimeZone(userId: string): Promise<string | null>;
  /** Sends a notice now (features/notification/mail renders the receipt in the host's language and zone). */
  sendNotice(n: NoticeMail & { receipt: Receipt }): Promise<unknown>;
}) {
  /** The receipt of a booking the host was charged for, or null (never charged, or no such booking). */
  async function loadReceipt(id: string): Promise<{ receipt: Receipt; hostUserId: string } | null> {
    const row = await repo.findWithNames(d.db, id);
    if (!row) return null;
    const payment = await d.money.paymentOf(d.db, id);
    if (!payment || !CHARGED.includes(payment.status)) return null;
    const movements = await d.money.customerMovements(d.db, id);
    const events = await repo.listEvents(d.db, id);
    const timeZone = await d.userTimeZone(row.b.hostUserId);
    return {
      receipt: buildReceipt({
        booking: row.b,
        djStageName: row.stageName,
        hostName: row.hostName,
        timeZone,
        djTimeZone: row.djTimeZone,
        payment,
        movements,
        events,
        issuedAt: d.clock.now(),
      }),
      hostUserId: row.b.hostUserId,
    };
  }

  return {
    /** A host's receipt: only the host and admins see it (others, the DJ included, get 404 like for any booking not theirs). */
    async getReceipt(user: User, id: string): Promise<Receipt> {
      const b = await repo.findBooking(d.db, id);
      if (!b || !(user.role === 'admin' || b.hostUserId === user.id))
        throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      const r = await loadReceipt(id);
      if (!r) throw new AppError('NOT_FOUND', { detail: 'This booking has no receipt: the card was not charged.' });
      return r.receipt;
    },
    job: defineJob({
      name: 'booking.receipt_mail',
      schema: ReceiptJobSchema,
      // Rendered when sent, from the booking as it is then: a receipt states what was paid and refunded so far.
      handle: async (p) => {
        const receipt = await loadReceipt(p.bookingId);
        if (!receipt) return;
        await d.sendNotice({
          template: `booking.receipt_${p.occasion}`,
          to: { userId: receipt.hostUserId },
          vars: { number: receipt.receipt.number, other: receipt.receipt.djStageName, ...cardOf(receipt.receipt) },
          variant: receipt.receipt.payment.cardLast4 ? 'card' : undefined,
          receipt: receipt.receipt,
          link: `${d.publicUrl}/bookings/${p.bookingId}/receipt`,
        });
      },
    }),
  };
}
