/**
 * The admin feature's tables (audit log, second factor, suspensions) and the console's read models. The
 * overview, user and job queries read other features' tables directly: they are reporting reads for operators,
 * never writes, and routing them through each service would mean N round trips per chart (decision 021).
 */
import { and, desc, eq, ilike, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { adminRecoveryCodes, adminTotp, auditLog, sessionSecondFactors, userSuspensions } from '../../db/schema/admin.ts';
import { sessions, users } from '../../db/schema/user.ts';
import { djProfiles } from '../../db/schema/dj.ts';
import { bookings } from '../../db/schema/booking.ts';
import { jobs } from '../../db/schema/job.ts';
import { parties } from '../../db/schema/party.ts';

export interface AuditInput {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

export async function insertAudit(q: Queryable, a: AuditInput, at: Date): Promise<void> {
  await q.insert(auditLog).values({
    actorId: a.actorId,
    action: a.action,
    targetType: a.targetType,
    targetId: a.targetId,
    reason: a.reason ?? null,
    detail: a.detail ?? {},
    createdAt: at,
  });
}

export async function listAudit(q: Queryable, f: { text?: string; action?: string; limit: number; offset: number }) {
  const where = [];
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(
        ilike(auditLog.action, like),
        ilike(auditLog.targetId, like),
        ilike(auditLog.reason, like),
        ilike(users.email, like),
        ilike(users.displayName, like),
        sql`${auditLog.detail}::text ilike ${like}`,
      ),
    );
  }
  const rows = await q
    .select({ a: auditLog, actorName: users.displayName, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.seq))
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function findTotp(q: Queryable, userId: string) {
  const [row] = await q.select().from(adminTotp).where(eq(adminTotp.userId, userId));
  return row ?? null;
}

/** A fresh secret for an admin not yet enabled (enrolling again replaces an unconfirmed one). */
export async function putPendingTotp(q: Queryable, userId: string, secret: string, at: Date): Promise<void> {
  await q
    .insert(adminTotp)
    .values({ userId, secret, createdAt: at })
    .onConflictDoUpdate({ target: adminTotp.userId, set: { secret, createdAt: at, enabledAt: null, lastStep: null } });
}

/** Records the accepted time step; false when a code of this or a later step was already used (replay). */
export async function acceptStep(q: Queryable, userId: string, step: number, at: Date): Promise<boolean> {
  const rows = await q
    .update(adminTotp)
    .set({ lastStep: step, enabledAt: sql`coalesce(${adminTotp.enabledAt}, ${at})` })
    .where(and(eq(adminTotp.userId, userId), or(isNull(adminTotp.lastStep), lt(adminTotp.lastStep, step))))
    .returning({ userId: adminTotp.userId });
  return rows.length > 0;
}

export async function replaceRecoveryCodes(q: Queryable, userId: string, hashes: string[], at: Date): Promise<void> {
  await q.delete(adminRecoveryCodes).where(eq(adminRecoveryCodes.userId, userId));
  await q.insert(adminRecoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: at })));
}

export async function consumeRecoveryCode(q: Queryable, userId: string, hash: string, at: Date): Promise<boolean> {
  const rows = await q
    .update(adminRecoveryCodes)
    .set({ usedAt: at })
    .where(and(eq(adminRecoveryCodes.userId, userId), eq(adminRecoveryCodes.codeHash, hash), isNull(adminRecoveryCodes.usedAt)))
    .returning({ id: adminRecoveryCodes.id });
  return rows.length > 0;
}

export async function markSessionVerified(q: Queryable, sessionId: string, at: Date): Promise<void> {
  await q.insert(sessionSecondFactors).values({ sessionId, verifiedAt: at }).onConflictDoNothing();
}

export async function isSessionVerified(q: Queryable, sessionId: string): Promise<boolean> {
  const [row] = await q
    .select({ id: sessionSecondFactors.sessionId })
    .from(sessionSecondFactors)
    .where(eq(sessionSecondFactors.sessionId, sessionId));
  return !!row;
}

export async function findSuspension(q: Queryable, userId: string) {
  const [row] = await q.select().from(userSuspensions).where(eq(userSuspensions.userId, userId));
  return row ?? null;
}

export async function suspendedAmong(q: Queryable, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await q
    .select({ id: userSuspensions.userId })
    .from(userSuspensions)
    .where(inArray(userSuspensions.userId, userIds));
  return new Set(rows.map((r) => r.id));
}

/** False when the user was already suspended (nothing changed). */
export async function insertSuspension(
  q: Queryable,
  v: { userId: string; reason: string; suspendedBy: string },
  at: Date,
): Promise<boolean> {
  const rows = await q
    .insert(userSuspensions)
    .values({ ...v, suspendedAt: at })
    .onConflictDoNothing()
    .returning({ id: userSuspensions.userId });
  return rows.length > 0;
}

export async function deleteSuspension(q: Queryable, userId: string): Promise<boolean> {
  const rows = await q
    .delete(userSuspensions)
    .where(eq(userSuspensions.userId, userId))
    .returning({ id: userSuspensions.userId });
  return rows.length > 0;
}

/** Ends every live session of the user at once (the session middleware reads the row on each request). */
export async function revokeAllSessions(q: Queryable, userId: string, at: Date): Promise<number> {
  const rows = await q
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Admins who can still act: not suspended. Locks them so two admins cannot suspend each other at once. */
export async function lockActiveAdmins(q: Queryable): Promise<string[]> {
  const rows = await q
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), sql`not exists (select 1 from ${userSuspensions} s where s.user_id = ${users.id})`))
    .for('update');
  return rows.map((r) => r.id);
}

export async function findUser(q: Queryable, id: string) {
  const [row] = await q
    .select({ u: users, s: userSuspensions, djProfileId: djProfiles.id })
    .from(users)
    .leftJoin(userSuspensions, eq(userSuspensions.userId, users.id))
    .leftJoin(djProfiles, eq(djProfiles.userId, users.id))
    .where(eq(users.id, id));
  return row ?? null;
}

export async function searchUsers(
  q: Queryable,
  f: { text?: string; role?: 'dj' | 'host' | 'admin'; limit: number; offset: number },
) {
  const where = [];
  if (f.role) where.push(eq(users.role, f.role));
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.email, like), ilike(users.displayName, like), ilike(djProfiles.stageName, like)));
  }
  const rows = await q
    .select({
      u: users,
      s: userSuspensions,
      djProfileId: djProfiles.id,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(users)
    .leftJoin(userSuspensions, eq(userSuspensions.userId, users.id))
    .leftJoin(djProfiles, eq(djProfiles.userId, users.id))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(users.createdAt), users.id)
    .limit(f.limit)
    .offset(f.offset);
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Per UTC day in [from, to): bookings paid, their gross and platform fee, new DJs and hosts. */
export async function dailyStats(q: Queryable, from: Date, to: Date) {
  const paidStates = ['confirmed', 'live', 'completed', 'paid_out', 'pending_acceptance', 'no_show'];
  const b = await q
    .select({
      day: sql<string>`to_char(${bookings.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`,
      currency: bookings.currency,
      count: sql<number>`count(*)`.mapWith(Number),
      gross: sql<number>`coalesce(sum(${bookings.totalMinor} - ${bookings.refundedMinor}), 0)`.mapWith(Number),
      fee: sql<number>`coalesce(sum(${bookings.feeMinor}), 0)`.mapWith(Number),
    })
    .from(bookings)
    .where(and(sql`${bookings.createdAt} >= ${from} and ${bookings.createdAt} < ${to}`, inArray(bookings.state, paidStates)))
    .groupBy(sql`1`, bookings.currency);
  const u = await q
    .select({
      day: sql<string>`to_char(${users.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`,
      role: users.role,
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(users)
    .where(sql`${users.createdAt} >= ${from} and ${users.createdAt} < ${to}`)
    .groupBy(sql`1`, users.role);
  return { bookings: b, users: u };
}

/** Failed jobs, and jobs stuck: running past their lock, or due more than `stuckMs` ago and not picked up. */
export async function troubledJobs(q: Queryable, now: Date, stuckMs: number) {
  return q
    .select()
    .from(jobs)
    .where(
      or(
        eq(jobs.status, 'failed'),
        and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now)),
        and(eq(jobs.status, 'pending'), lt(jobs.runAt, new Date(now.getTime() - stuckMs))),
      ),
    )
    .orderBy(desc(jobs.runAt))
    .limit(200);
}

export async function countFailedJobs(q: Queryable): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(jobs)
    .where(eq(jobs.status, 'failed'));
  return row?.n ?? 0;
}

export async function findJob(q: Queryable, id: string) {
  const [row] = await q.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}

/** Runs a failed or stuck job again now (a fresh set of attempts). */
export async function retryJob(q: Queryable, id: string, at: Date): Promise<boolean> {
  const rows = await q
    .update(jobs)
    .set({ status: 'pending', attempts: 0, runAt: at, lockedUntil: null })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ['failed', 'pending', 'running'])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Stops a job for good: marked done with the reason as its last error (the row stays for the record). */
export async function cancelJob(q: Queryable, id: string, note: string, at: Date): Promise<boolean> {
  const rows = await q
    .update(jobs)
    .set({ status: 'done', finishedAt: at, lockedUntil: null, lastError: note })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ['failed', 'pending', 'running'])))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export async function findProfileOwner(q: Queryable, djProfileId: string) {
  const [row] = await q
    .select({ userId: djProfiles.userId, stageName: djProfiles.stageName })
    .from(djProfiles)
    .where(eq(djProfiles.id, djProfileId));
  return row ?? null;
}

/** Parties being streamed now (the booking is live). */
export async function liveParties(q: Queryable) {
  return q
    .select({ partyId: parties.id, stageName: djProfiles.stageName })
    .from(bookings)
    .innerJoin(parties, eq(parties.bookingId, bookings.id))
    .innerJoin(djProfiles, eq(djProfiles.id, bookings.djProfileId))
    .where(eq(bookings.state, 'live'))
    .limit(100);
}
