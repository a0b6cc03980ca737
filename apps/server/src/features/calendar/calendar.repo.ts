import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { calendarFeedTokens } from '../../db/schema/calendar.ts';
import { users } from '../../db/schema/user.ts';

export async function findFeedToken(q: Queryable, userId: string): Promise<string | null> {
  const [row] = await q
    .select({ token: calendarFeedTokens.token })
    .from(calendarFeedTokens)
    .where(eq(calendarFeedTokens.userId, userId));
  return row?.token ?? null;
}

/** Sets (or replaces) the user's feed token. */
export async function putFeedToken(q: Queryable, userId: string, token: string, at: Date): Promise<void> {
  await q
    .insert(calendarFeedTokens)
    .values({ userId, token, createdAt: at })
    .onConflictDoUpdate({ target: calendarFeedTokens.userId, set: { token, createdAt: at } });
}

export async function deleteFeedToken(q: Queryable, userId: string): Promise<boolean> {
  const rows = await q
    .delete(calendarFeedTokens)
    .where(eq(calendarFeedTokens.userId, userId))
    .returning({ u: calendarFeedTokens.userId });
  return rows.length > 0;
}

/** The owner of a feed token (a live account only). */
export async function findFeedOwner(q: Queryable, token: string) {
  const [row] = await q
    .select({ id: users.id, role: users.role, displayName: users.displayName, deletedAt: users.deletedAt })
    .from(calendarFeedTokens)
    .innerJoin(users, eq(users.id, calendarFeedTokens.userId))
    .where(eq(calendarFeedTokens.token, token));
  return row && !row.deletedAt ? row : null;
}
