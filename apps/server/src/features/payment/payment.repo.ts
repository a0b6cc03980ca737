import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { payments, webhookEvents } from '../../db/schema/ledger.ts';

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
