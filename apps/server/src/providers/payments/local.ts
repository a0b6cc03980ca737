import { createHash } from 'node:crypto';
import type { AuthorizeResult, PaymentsProvider } from './payments.ts';

/** Test card numbers, as in Stripe's test mode. */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  requiresAction: '4000002500003155',
} as const;

function luhn(num: string): boolean {
  let sum = 0;
  for (let i = 0; i < num.length; i++) {
    let d = Number(num[num.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function expired(expiry: string, now: Date): boolean {
  const [mm, yy] = expiry.split('/').map(Number);
  const end = Date.UTC(2000 + yy!, mm!, 1); // first day of the following month
  return end <= now.getTime();
}

/**
 * Embedded default: a deterministic test-mode processor. Payment ids derive from the idempotency key, so a
 * retried authorisation returns the same payment.
 */
export function localPayments(now: () => Date): PaymentsProvider {
  const idFor = (key: string) => `pi_local_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
  return {
    kind: 'local',
    async authorize({ card, idempotencyKey }): Promise<AuthorizeResult> {
      const last4 = card.number.slice(-4);
      if (!luhn(card.number)) return { status: 'declined', reason: 'The card number is not valid.' };
      if (expired(card.expiry, now())) return { status: 'declined', reason: 'The card has expired.' };
      if (card.number === TEST_CARDS.declined) return { status: 'declined', reason: 'The card was declined by the bank.' };
      if (card.number === TEST_CARDS.insufficientFunds) return { status: 'declined', reason: 'Insufficient funds on the card.' };
      if (card.number === TEST_CARDS.requiresAction)
        return { status: 'requires_action', providerPaymentId: idFor(idempotencyKey), last4 };
      return { status: 'authorized', providerPaymentId: idFor(idempotencyKey), last4 };
    },
    async confirmAction() {
      return { status: 'authorized' };
    },
    async createPayee() {
      return { accountId: null, ready: true };
    },
    async payeeOnboardingUrl({ returnUrl }) {
      return returnUrl;
    },
    async payeeState() {
      return { ready: true };
    },
    async startCheckout() {
      return null;
    },
    async capture() {},
    async release() {},
    async refund({ idempotencyKey }) {
      return {
        id: `re_local_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`,
        status: 'succeeded' as const,
      };
    },
    async payout() {},
    async listRefunds() {
      return []; // refunds are only made by the app itself, which books them when it makes them
    },
    async getDispute(id) {
      throw new Error(`the embedded processor has no disputes (${id})`);
    },
  };
}
