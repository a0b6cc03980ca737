import { and, asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { ledgerLines, ledgerTransactions } from '../../db/schema/ledger.ts';

export interface LedgerLine {
  account: string;
  amountMinor: number;
}

/** Writes one balanced transaction; false (and nothing written) when the idempotency key was used before. */
export async function insertTransaction(
  q: Queryable,
  t: { bookingId: string | null; kind: string; idempotencyKey: string; currency: string; lines: LedgerLine[]; at: Date },
): Promise<boolean> {
  const [row] = await q
    .insert(ledgerTransactions)
    .values({ bookingId: t.bookingId, kind: t.kind, idempotencyKey: t.idempotencyKey, createdAt: t.at })
    .onConflictDoNothing({ target: ledgerTransactions.idempotencyKey })
    .returning({ id: ledgerTransactions.id });
  if (!row) return false;
  await q.insert(ledgerLines).values(
    t.lines.map((l) => ({
      transactionId: row.id,
      bookingId: t.bookingId,
      account: l.account,
      amountMinor: l.amountMinor,
      currency: t.currency,
    })),
  );
  return true;
}

export async function balancesForBooking(q: Queryable, bookingId: string): Promise<Record<string, number>> {
  const rows = await q
    .select({ account: ledgerLines.account, total: sql<string>`sum(${ledgerLines.amountMinor})` })
    .from(ledgerLines)
    .where(eq(ledgerLines.bookingId, bookingId))
    .groupBy(ledgerLines.account);
  return Object.fromEntries(rows.map((r) => [r.account, Number(r.total)]));
}

export async function transactionExists(q: Queryable, idempotencyKey: string): Promise<boolean> {
  const rows = await q
    .select({ id: ledgerTransactions.id })
    .from(ledgerTransactions)
    .where(eq(ledgerTransactions.idempotencyKey, idempotencyKey));
  return rows.length > 0;
}

/** The lines of the transaction with this key (empty when there is none). */
export async function linesOf(q: Queryable, idempotencyKey: string): Promise<LedgerLine[]> {
  return q
    .select({ account: ledgerLines.account, amountMinor: ledgerLines.amountMinor })
    .from(ledgerLines)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerLines.transactionId))
    .where(eq(ledgerTransactions.idempotencyKey, idempotencyKey));
}

export async function countKind(q: Queryable, bookingId: string, kind: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<string>`count(*)` })
    .from(ledgerTransactions)
    .where(and(eq(ledgerTransactions.bookingId, bookingId), eq(ledgerTransactions.kind, kind)));
  return Number(row?.n ?? 0);
}

/** The customer's side of each transaction of a booking (capture −, refunds +), oldest first. */
export async function customerMovements(
  q: Queryable,
  bookingId: string,
): Promise<{ kind: string; amountMinor: number; at: Date; key: string }[]> {
  return q
    .select({
      kind: ledgerTransactions.kind,
      amountMinor: ledgerLines.amountMinor,
      at: ledgerTransactions.createdAt,
      key: ledgerTransactions.idempotencyKey,
    })
    .from(ledgerLines)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerLines.transactionId))
    .where(and(eq(ledgerLines.bookingId, bookingId), eq(ledgerLines.account, 'customer')))
    .orderBy(asc(ledgerTransactions.createdAt), asc(ledgerTransactions.seq));
}

/** Transactions whose lines do not sum to zero (must always be empty). */
export async function unbalancedTransactions(q: Queryable): Promise<{ id: string; sum: number }[]> {
  const res = await q.execute(sql`
    select t.id, coalesce(sum(l.amount_minor), 0)::bigint as sum, count(l.id) as lines
    from ledger_transactions t left join ledger_lines l on l.transaction_id = t.id
    group by t.id having coalesce(sum(l.amount_minor), 0) <> 0 or count(l.id) < 2`);
  return (res as unknown as { rows: { id: string; sum: string }[] }).rows.map((r) => ({ id: r.id, sum: Number(r.sum) }));
}

/** Per booking: its frozen amounts, state and ledger balances, for the money-accounted-for check. */
export async function bookingMoney(q: Queryable) {
  const res = await q.execute(sql`
    select b.id, b.state, b.total_minor, b.fee_minor, b.dj_share_minor, b.refunded_minor,
      coalesce(sum(l.amount_minor) filter (where l.account = 'customer'), 0)::bigint as customer,
      coalesce(sum(l.amount_minor) filter (where l.account = 'platform_revenue'), 0)::bigint as revenue,
      coalesce(sum(l.amount_minor) filter (where l.account = 'dj_payable'), 0)::bigint as payable,
      coalesce(sum(l.amount_minor) filter (where l.account = 'dj_paid_out'), 0)::bigint as paid_out,
      coalesce(sum(l.amount_minor) filter (where l.account = 'platform_refund_cost'), 0)::bigint as refund_cost,
      coalesce(sum(l.amount_minor) filter (where l.account = 'capture_pending'), 0)::bigint as capture_pending,
      coalesce(sum(l.amount_minor) filter (where l.account = 'refund_pending'), 0)::bigint as refund_pending,
      coalesce(sum(l.amount_minor) filter (where l.account = 'payout_pending'), 0)::bigint as payout_pending,
      coalesce(sum(l.amount_minor) filter (where l.account = 'chargeback'), 0)::bigint as chargeback,
      coalesce(sum(l.amount_minor) filter (where l.account = 'dispute_reserve'), 0)::bigint as dispute_reserve,
      coalesce(sum(l.amount_minor) filter (where l.account = 'platform_dispute_loss'), 0)::bigint as dispute_loss,
      coalesce(sum(l.amount_minor) filter (where l.account = 'customer' and t.kind = 'capture'), 0)::bigint as charged,
      count(l.id) filter (where l.account not in ('customer','capture_pending','refund_pending','payout_pending','chargeback','dispute_reserve',
        'platform_dispute_loss','dj_payable','dj_paid_out','platform_revenue','platform_refund_cost')) as unknown_lines,
      b.dispute_status, b.dispute_minor,
      exists (select 1 from jobs j where j.name like 'payment.%' and j.status = 'failed' and j.payload ->> 'bookingId' = b.id::text) as payment_job_failed
    from bookings b left join ledger_lines l on l.booking_id = b.id left join ledger_transactions t on t.id = l.transaction_id
    group by b.id`);
  return (res as unknown as { rows: Record<string, string | number>[] }).rows.map((r) => ({
    id: String(r.id),
    state: String(r.state),
    total: Number(r.total_minor),
    fee: Number(r.fee_minor),
    djShare: Number(r.dj_share_minor),
    refunded: Number(r.refunded_minor),
    customer: Number(r.customer),
    revenue: Number(r.revenue),
    payable: Number(r.payable),
    paidOut: Number(r.paid_out),
    refundCost: Number(r.refund_cost),
    capturePending: Number(r.capture_pending),
    refundPending: Number(r.refund_pending),
    payoutPending: Number(r.payout_pending),
    chargeback: Number(r.chargeback),
    disputeReserve: Number(r.dispute_reserve),
    disputeLoss: Number(r.dispute_loss),
    charged: -Number(r.charged),
    unknownLines: Number(r.unknown_lines),
    disputeStatus: (r.dispute_status as string | null) ?? null,
    disputeMinor: Number(r.dispute_minor),
    paymentJobFailed: String(r.payment_job_failed) === 'true' || r.payment_job_failed === 't',
  }));
}
