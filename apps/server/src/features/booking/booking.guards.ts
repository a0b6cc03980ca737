/**
 * The process table's guards (GUARDS in packages/shared/src/booking/booking.process.ts) as checks on the
 * database and the clock, with what a refusal says to whoever asked.
 */
import { type Guard } from '@partystream/shared/booking/booking.process';
import { LATE_REQUEST_MINUTES } from '@partystream/shared/booking/booking.rules';
import type { Clock } from '../../clock.ts';
import { canBePaid, type DjService } from '../dj/dj.service.ts';
import type { GuardCheck } from './booking.engine.ts';

export function createBookingGuards(d: {
  clock: Clock;
  dj: DjService;
  paymentsKind: 'local' | 'stripe';
}): Record<Guard, GuardCheck> {
  const now = () => d.clock.now();
  return {
    hold_open: {
      holds: async (_q, b) => !(b.holdExpiresAt && b.holdExpiresAt <= now()),
      detail: () => 'The 15-minute payment window has passed and the slot was released. Please book again.',
    },
    // Bookings need a DJ the provider can pay (Stripe: a connected account with transfers and payouts enabled).
    dj_can_be_paid: {
      holds: async (q, b) => canBePaid(d.paymentsKind, await d.dj.getBookingTerms(b.djProfileId, q)),
      detail: (name, actor) =>
        name === 'request'
          ? 'This DJ cannot take bookings yet: their payout setup is not finished. Try again later or pick another DJ.'
          : actor === 'dj'
            ? 'Finish your payout setup (My bookings → Payouts) before accepting paid bookings.'
            : 'This DJ cannot take payments right now (payout setup not finished).',
    },
    time_to_answer: {
      holds: async (_q, b) => b.autoAccept || b.startsAt.getTime() - now().getTime() >= LATE_REQUEST_MINUTES * 60_000,
      detail: () =>
        `This party starts in less than ${LATE_REQUEST_MINUTES} minutes: too soon for the DJ to answer. Pick a later time.`,
    },
    // A chargeback returns the disputed money to the host through the bank (and Stripe refuses refunds of a
    // disputed charge): a refund on top would return it twice. A won dispute gives the money back to us.
    no_card_dispute: {
      holds: async (_q, b) => b.disputeStatus !== 'open' && b.disputeStatus !== 'lost',
      detail: () =>
        'This booking has a card dispute (chargeback): the host’s bank returns the disputed money to them, so a refund would return it twice. Answer the dispute at the payments provider; refund only if the dispute is won.',
    },
  };
}
