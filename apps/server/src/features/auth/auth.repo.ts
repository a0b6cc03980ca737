import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { pgErrorCode, type Queryable } from '../../db/client.ts';
import { authTokens, sessions, users } from '../../db/schema/user.ts';
import { userConsents } from '../../db/schema/account.ts';
import { userSuspensions } from '../../db/schema/admin.ts';
import { AppError } from '../../errors.ts';

export type UserRow = typeof users.$inferSelect;

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    displayName: r.displayName,
    role: r.role,
    emailVerified: r.emailVerifiedAt !== null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function insertUser(
  q: Queryable,
  v: {
    email: string;
    displayName: string;
    role: UserRow['role'];
    passwordHash: string;
    emailVerifiedAt?: Date;
    locale?: string;
    timeZone?: string;
  },
  at: Date,
): Promise<UserRow> {
  try {
    const [row] = await q
      .insert(users)
      .values({ ...v, createdAt: at, updatedAt: at })
      .returning();
    return row!;
  } catch (e) {
    if (pgErrorCode(e) === '23505') {
      throw new AppError('AUTH_EMAIL_TAKEN', {
        detail: 'An account with this email already exists. Log in or reset your password.',
        errors: [{ path: 'body.email', message: 'An account with this email already exists.' }],
      });
    }
    throw e;
  }
}

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | null> {
  const [row] = await q.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row ?? null;
}

export async function findUserById(q: Queryable, id: string): Promise<UserRow | null> {
  const [row] = await q.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function updateUser(q: Queryable, id: string, set: Partial<Omit<UserRow, 'id'>>, at: Date): Promise<void> {
  await q
    .update(users)
    .set({ ...set, updatedAt: at })
    .where(eq(users.id, id));
}

export async function insertSession(
  q: Queryable,
  v: { userId: string; expiresAt: Date; userAgent?: string; ip?: string; now: Date },
): Promise<string> {
  const [row] = await q
    .insert(sessions)
    .values({
      userId: v.userId,
      expiresAt: v.expiresAt,
      userAgent: v.userAgent?.slice(0, 300),
      ip: v.ip,
      createdAt: v.now,
      lastSeenAt: v.now,
    })
    .returning({ id: sessions.id });
  return row!.id;
}

/** The reason the account is suspended (features/admin), or null. */
export async function findSuspensionReason(q: Queryable, userId: string): Promise<string | null> {
  const [row] = await q
    .select({ reason: userSuspensions.reason })
    .from(userSuspensions)
    .where(eq(userSuspensions.userId, userId));
  return row?.reason ?? null;
}

export async function findLiveSessionUser(
  q: Queryable,
  sessionId: string,
  now: Date,
): Promise<{ user: UserRow; lastSeenAt: Date } | null> {
  const [row] = await q
    .select({ user: users, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  return row ?? null;
}

export async function touchSession(q: Queryable, sessionId: string, now: Date): Promise<void> {
  await q.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
}

export async function listLiveSessions(q: Queryable, userId: string, now: Date) {
  return q
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Revokes one session of the user; false when it is not theirs or already gone. */
export async function revokeSession(q: Queryable, userId: string, sessionId: string, now: Date): Promise<boolean> {
  const rows = await q
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function revokeOtherSessions(
  q: Queryable,
  userId: string,
  keepSessionId: string | null,
  now: Date,
): Promise<number> {
  const where = keepSessionId
    ? and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.id, keepSessionId))
    : and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
  const rows = await q.update(sessions).set({ revokedAt: now }).where(where).returning({ id: sessions.id });
  return rows.length;
}

export async function insertAuthToken(
  q: Queryable,
  v: { userId: string; purpose: 'verify_email' | 'reset_password'; tokenHash: string; expiresAt: Date; createdAt: Date },
): Promise<void> {
  await q.insert(authTokens).values(v);
}

/** Marks a live token used and returns its user id; null when unknown, used, expired or of another purpose. */
export async function consumeAuthToken(
  q: Queryable,
  purpose: 'verify_email' | 'reset_password',
  tokenHash: string,
  now: Date,
): Promise<string | null> {
  const rows = await q
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(authTokens.tokenHash, tokenHash),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
    .returning({ userId: authTokens.userId });
  return rows[0]?.userId ?? null;
}

/** Acceptance of the terms and privacy policy of `version` at sign-up (see features/account). */
export async function insertConsents(q: Queryable, userId: string, version: string, at: Date): Promise<void> {
  await q.insert(userConsents).values([
    { userId, kind: 'terms', version, acceptedAt: at },
    { userId, kind: 'privacy', version, acceptedAt: at },
  ]);
}
