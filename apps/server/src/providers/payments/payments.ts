/**
 * Payments provider: how PartyStream moves money. Chosen in deps.ts by PAYMENTS_PROVIDER:
 * - local (default): a test-mode processor inside the app (test card numbers as Stripe's test mode has them),
 *   so the whole money path runs with no account anywhere;
 * - stripe: Stripe Connect (Express accounts, manual-capture PaymentIntents as destination charges with an
 *   application fee, refunds, payouts by transfer).
 * The ledger is not the provider's business: booking.service writes it in the same database transaction as the
 * state change. Capture, release, refund and pay-out are called after commit by payment jobs (decision 015).
 * Every call carries an idempotency key derived from the booking and the effect, so a retry (a job re-run after
 * a crash) cannot charge, refund or pay out twice.
 *
 * Failures: a `PaymentProviderError` with `permanent: true` means the provider refused the call and will refuse
 * it again (the caller compensates); anything else thrown is transient (network, 5xx, rate limit) and retried.
 */
export class PaymentProviderError extends Error {
  readonly permanent: boolean;
  readonly code: string | null;
  constructor(message: string, o: { permanent: boolean; code?: string | null }) {
    super(message);
    this.name = 'PaymentProviderError';
    this.permanent = o.permanent;
    this.code = o.code ?? null;
  }
}

export const isPermanentProviderError = (e: unknown): e is PaymentProviderError =>
  e instanceof PaymentProviderError && e.permanent;
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

/**
 * A refund as the provider reports it (read back from Stripe, never taken from a webhook's snapshot).
 * `appKey`: the idempotency key our own refund call carried (stored in the refund's metadata), null for a refund
 * made elsewhere (the Stripe dashboard). `transferReversed`: the DJ's share was pulled back with it.
 */
export interface ProviderRefund {
  id: string;
  amountMinor: number;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
  appKey: string | null;
  transferReversed: boolean;
  createdAt: Date;
}

/** A card dispute (chargeback) as the provider reports it (read back, never taken from a webhook's snapshot). */
export interface ProviderDispute {
  id: string;
  providerPaymentId: string | null;
  amountMinor: number;
  /** Stripe's statuses; `warning_*` are inquiries (no money withdrawn), `won`/`lost` are final. */
  status: string;
}

/** A webhook delivery, verified and parsed: the event's id and type, and the object it is about (a snapshot). */
export interface ProviderEvent {
  id: string;
  type: string;
  object: { id?: string; object?: string; payment_intent?: string | { id: string } | null };
}

/** A payee (DJ) as the provider sees it. `ready`: charges can be sent to them and paid out. */
export interface PayeeState {
  ready: boolean;
}

export interface PaymentsProvider {
  readonly kind: 'local' | 'stripe';
  /**
   * Creates the payee's account with the provider (Stripe: an Express connected account). Callers hold a lock
   * on the DJ row and pass a key stable per DJ, so retries and concurrent calls make one account. The embedded
   * processor needs no account: it answers `accountId: null, ready: true`.
   */
  createPayee(p: {
    payeeId: string;
    email: string;
    country?: string;
    idempotencyKey: string;
  }): Promise<{ accountId: string | null; ready: boolean }>;
  /** Where the payee finishes onboarding (Stripe: a one-time account link); the embedded processor sends them straight to `returnUrl`. */
  payeeOnboardingUrl(p: { accountId: string | null; refreshUrl: string; returnUrl: string }): Promise<string>;
  /** Asks the provider how far the payee is (used by the return page so it does not wait for the webhook). */
  payeeState(p: { accountId: string | null }): Promise<PayeeState>;
  /**
   * Starts a payment the customer confirms in the browser (Stripe: a manual-capture PaymentIntent confirmed by
   * Stripe.js). Same key, same payment. Null when the provider takes cards on our form instead (embedded).
   */
  startCheckout(p: {
    amountMinor: number;
    currency: string;
    idempotencyKey: string;
    destinationAccount: string | null;
    applicationFeeMinor: number;
    bookingId: string;
  }): Promise<{ providerPaymentId: string; clientSecret: string } | null>;
  authorize(p: {
    amountMinor: number;
    currency: string;
    card: CardInput;
    idempotencyKey: string;
    destinationAccount: string | null;
    applicationFeeMinor: number;
  }): Promise<AuthorizeResult>;
  /**
   * Completes an extra confirmation step (3-D Secure in Stripe's world), or checks a payment the customer
   * confirmed in the browser: `authorized` once the money is held.
   */
  confirmAction(p: {
    providerPaymentId: string;
    idempotencyKey: string;
  }): Promise<{ status: 'authorized' } | { status: 'pending' } | { status: 'declined'; reason: string }>;
  capture(p: { providerPaymentId: string; amountMinor: number; idempotencyKey: string }): Promise<void>;
  release(p: { providerPaymentId: string; idempotencyKey: string }): Promise<void>;
  /** Answers the provider's refund (id and status; `pending` refunds usually succeed later, or fail — decision 015). */
  refund(p: {
    providerPaymentId: string;
    amountMinor: number;
    refundApplicationFee: boolean;
    idempotencyKey: string;
  }): Promise<{ id: string; status: ProviderRefund['status'] }>;
  payout(p: { destinationAccount: string | null; amountMinor: number; currency: string; idempotencyKey: string }): Promise<void>;
  /**
   * Verifies a webhook delivery on its exact raw bytes against `secret` (Stripe: the Stripe-Signature header; its
   * age is checked against `receivedAt`, seconds by the app clock) and parses it. Throws when it does not verify.
   * Absent when the provider sends no webhooks (the embedded processor).
   */
  parseWebhook?(p: { raw: Buffer; signature: string; secret: string; receivedAt: number }): Promise<ProviderEvent>;
  /** Every refund of a payment as the provider reports it now, oldest first. */
  listRefunds(providerPaymentId: string): Promise<ProviderRefund[]>;
  /** A dispute as the provider reports it now (never the webhook's snapshot). */
  getDispute(disputeId: string): Promise<ProviderDispute>;
}
