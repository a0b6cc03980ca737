import { and, count, desc, eq, isNull, lt } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { notifications } from '../../db/schema/notification.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export interface NewNotification {
  userId: string;
  kind: string;
  data: Record<string, unknown>;
  /** Unique per user: the same event written twice (a retried job, a replayed row) stays one item. */
  key: string;
}

/** Answers the rows actually written (a key already present writes nothing). */
export async function insertNotifications(q: Queryable, items: NewNotification[], at: Date): Promise<NotificationRow[]> {
  if (!items.length) return [];
  return q
    .insert(notifications)
    .values(items.map((i) => ({ ...i, createdAt: at })))
    .onConflictDoNothing({ target: [notifications.userId, notifications.key] })
    .returning();
}

/** Newest first; `beforeSeq` pages to older items. */
export async function listNotifications(q: Queryable, userId: string, limit: number, beforeSeq?: number) {
  return q
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), beforeSeq ? lt(notifications.seq, beforeSeq) : undefined))
    .orderBy(desc(notifications.seq))
    .limit(limit);
}

export async function countUnread(q: Queryable, userId: string): Promise<number> {
  const [r] = await q
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(r?.n ?? 0);
}

/** Marks one of the user's items read (once; the first time is kept). False when it is not theirs. */
export async function markRead(q: Queryable, userId: string, id: string, at: Date): Promise<boolean> {
  const [row] = await q
    .select({ id: notifications.id, readAt: notifications.readAt })
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!row) return false;
  if (!row.readAt) await q.update(notifications).set({ readAt: at }).where(eq(notifications.id, id));
  return true;
}

export async function markAllRead(q: Queryable, userId: string, at: Date): Promise<number> {
  const rows = await q
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
