/**
 * Payment-provider webhooks (Stripe): verified against the signing secret on the exact raw bytes before anything
 * is parsed, recorded by event id so a retried or duplicated delivery changes nothing, and applied only when they
 * move a payment forward, so events arriving out of order cannot move it back.
 */
import type Stripe from 'stripe';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import * as repo from './payment.repo.ts';

const RANK: Record<string, number> = { requires_action: 1, authorized: 2, captured: 3, partially_refunded: 4, refunded: 5, released: 5 };

export function createPaymentService(d: { db: Db; clock: Clock; stripe: Stripe | null; webhookSecret: string | null }) {
  return {
    async handleStripeWebhook(raw: Buffer | undefined, signature: string | undefined): Promise<{ received: true; duplicate?: true; applied?: string }> {
      if (!d.stripe || !d.webhookSecret) throw new AppError('NOT_FOUND', { detail: 'Stripe is not configured.' });
      let event: Stripe.Event;
      try {
        event = d.stripe.webhooks.constructEvent(raw ?? Buffer.alloc(0), signature ?? '', d.webhookSecret);
      } catch {
        throw new AppError('PAYMENT_WEBHOOK_SIGNATURE_INVALID', { detail: 'The Stripe-Signature header does not match this body.' });
      }
      return d.db.transaction(async (tx) => {
        if (!(await repo.recordEvent(tx, event.id, 'stripe', event.type))) return { received: true as const, duplicate: true as const };
        let piId: string | null = null;
        let status: string | null = null;
        const obj = event.data.object as { id?: string; payment_intent?: string | null; amount?: number; amount_refunded?: number };
        switch (event.type) {
          case 'payment_intent.amount_capturable_updated':
            [piId, status] = [obj.id ?? null, 'authorized'];
            break;
          case 'payment_intent.succeeded':
            [piId, status] = [obj.id ?? null, 'captured'];
            break;
          case 'payment_intent.canceled':
            [piId, status] = [obj.id ?? null, 'released'];
            break;
          case 'charge.refunded':
            [piId, status] = [obj.payment_intent ?? null, (obj.amount_refunded ?? 0) >= (obj.amount ?? 0) ? 'refunded' : 'partially_refunded'];
            break;
        }
        if (!piId || !status) return { received: true as const };
        const payment = await repo.findByProviderId(tx, 'stripe', piId);
        if (!payment || (RANK[status] ?? 0) <= (RANK[payment.status] ?? 0)) return { received: true as const };
        await repo.setStatus(tx, payment.id, status, d.clock.now());
        return { received: true as const, applied: status };
      });
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
