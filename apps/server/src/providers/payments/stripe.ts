/**
 * Production twin: Stripe Connect. DJs are Express connected accounts (onboarded through account links).
 * A booking is a destination charge: a PaymentIntent with capture_method=manual (authorised at "pay",
 * captured when the DJ accepts), application_fee_amount = the platform fee and transfer_data.destination =
 * the DJ's account. Refunds follow policy (refund_application_fee / reverse_transfer). Connected accounts use
 * manual payouts, so "payout" creates the payout on the DJ's account after the party. Every write carries an
 * idempotency key derived from booking + effect.
 */
import Stripe from 'stripe';
import type { AuthorizeResult, CardInput, PaymentsProvider } from './payments.ts';

export interface StripeOptions {
  secretKey: string;
  /** For tests: a local server speaking the Stripe API. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

export function createStripeClient(o: StripeOptions): Stripe {
  return new Stripe(o.secretKey, {
    ...(o.host ? { host: o.host, port: o.port, protocol: o.protocol ?? 'https' } : {}),
    maxNetworkRetries: 2,
    telemetry: false,
    timeout: 20_000,
  });
}

export function stripePayments(stripe: Stripe): PaymentsProvider & {
  onboardPayee(p: { email: string; refreshUrl: string; returnUrl: string; existingAccount?: string | null }): Promise<{ accountId: string; onboardingUrl: string }>;
} {
  return {
    kind: 'stripe',
    async onboardPayee({ email, refreshUrl, returnUrl, existingAccount }) {
      const accountId =
        existingAccount ??
        (
          await stripe.accounts.create(
            { type: 'express', email, capabilities: { transfers: { requested: true } }, settings: { payouts: { schedule: { interval: 'manual' } } } },
            { idempotencyKey: `account:${email}` },
          )
        ).id;
      const link = await stripe.accountLinks.create({ account: accountId, refresh_url: refreshUrl, return_url: returnUrl, type: 'account_onboarding' });
      return { accountId, onboardingUrl: link.url };
    },

    async authorize({ amountMinor, currency, card, idempotencyKey, destinationAccount, applicationFeeMinor }): Promise<AuthorizeResult> {
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: amountMinor,
            currency: currency.toLowerCase(),
            capture_method: 'manual',
            confirm: true,
            payment_method: paymentMethodOf(card),
            ...(destinationAccount ? { application_fee_amount: applicationFeeMinor, transfer_data: { destination: destinationAccount } } : {}),
          },
          { idempotencyKey },
        );
        const last4 = card.number.slice(-4);
        if (pi.status === 'requires_capture') return { status: 'authorized', providerPaymentId: pi.id, last4 };
        if (pi.status === 'requires_action') return { status: 'requires_action', providerPaymentId: pi.id, last4 };
        return { status: 'declined', reason: `Payment ended as ${pi.status}.` };
      } catch (e) {
        if (e instanceof Stripe.errors.StripeCardError) return { status: 'declined', reason: e.message };
        throw e;
      }
    },

    async confirmAction({ providerPaymentId }) {
      const pi = await stripe.paymentIntents.retrieve(providerPaymentId);
      return pi.status === 'requires_capture' ? { status: 'authorized' } : { status: 'declined', reason: `The bank did not confirm (${pi.status}).` };
    },

    async capture({ providerPaymentId, amountMinor, idempotencyKey }) {
      await stripe.paymentIntents.capture(providerPaymentId, { amount_to_capture: amountMinor }, { idempotencyKey });
    },

    async release({ providerPaymentId, idempotencyKey }) {
      await stripe.paymentIntents.cancel(providerPaymentId, {}, { idempotencyKey });
    },

    async refund({ providerPaymentId, amountMinor, refundApplicationFee, idempotencyKey }) {
      await stripe.refunds.create({ payment_intent: providerPaymentId, amount: amountMinor, refund_application_fee: refundApplicationFee, reverse_transfer: true }, { idempotencyKey });
    },

    async payout({ destinationAccount, amountMinor, currency, idempotencyKey }) {
      if (!destinationAccount) return;
      await stripe.payouts.create({ amount: amountMinor, currency: currency.toLowerCase() }, { idempotencyKey, stripeAccount: destinationAccount });
    },
  };
}

/**
 * With Stripe, card numbers never reach our server: the web app collects them with Stripe Elements and sends a
 * PaymentMethod id. In test mode Stripe's documented test PaymentMethods stand for the test cards.
 */
function paymentMethodOf(card: CardInput): string {
  if (card.number.startsWith('pm_')) return card.number;
  const byNumber: Record<string, string> = {
    '4242424242424242': 'pm_card_visa',
    '4000000000000002': 'pm_card_chargeDeclined',
    '4000002500003155': 'pm_card_authenticationRequired',
  };
  return byNumber[card.number] ?? 'pm_card_visa';
}
