/** The moderation queue's own tables (chat and profile reports; review reports stay with features/review). */
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { moderationRemovals, moderationReports, moderationRestorations } from '../../db/schema/admin.ts';
import { users } from '../../db/schema/user.ts';

export type ReportRow = typeof moderationReports.$inferSelect;

/** One report per reporter and target; a repeat by the same reporter changes nothing (returns false). */
export async function insertReport(
  q: Queryable,
  v: {
    kind: 'chat_message' | 'profile';
    targetId: string;
    reporterKey: string;
    authorUserId: string | null;
    excerpt: string;
    reason?: string | null;
  },
  at: Date,
): Promise<boolean> {
  const rows = await q
    .insert(moderationReports)
    .values({ ...v, excerpt: v.excerpt.slice(0, 500), createdAt: at })
    .onConflictDoNothing()
    .returning({ id: moderationReports.id });
  return rows.length > 0;
}

export async function listOpen(q: Queryable, limit = 200): Promise<ReportRow[]> {
  return q
    .select()
    .from(moderationReports)
    .where(eq(moderationReports.status, 'open'))
    .orderBy(desc(moderationReports.createdAt))
    .limit(limit);
}

export async function listForAuthor(q: Queryable, userId: string): Promise<ReportRow[]> {
  return q
    .select()
    .from(moderationReports)
    .where(eq(moderationReports.authorUserId, userId))
    .orderBy(desc(moderationReports.createdAt))
    .limit(100);
}

export async function countOpen(q: Queryable): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(moderationReports)
    .where(eq(moderationReports.status, 'open'));
  return row?.n ?? 0;
}

export async function lockReport(q: Queryable, id: string): Promise<ReportRow | null> {
  const [row] = await q.select().from(moderationReports).where(eq(moderationReports.id, id)).for('update');
  return row ?? null;
}

/**
 * Decides this report and every other open report of the same target (one decision per content). Only open
 * reports change: deciding twice is a conflict the service reports.
 */
export async function decide(
  q: Queryable,
  r: Pick<ReportRow, 'kind' | 'targetId'>,
  v: { status: 'dismissed' | 'removed' | 'suspended'; by: string; reason: string | null },
  at: Date,
): Promise<number> {
  const rows = await q
    .update(moderationReports)
    .set({ status: v.status, decidedBy: v.by, decidedAt: at, decisionReason: v.reason })
    .where(
      and(eq(moderationReports.kind, r.kind), eq(moderationReports.targetId, r.targetId), eq(moderationReports.status, 'open')),
    )
    .returning({ id: moderationReports.id });
  return rows.length;
}

export async function insertRemoval(
  q: Queryable,
  v: {
    kind: 'chat_message' | 'review' | 'profile';
    targetId: string;
    reason: string;
    removedBy: string;
    authorUserId: string | null;
    excerpt: string;
  },
  at: Date,
): Promise<void> {
  await q
    .insert(moderationRemovals)
    .values({ ...v, excerpt: v.excerpt.slice(0, 500), removedAt: at })
    .onConflictDoNothing();
}

/** A user's removed content, newest first (the notices they are shown). */
export async function listRemovalsOf(q: Queryable, userId: string) {
  return q
    .select()
    .from(moderationRemovals)
    .where(eq(moderationRemovals.authorUserId, userId))
    .orderBy(desc(moderationRemovals.removedAt))
    .limit(100);
}

export type RemovalRow = typeof moderationRemovals.$inferSelect;

/** The removal of this content, locked for the caller's transaction (null when it is not removed). */
export async function lockRemoval(q: Queryable, kind: RemovalRow['kind'], targetId: string): Promise<RemovalRow | null> {
  const [row] = await q
    .select()
    .from(moderationRemovals)
    .where(and(eq(moderationRemovals.kind, kind), eq(moderationRemovals.targetId, targetId)))
    .for('update');
  return row ?? null;
}

/**
 * Restores removed content: the removal row goes (search, the profile page and reviews read it) and its facts
 * move to `moderation_restorations` with the restore's reason. False when another transaction restored it first.
 */
export async function restore(
  q: Queryable,
  r: RemovalRow & { kind: 'review' | 'profile' },
  v: { reason: string; restoredBy: string },
  at: Date,
): Promise<boolean> {
  const gone = await q
    .delete(moderationRemovals)
    .where(and(eq(moderationRemovals.kind, r.kind), eq(moderationRemovals.targetId, r.targetId)))
    .returning({ id: moderationRemovals.targetId });
  if (!gone.length) return false;
  await q.insert(moderationRestorations).values({
    kind: r.kind,
    targetId: r.targetId,
    authorUserId: r.authorUserId,
    excerpt: r.excerpt,
    removalReason: r.reason,
    removedBy: r.removedBy,
    removedAt: r.removedAt,
    reason: v.reason,
    restoredBy: v.restoredBy,
    restoredAt: at,
  });
  return true;
}

export async function wasRestored(q: Queryable, kind: 'review' | 'profile', targetId: string): Promise<boolean> {
  const [row] = await q
    .select({ id: moderationRestorations.id })
    .from(moderationRestorations)
    .where(and(eq(moderationRestorations.kind, kind), eq(moderationRestorations.targetId, targetId)))
    .limit(1);
  return !!row;
}

/** A user's restored content, newest first (their notices show it was put back, and why). */
export async function listRestorationsOf(q: Queryable, userId: string) {
  return q
    .select()
    .from(moderationRestorations)
    .where(eq(moderationRestorations.authorUserId, userId))
    .orderBy(desc(moderationRestorations.restoredAt))
    .limit(100);
}

/** Removed content, newest first, with its author's and remover's names (the console's "removed" list). */
export async function listRemovals(q: Queryable, f: { authorUserId?: string; limit?: number } = {}) {
  const remover = alias(users, 'remover');
  return q
    .select({ r: moderationRemovals, authorName: users.displayName, removedByName: remover.displayName })
    .from(moderationRemovals)
    .leftJoin(users, eq(users.id, moderationRemovals.authorUserId))
    .leftJoin(remover, eq(remover.id, moderationRemovals.removedBy))
    .where(f.authorUserId ? eq(moderationRemovals.authorUserId, f.authorUserId) : undefined)
    .orderBy(desc(moderationRemovals.removedAt))
    .limit(f.limit ?? 200);
}
