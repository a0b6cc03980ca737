/** Payout onboarding (DJs), checkout (hosts) and receipt schemas: the payments part of the wire contract. */
import { z } from 'zod';
import { CurrencySchema } from '../money.ts';

/**
 * Where a DJ stands with payouts. `not_started`: no account with the provider yet; `pending`: the provider
 * still needs details (or restricted the account); `ready`: bookings can be paid to this DJ.
 */
export const PayoutStatusSchema = z.object({
  provider: z.enum(['local', 'stripe']),
  state: z.enum(['not_started', 'pending', 'ready']),
});
export type PayoutStatus = z.infer<typeof PayoutStatusSchema>;

/** Answer to "set up payouts": where to send the DJ (the provider's onboarding, or straight back to us). */
export const PayoutOnboardingSchema = z.object({ url: z.string(), status: PayoutStatusSchema });
export type PayoutOnboarding = z.infer<typeof PayoutOnboardingSchema>;

/**
 * How the host pays a booking. `local`: the embedded test-mode card form (POST /pay). `stripe`: mount Stripe's
 * Payment Element with `clientSecret` (of the booking's manual-capture PaymentIntent) and `publishableKey`,
 * confirm in the browser; the `payment_intent.amount_capturable_updated` webhook (or POST /confirm-payment)
 * then moves the booking on. `stripeJsUrl` is set only when the server overrides where Stripe.js loads from.
 */
export const CheckoutSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('local') }),
  z.object({
    provider: z.literal('stripe'),
    clientSecret: z.string(),
    publishableKey: z.string(),
    stripeJsUrl: z.string().nullable(),
  }),
]);
export type Checkout = z.infer<typeof CheckoutSchema>;

const Money = z.object({ amountMinor: z.number().int(), currency: CurrencySchema });

/**
 * A host's receipt for a paid booking, built from the price frozen on the booking (the platform fee is taken
 * from the DJ's share, not added to the host's total, so it is not a line of its own here).
 */
export const ReceiptSchema = z.object({
  number: z.string(),
  bookingId: z.string(),
  bookingState: z.string(),
  hostName: z.string(),
  djStageName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The host's chosen zone; null when they chose none (the web then uses the viewer's zone, mail the DJ's). */
  timeZone: z.string().nullable(),
  djTimeZone: z.string(),
  lines: z.array(z.object({ label: z.string(), amountMinor: z.number().int() })),
  total: Money,
  payment: z.object({ status: z.string(), cardLast4: z.string().nullable(), chargedAt: z.string().nullable() }),
  refunds: z.array(z.object({ at: z.string(), amountMinor: z.number().int(), reason: z.string() })),
  refundedMinor: z.number().int(),
  netPaidMinor: z.number().int(),
  issuedAt: z.string(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;
