/**
 * Production twin: Stripe Connect. DJs are Express connected accounts (onboarded through account links).
 * A booking is a destination charge: a PaymentIntent with capture_method=manual (authorised at "pay",
 * captured when the DJ accepts), application_fee_amount = the platform fee and transfer_data.destination =
 * the DJ's account. Refunds follow policy (refund_application_fee / reverse_transfer). Connected accounts use
 * manual payouts, so "payout" creates the payout on the DJ's account after the party. Every write carries an
 * idempotency key derived from booking + effect.
 */
import Stripe from 'stripe';
import {
  PaymentProviderError,
  type AuthorizeResult,
  type CardInput,
  type PaymentsProvider,
  type ProviderDispute,
  type ProviderEvent,
  type ProviderRefund,
} from './payments.ts';

/**
 * Stripe's refusals (card errors, invalid requests: wrong state, amount too large, no such object) are permanent:
 * the same call with the same idempotency key gets the same answer. Connection errors, 5xx, rate limits and
 * idempotency conflicts are transient (the SDK already retried twice).
 */
function classify(e: unknown): unknown {
  if (e instanceof Stripe.errors.StripeCardError || e instanceof Stripe.errors.StripeInvalidRequestError) {
    return new PaymentProviderError(e.message, { permanent: true, code: e.code ?? null });
  }
  return e;
}

/** A dispute as the ledger needs it. */
function toProviderDispute(d: Stripe.Dispute): ProviderDispute {
  const pi = d.payment_intent;
  return { id: d.id, providerPaymentId: typeof pi === 'string' ? pi : (pi?.id ?? null), amountMinor: d.amount, status: d.status };
}

/** The Stripe SDK client, for the composition root and tests (which point it at a local Stripe-speaking server). */
export type StripeClient = Stripe;

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

/**
 * Ready to be paid: Stripe has activated the `transfers` capability (what a destination charge needs; an Express
 * account with only that capability may keep `charges_enabled` false) or charges, and payouts are enabled.
 */
export function isPayeeReady(a: Pick<Stripe.Account, 'charges_enabled' | 'payouts_enabled' | 'capabilities'>): boolean {
  return Boolean(a.payouts_enabled) && (a.capabilities?.transfers === 'active' || Boolean(a.charges_enabled));
}

/** Metadata field of the refunds PartyStream makes itself. */
export const APP_REFUND_KEY = 'partystream_refund_key';

/** Every refund of a PaymentIntent, oldest first (all pages). */
async function listRefunds(stripe: Stripe, paymentIntentId: string): Promise<ProviderRefund[]> {
  const out: ProviderRefund[] = [];
  for await (const r of stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })) {
    out.push({
      id: r.id,
      amountMinor: r.amount,
      status: (r.status ?? 'pending') as ProviderRefund['status'],
      appKey: r.metadata?.[APP_REFUND_KEY] ?? null,
      transferReversed: Boolean(r.transfer_reversal),
      createdAt: new Date(r.created * 1000),
    });
  }
  return out.reverse(); // Stripe lists newest first
}

export function stripePayments(stripe: Stripe): PaymentsProvider {
  return {
    kind: 'stripe',
    async createPayee({ payeeId, email, idempotencyKey }) {
      const account = await stripe.accounts.create(
        {
          type: 'express',
          email,
          capabilities: { transfers: { requested: true } },
          settings: { payouts: { schedule: { interval: 'manual' } } },
          metadata: { dj_profile_id: payeeId },
        },
        { idempotencyKey },
      );
      return { accountId: account.id, ready: isPayeeReady(account) };
    },

    async payeeOnboardingUrl({ accountId, refreshUrl, returnUrl }) {
      if (!accountId) throw new Error('a Stripe payee needs an account before onboarding');
      // Account links are single-use and expire after minutes: one per click, never stored.
      const link = await stripe.accountLinks.create({
        account: accountId,
        refresh_url: refreshUrl,
        return_url: returnUrl,
        type: 'account_onboarding',
      });
      return link.url;
    },

    async payeeState({ accountId }) {
      if (!accountId) return { ready: false };
      return { ready: isPayeeReady(await stripe.accounts.retrieve(accountId)) };
    },

    async startCheckout({ amountMinor, currency, idempotencyKey, destinationAccount, applicationFeeMinor, bookingId }) {
      if (!destinationAccount) throw new Error('a Stripe booking charge needs the DJ’s connected account');
      const pi = await stripe.paymentIntents.create(
        {
          amount: amountMinor,
          currency: currency.toLowerCase(),
          capture_method: 'manual',
          // Manual capture (authorise now, charge on acceptance) is supported by cards; keep the Payment Element to them.
          allowed_payment_method_types: ['card'],
          application_fee_amount: applicationFeeMinor,
          transfer_data: { destination: destinationAccount },
          metadata: { booking_id: bookingId },
        },
        { idempotencyKey },
      );
      if (!pi.client_secret) throw new Error('Stripe returned a PaymentIntent without a client secret');
      return { providerPaymentId: pi.id, clientSecret: pi.client_secret };
    },

    async authorize({
      amountMinor,
      currency,
      card,
      idempotencyKey,
      destinationAccount,
      applicationFeeMinor,
    }): Promise<AuthorizeResult> {
      // Without a destination this would be a plain platform charge and the DJ would never receive the money.
      if (!destinationAccount) throw new Error('a Stripe booking charge needs the DJ’s connected account');
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: amountMinor,
            currency: currency.toLowerCase(),
            capture_method: 'manual',
            confirm: true,
            payment_method: paymentMethodOf(card),
            application_fee_amount: applicationFeeMinor,
            transfer_data: { destination: destinationAccount },
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
      if (pi.status === 'requires_capture') return { status: 'authorized' };
      // Confirmed in the browser but not settled yet (the webhook will tell us).
      if (pi.status === 'processing') return { status: 'pending' };
      return { status: 'declined', reason: pi.last_payment_error?.message ?? `The payment was not completed (${pi.status}).` };
    },

    async capture({ providerPaymentId, amountMinor, idempotencyKey }) {
      try {
        await stripe.paymentIntents.capture(providerPaymentId, { amount_to_capture: amountMinor }, { idempotencyKey });
      } catch (e) {
        // Captured already (e.g. by an older release with another key): that is the outcome we wanted.
        if (e instanceof Stripe.errors.StripeInvalidRequestError && e.code === 'payment_intent_unexpected_state') {
          const pi = await stripe.paymentIntents.retrieve(providerPaymentId);
          if (pi.status === 'succeeded' && pi.amount_received === amountMinor) return;
        }
        throw classify(e);
      }
    },

    async release({ providerPaymentId, idempotencyKey }) {
      try {
        await stripe.paymentIntents.cancel(providerPaymentId, {}, { idempotencyKey });
      } catch (e) {
        // Cancelled already (Stripe cancels uncaptured authorisations after 7 days): released, as wanted.
        if (e instanceof Stripe.errors.StripeInvalidRequestError && e.code === 'payment_intent_unexpected_state') {
          if ((await stripe.paymentIntents.retrieve(providerPaymentId)).status === 'canceled') return;
        }
        throw classify(e);
      }
    },

    async refund({ providerPaymentId, amountMinor, refundApplicationFee, idempotencyKey }) {
      // The key in the metadata marks the refund as ours, so its webhook is not booked a second time as a
      // refund made in the dashboard — even when our transaction has not committed yet.
      try {
        const r = await stripe.refunds.create(
          {
            payment_intent: providerPaymentId,
            amount: amountMinor,
            refund_application_fee: refundApplicationFee,
            reverse_transfer: true,
            metadata: { [APP_REFUND_KEY]: idempotencyKey },
          },
          { idempotencyKey },
        );
        return { id: r.id, status: (r.status ?? 'pending') as ProviderRefund['status'] };
      } catch (e) {
        throw classify(e);
      }
    },

    async parseWebhook({ raw, signature, secret, receivedAt }): Promise<ProviderEvent> {
      const event = stripe.webhooks.constructEvent(raw, signature, secret, undefined, undefined, receivedAt);
      return { id: event.id, type: event.type, object: event.data.object as ProviderEvent['object'] };
    },

    listRefunds: (paymentIntentId) => listRefunds(stripe, paymentIntentId),

    async getDispute(disputeId) {
      return toProviderDispute(await stripe.disputes.retrieve(disputeId));
    },

    async payout({ destinationAccount, amountMinor, currency, idempotencyKey }) {
      if (!destinationAccount)
        throw new PaymentProviderError('a Stripe payout needs the DJ’s connected account', {
          permanent: true,
          code: 'no_account',
        });
      try {
        await stripe.payouts.create(
          { amount: amountMinor, currency: currency.toLowerCase() },
          { idempotencyKey, stripeAccount: destinationAccount },
        );
      } catch (e) {
        throw classify(e);
      }
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
