/**
 * How a host pays: the test-mode card form (`pay`, `confirmPayment`) or Stripe's Payment Element (`checkout`,
 * then the webhook). The booking decides whether the `pay` row may be taken (guards, once: booking.engine.ts);
 * the payment feature talks to the provider and keeps the payments row.
 */
import { leaves, type Actor } from '@partystream/shared/booking/booking.process';
import { type BookingState } from '@partystream/shared/booking/booking.states';
import type { Booking, PayRequest } from '@partystream/shared/booking/booking.schemas';
import type { Checkout } from '@partystream/shared/payment/payment.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { DjService } from '../dj/dj.service.ts';
import type { PaymentMoney } from '../payment/payment.money.ts';
import type { BookingEngine } from './booking.engine.ts';
import type { GuardCheck } from './booking.engine.ts';
import * as repo from './booking.repo.ts';

type Act = (
  user: User,
  id: string,
  actor: Actor,
  fn: (tx: Tx, b: repo.BookingRow) => Promise<repo.BookingRow>,
) => Promise<Booking>;

/** Payment statuses at which the money is held or taken. */
const RANK_AUTHORIZED = ['authorized', 'captured', 'partially_refunded', 'refunded'];

export function createCheckout(d: {
  db: Db;
  dj: DjService;
  money: PaymentMoney;
  engine: BookingEngine;
  holdOpen: GuardCheck;
  /** What the browser needs to pay with Stripe.js (publishable key; Stripe.js URL only when overridden). */
  stripeCheckout: { publishableKey: string; stripeJsUrl: string | null } | null;
  act: Act;
}) {
  const nothingToPay = (b: repo.BookingRow) => `This booking is ${b.state.replace(/_/g, ' ')}; there is nothing to pay.`;
  const paid = (tx: Tx, b: repo.BookingRow, hostId: string) =>
    d.engine.apply(tx, b, 'pay', { actor: 'host', actorUserId: hostId });

  return {
    /** The host pays with the test-mode card form (authorisation only; captured when the DJ accepts). */
    pay: (host: User, id: string, card: PayRequest): Promise<Booking> =>
      d.act(host, id, 'host', async (tx, b) => {
        await d.engine.assertCanTake(tx, b, 'pay', 'host', { invalidDetail: nothingToPay(b) });
        const existing = await d.money.paymentOf(tx, b.id);
        if (existing?.status === 'requires_action')
          throw new AppError('CONFLICT', { detail: 'Confirm the pending payment first.' });
        if (existing?.status === 'pending')
          throw new AppError('CONFLICT', {
            detail: 'A payment for this booking was started on the checkout page; finish it there.',
          });
        const terms = await d.dj.getBookingTerms(b.djProfileId, tx);
        const res = await d.money.authorizeCard(
          tx,
          b,
          { number: card.cardNumber, expiry: card.expiry, cvc: card.cvc, name: card.name },
          terms.stripeAccountId,
        );
        if (res.status === 'declined')
          throw new AppError('PAYMENT_DECLINED', {
            detail: res.reason,
            errors: [{ path: 'body.cardNumber', message: res.reason }],
          });
        if (res.status === 'requires_action') return b;
        return paid(tx, b, host.id);
      }),

    /** Completes a payment that needed an extra confirmation step. */
    confirmPayment: (host: User, id: string): Promise<Booking> =>
      d.act(host, id, 'host', async (tx, b) => {
        const p = await d.money.paymentOf(tx, b.id);
        // The webhook may have been first: then there is nothing left to do.
        const payable = leaves('pay', b.state as BookingState);
        if (!payable && p && RANK_AUTHORIZED.includes(p.status)) return b;
        if (!payable || !p || !['requires_action', 'pending'].includes(p.status))
          throw new AppError('BOOKING_INVALID_TRANSITION', { detail: 'There is no payment waiting for confirmation.' });
        if (!(await d.holdOpen.holds(tx, b, 'host')))
          throw new AppError('BOOKING_HOLD_EXPIRED', { detail: 'The payment window has passed. Please book again.' });
        const r = await d.money.confirmAction(tx, b, p);
        if (r.status === 'pending') return b;
        if (r.status === 'declined') throw new AppError('PAYMENT_DECLINED', { detail: r.reason });
        return paid(tx, b, host.id);
      }),

    /**
     * How the host pays this booking. With Stripe: the booking's manual-capture PaymentIntent (made once per
     * booking, same key on every call) with its client secret for the Payment Element, to the host only.
     */
    async checkout(host: User, id: string): Promise<Checkout> {
      return d.db.transaction(async (tx) => {
        const b = await repo.lockBooking(tx, id);
        if (!b || b.hostUserId !== host.id) throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
        await d.engine.assertCanTake(tx, b, 'pay', 'host', { invalidDetail: nothingToPay(b) });
        if (!d.stripeCheckout) return { provider: 'local' as const };
        const existing = await d.money.paymentOf(tx, b.id);
        if (existing && existing.status !== 'pending')
          throw new AppError('CONFLICT', { detail: 'A payment for this booking is already under way.' });
        const terms = await d.dj.getBookingTerms(b.djProfileId, tx);
        const started = await d.money.startCheckout(tx, b, terms.stripeAccountId, existing);
        if (!started) return { provider: 'local' as const };
        return {
          provider: 'stripe' as const,
          clientSecret: started.clientSecret,
          publishableKey: d.stripeCheckout.publishableKey,
          stripeJsUrl: d.stripeCheckout.stripeJsUrl,
        };
      });
    },
  };
}
