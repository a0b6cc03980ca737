import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { payments, webhookEvents } from '../../db/schema/ledger.ts';

export type PaymentRow = typeof payments.$inferSelect;

/** False when this event id was seen before. `processedAt`: set at once for an event with nothing to do. */
export async function recordEvent(
  q: Queryable,
  id: string,
  provider: string,
  type: string,
  at: Date,
  processedAt: Date | null = null,
): Promise<boolean> {
  const rows = await q
    .insert(webhookEvents)
    .values({ id, provider, type, receivedAt: at, processedAt })
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return rows.length > 0;
}

/** Locks a recorded event for its job; false when it is unknown or already processed. */
export async function claimUnprocessedEvent(tx: Queryable, id: string): Promise<boolean> {
  const rows = await tx
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.id, id), isNull(webhookEvents.processedAt)))
    .for('update');
  return rows.length > 0;
}

export async function markEventProcessed(q: Queryable, id: string, applied: string | null, at: Date): Promise<void> {
  await q.update(webhookEvents).set({ processedAt: at, applied }).where(eq(webhookEvents.id, id));
}

export async function findEvent(q: Queryable, id: string): Promise<typeof webhookEvents.$inferSelect | null> {
  const [row] = await q.select().from(webhookEvents).where(eq(webhookEvents.id, id));
  return row ?? null;
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
