/** Bookings as the API shows them: who may see one (not yours = 404), and its wire shape with the audit trail. */
import { isAwaitingAnswer, isAwaitingPayment } from '@partystream/shared/booking/booking.process';
import { isPaid, type BookingState } from '@partystream/shared/booking/booking.states';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Currency } from '@partystream/shared/money';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { PaymentRow } from '../payment/payment.money.ts';
import * as repo from './booking.repo.ts';

export const canSee = (user: User, b: repo.BookingRow) =>
  user.role === 'admin' || b.hostUserId === user.id || b.djUserId === user.id;

export function createBookingView(d: {
  db: Db;
  paymentOf(q: Queryable, bookingId: string): Promise<PaymentRow | null>;
  partyTokenOf?: (bookingId: string) => Promise<string | null>;
}) {
  async function toBooking(
    row: NonNullable<Awaited<ReturnType<typeof repo.findWithNames>>>,
    withEvents: boolean,
  ): Promise<Booking> {
    const b = row.b;
    const state = b.state as BookingState;
    const payment = await d.paymentOf(d.db, b.id);
    return {
      id: b.id,
      state,
      djProfileId: b.djProfileId,
      djStageName: row.stageName,
      djTimeZone: row.djTimeZone,
      hostUserId: b.hostUserId,
      hostName: row.hostName,
      startsAt: b.startsAt.toISOString(),
      endsAt: b.endsAt.toISOString(),
      note: b.note,
      price: {
        totalMinor: b.totalMinor,
        feeMinor: b.feeMinor,
        djShareMinor: b.djShareMinor,
        currency: b.currency as Currency,
        feeBps: b.feeBps,
      },
      refundedMinor: b.refundedMinor,
      holdExpiresAt: isAwaitingPayment(state) ? (b.holdExpiresAt?.toISOString() ?? null) : null,
      acceptBy: isAwaitingAnswer(state) ? (b.acceptBy?.toISOString() ?? null) : null,
      paymentStatus: payment?.status ?? null,
      dispute: b.disputeStatus ? { status: b.disputeStatus as 'open' | 'won' | 'lost', amountMinor: b.disputeMinor } : null,
      partyToken: d.partyTokenOf && isPaid(state) ? await d.partyTokenOf(b.id) : null,
      createdAt: b.createdAt.toISOString(),
      ...(withEvents
        ? {
            events: (await repo.listEvents(d.db, b.id)).map((e) => ({
              at: e.at.toISOString(),
              transition: e.transition,
              from: e.fromState,
              to: e.toState,
              actor: e.actor,
              reason: e.reason,
            })),
          }
        : {}),
    };
  }

  return {
    async get(user: User, id: string): Promise<Booking> {
      const row = await repo.findWithNames(d.db, id);
      if (!row || !canSee(user, row.b)) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      return toBooking(row, true);
    },
    async listMine(user: User): Promise<Booking[]> {
      const rows = await repo.listForUser(d.db, user.id, user.role === 'dj' ? 'dj' : 'host');
      return Promise.all(rows.map((r) => toBooking(r, false)));
    },
  };
}
