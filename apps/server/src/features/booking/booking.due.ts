/**
 * The narrow way another feature brings a booking up to date with the clock (issue 19): the system rows whose
 * timers (TIMERS in booking.process.ts) are due by now for this booking are taken at once, by the same timer
 * jobs the runner would run on its next round — so the rows, their order (due order), idempotency and
 * after-commit announcements are exactly the timers' own. A party that ends after its booked end completes;
 * one that ends early takes only what is due (its start), and its end's timer completes it later.
 */
import { TIMERS } from '@partystream/shared/booking/booking.process';

export function createBookingDue(d: {
  /** Runs the pending jobs named `namePrefix…` whose payload's `field` is `value` and that are due (jobs runner). */
  runJobsNow(namePrefix: string, field: string, value: string): Promise<number>;
}) {
  return {
    async takeDueRows(bookingId: string): Promise<void> {
      // One timer at a time, in the table's order (start before complete): each runs only when due.
      for (const job of Object.keys(TIMERS)) await d.runJobsNow(job, 'bookingId', bookingId);
    },
  };
}
