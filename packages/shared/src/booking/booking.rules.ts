/**
 * The numbers and formulas the booking process table (booking.process.ts) refers to: the payment window, the DJ's
 * answer deadline, when pay-outs are sent and retried, and what a host's cancellation refunds.
 */

/** How long a host has to pay, and how long a DJ has to accept (at most; see `answerDeadline`). */
export const HOLD_MINUTES = 15;
export const ACCEPT_WITHIN_MINUTES = 48 * 60;
/** The DJ's answer is due this long before the party at the latest (when the party is far enough away). */
export const ANSWER_MARGIN_MINUTES = 12 * 60;
/**
 * A request for a party starting sooner than this (at request or payment) leaves the DJ no time to answer: only a
 * DJ who accepts automatically can take it; for the others it is refused (decision 019).
 */
export const LATE_REQUEST_MINUTES = 60;
/** Payouts are released this long after the party ends (time for no-show reports). */
export const PAYOUT_DELAY_MINUTES = 24 * 60;

/**
 * When a pay-out the provider refused is tried again: 1, 2, 4 … days after the n-th refusal, at most a week apart
 * (the DJ usually has to fix their payout account first; daily retries would only repeat the refusal and the mail).
 */
export function payoutRetryMinutes(failures: number): number {
  return Math.min(PAYOUT_DELAY_MINUTES * 2 ** Math.max(0, failures - 1), 7 * 24 * 60);
}

/** The end of the host's payment window for a booking requested at `at`. */
export function holdDeadline(at: Date): Date {
  return new Date(at.getTime() + HOLD_MINUTES * 60_000);
}

/**
 * By when the DJ must answer a request paid at `paidAt` (decision 019): 48 hours, but never later than 12 hours
 * before the start — and for a party sooner than a day away, halfway between the payment and the start, so the
 * host always has the second half of the time left to find someone else.
 *   answerDeadline = min(paidAt + 48 h, max(startsAt − 12 h, paidAt + (startsAt − paidAt) / 2))
 */
export function answerDeadline(paidAt: Date, startsAt: Date): Date {
  const p = paidAt.getTime();
  const s = startsAt.getTime();
  return new Date(Math.min(p + ACCEPT_WITHIN_MINUTES * 60_000, Math.max(s - ANSWER_MARGIN_MINUTES * 60_000, p + (s - p) / 2)));
}

/**
 * Host cancellation refunds by the DJ's policy, by notice before the start:
 * flexible: 100 % ≥ 24 h, else 0 · moderate: 100 % ≥ 7 days, 50 % after · strict: 50 % ≥ 14 days, else 0.
 * Returns the refund in minor units (floor, so rounding never refunds more than paid).
 */
export function policyRefund(policy: 'flexible' | 'moderate' | 'strict', totalMinor: number, noticeMinutes: number): number {
  const h = noticeMinutes / 60;
  const share =
    policy === 'flexible' ? (h >= 24 ? 1 : 0) : policy === 'moderate' ? (h >= 7 * 24 ? 1 : 0.5) : h >= 14 * 24 ? 0.5 : 0;
  return Math.floor(totalMinor * share);
}
