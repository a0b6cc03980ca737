/**
 * Payments provider: how PartyStream moves money. Chosen in deps.ts by PAYMENTS_PROVIDER:
 * - local (default): a test-mode processor inside the app (test card numbers as Stripe's test mode has them),
 *   so the whole money path runs with no account anywhere;
 * - stripe: Stripe Connect (Express accounts, manual-capture PaymentIntents as destination charges with an
 *   application fee, refunds, payouts by transfer).
 * The ledger is not the provider's business: booking.service writes it in the same database transaction as the
 * state change. Every call carries an idempotency key derived from the booking and the effect, so a retry
 * (a job re-run after a crash) cannot charge, refund or pay out twice.
 */
export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

export type AuthorizeResult =
  | { status: 'authorized'; providerPaymentId: string; last4: string }
  | { status: 'requires_action'; providerPaymentId: string; last4: string }
  | { status: 'declined'; reason: string };

export interface PaymentsProvider {
  readonly kind: 'local' | 'stripe';
  authorize(p: { amountMinor: number; currency: string; card: CardInput; idempotencyKey: string; destinationAccount: string | null; applicationFeeMinor: number }): Promise<AuthorizeResult>;
  /** Completes an extra confirmation step (3-D Secure in Stripe's world). */
  confirmAction(p: { providerPaymentId: string; idempotencyKey: string }): Promise<{ status: 'authorized' } | { status: 'declined'; reason: string }>;
  capture(p: { providerPaymentId: string; amountMinor: number; idempotencyKey: string }): Promise<void>;
  release(p: { providerPaymentId: string; idempotencyKey: string }): Promise<void>;
  refund(p: { providerPaymentId: string; amountMinor: number; refundApplicationFee: boolean; idempotencyKey: string }): Promise<void>;
  payout(p: { destinationAccount: string | null; amountMinor: number; currency: string; idempotencyKey: string }): Promise<void>;
}
