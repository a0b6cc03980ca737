import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { payments, webhookEvents } from '../../db/schema/ledger.ts';

export type PaymentRow = typeof payments.$inferSelect;

/** False when this event id was seen before. */
export async function recordEvent(q: Queryable, id: string, provider: string, type: string, at: Date): Promise<boolean> {
  const rows = await q
    .insert(webhookEvents)
    .values({ id, provider, type, receivedAt: at })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return rows.length > 0;
}

export async function findByProviderId(q: Queryable, provider: string, providerPaymentId: string) {
  const rows = await q.select().from(payments).where(eq(payments.providerPaymentId, providerPaymentId));
  return rows.find((r) => r.provider === provider) ?? null;
}

export async function setStatus(q: Queryable, id: string, status: string, at: Date): Promise<void> {
  await q.update(payments).set({ status, updatedAt: at }).where(eq(payments.id, id));
}

export async function upsertPayment(
  q: Queryable,
  v: Omit<typeof payments.$inferInsert, 'createdAt' | 'updatedAt'>,
  at: Date,
): Promise<void> {
  await q
    .insert(payments)
    .values({ ...v, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({
      target: payments.bookingId,
      set: { status: v.status, providerPaymentId: v.providerPaymentId, cardLast4: v.cardLast4, updatedAt: at },
    });
}

export async function findPayment(q: Queryable, bookingId: string): Promise<PaymentRow | null> {
  const [row] = await q.select().from(payments).where(eq(payments.bookingId, bookingId));
  return row ?? null;
}

export async function findPaymentByProviderId(
  q: Queryable,
  provider: string,
  providerPaymentId: string,
): Promise<PaymentRow | null> {
  const [row] = await q
    .select()
    .from(payments)
    .where(and(eq(payments.provider, provider), eq(payments.providerPaymentId, providerPaymentId)));
  return row ?? null;
}

export async function setPaymentStatus(q: Queryable, bookingId: string, status: string, at: Date): Promise<void> {
  await q.update(payments).set({ status, updatedAt: at }).where(eq(payments.bookingId, bookingId));
}
