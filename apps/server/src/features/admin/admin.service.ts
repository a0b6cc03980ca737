/**
 * The admin feature (issue 16): every admin action goes through here, and each one writes an `audit_log` row
 * (who, what, target, reason, when from the app clock). Admins reach it only with a session that passed the
 * second factor (TOTP or a recovery code): `requireAdmin` is the one gate every admin route calls.
 *
 * Every action writes its audit row in the same transaction as its change; another feature's method taking part
 * (the fee, a refund, a review's removal) runs in that transaction too.
 *
 * The parts: this file (the gate, second factor, audit log, users), admin.moderation.ts (reports and removals),
 * admin.money.ts (fee, disputes and refunds), admin.console.ts (counts, overview, jobs).
 */
import { randomBytes } from 'node:crypto';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { AdminUser, AuditEntry } from '@partystream/shared/admin/admin.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AuthContext } from '../../http/session.ts';
import { enqueueNoticeMail } from '../../jobs/mail.job.ts';
import type { MailMessage } from '../../providers/mail/mail.ts';
import * as repo from './admin.repo.ts';
import type { DecidedReviewReport, OpenReviewReport } from '../review/review.moderation.ts';
import { createConsoleReads } from './admin.console.ts';
import { createModerationDesk, toItem } from './admin.moderation.ts';
import { createMoneyDesk } from './admin.money.ts';
import * as moderation from './moderation.repo.ts';
import { checkTotp, enrolment, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from './second-factor.ts';

const PAGE = 50;

export interface AdminServiceDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  sendMail: (m: MailMessage) => Promise<void>;
  /** Existing features, reached through their services only. */
  auth: {
    createUserDirect(v: { email: string; displayName: string; role: User['role']; password: string }): Promise<User>;
    requestPasswordReset(email: string): Promise<void>;
    sendAdminInvite(email: string, inviter: string): Promise<void>;
    findUserIdByEmail(email: string): Promise<string | null>;
  };
  booking: {
    getFeeBps(q?: Queryable): Promise<number>;
    setFeeBps(admin: User, bps: number, q?: Queryable): Promise<void>;
    listMine(user: User): Promise<unknown[]>;
    /** The `refund_by_admin` row in `tx` (the caller settles after commit). */
    refundByAdmin(
      tx: Tx,
      admin: User,
      id: string,
      amountMinor: number | null,
      reason: string,
    ): Promise<{ refundedMinor: number; currency: string }>;
    settle(id: string): Promise<void>;
  };
  ledgerCheck: () => Promise<{ ok: boolean }>;
  chat: {
    findMessage(id: string): Promise<{ partyId: string; authorUserId: string | null; text: string } | null>;
    removeMessage(id: string): Promise<boolean>;
  };
  /** The review feature's moderation side (review.moderation.ts). */
  reviews: {
    openReports(): Promise<OpenReviewReport[]>;
    decideReport(tx: Tx, reportId: string, decision: 'kept' | 'removed'): Promise<DecidedReviewReport>;
    /** Publishes a removed review again in `tx` (false when it is not removed). */
    restoreReview(tx: Tx, reviewId: string): Promise<boolean>;
  };
  pendingLicences: () => Promise<number>;
  /** Viewers connected to a party's stream right now (embedded SFU; 0 when unknown). */
  viewersOf: (partyId: string) => number;
}

export function createAdminService(d: AdminServiceDeps) {
  const now = () => d.clock.now();

  async function audit(q: Queryable, actor: User | null, a: Omit<repo.AuditInput, 'actorId'>) {
    await repo.insertAudit(q, { ...a, actorId: actor?.id ?? null }, now());
  }

  function toAdminUser(r: NonNullable<Awaited<ReturnType<typeof repo.findUser>>>): AdminUser {
    return {
      id: r.u.id,
      email: r.u.email,
      displayName: r.u.displayName,
      role: r.u.role,
      createdAt: r.u.createdAt.toISOString(),
      suspended: r.s ? { reason: r.s.reason, at: r.s.suspendedAt.toISOString() } : null,
      djProfileId: r.djProfileId,
    };
  }

  async function getUserRow(id: string) {
    const row = await repo.findUser(d.db, id);
    if (!row) throw new AppError('NOT_FOUND', { detail: 'No such user.' });
    return row;
  }

  /** Suspends in the caller's transaction: refuses oneself and the last active admin, ends sessions at once. */
  async function suspendIn(tx: Tx, admin: User, userId: string, reason: string, via?: string) {
    if (userId === admin.id)
      throw new AppError('ADMIN_ACTION_REFUSED', { detail: 'You cannot suspend yourself. Ask another admin.' });
    const target = await repo.findUser(tx, userId);
    if (!target) throw new AppError('NOT_FOUND', { detail: 'No such user.' });
    if (target.u.role === 'admin') {
      const active = await repo.lockActiveAdmins(tx);
      if (active.filter((id) => id !== userId).length === 0)
        throw new AppError('ADMIN_ACTION_REFUSED', { detail: 'This is the last admin; invite another admin first.' });
    }
    if (!(await repo.insertSuspension(tx, { userId, reason, suspendedBy: admin.id }, now())))
      throw new AppError('CONFLICT', { detail: 'This user is already suspended.' });
    const ended = await repo.revokeAllSessions(tx, userId, now());
    await audit(tx, admin, {
      action: 'user.suspended',
      targetType: 'user',
      targetId: userId,
      reason,
      detail: { role: target.u.role, sessionsEnded: ended, ...(via ? { via } : {}) },
    });
    await enqueueNoticeMail(tx, now(), `admin.suspended:${userId}:${now().getTime()}`, {
      template: 'admin.suspended',
      to: { userId },
      facts: [{ label: 'reason', value: reason }],
    });
  }

  const ctx: AdminContext = { d, now, audit, suspendIn };
  const desk = createModerationDesk(ctx);

  const self = {
    /** The one gate of every admin route: an admin whose session passed the second factor. */
    async requireAdmin(auth: AuthContext | undefined): Promise<User> {
      if (!auth) throw new AppError('AUTH_REQUIRED', { detail: 'Log in to continue.' });
      if (auth.user.role !== 'admin') throw new AppError('FORBIDDEN', { detail: 'This needs an admin account.' });
      if (!(await repo.isSessionVerified(d.db, auth.sessionId)))
        throw new AppError('ADMIN_SECOND_FACTOR_REQUIRED', {
          detail: 'Confirm it is you with your authenticator app (or a recovery code) on the admin sign-in step.',
        });
      return auth.user;
    },

    /** Admin only, before the second factor: the sign-in step needs to know what to show. */
    requireAdminRole(auth: AuthContext | undefined): User {
      if (!auth) throw new AppError('AUTH_REQUIRED', { detail: 'Log in to continue.' });
      if (auth.user.role !== 'admin') throw new AppError('FORBIDDEN', { detail: 'This needs an admin account.' });
      return auth.user;
    },

    async secondFactorState(auth: AuthContext): Promise<'none' | 'enrolled' | 'verified'> {
      const t = await repo.findTotp(d.db, auth.user.id);
      if (!t?.enabledAt) return 'none';
      return (await repo.isSessionVerified(d.db, auth.sessionId)) ? 'verified' : 'enrolled';
    },

    /**
     * Starts (or restarts) enrolment. Once enabled, only a verified session may enrol a new authenticator, so a
     * stolen password alone cannot replace the second factor.
     */
    async enrol(auth: AuthContext) {
      const t = await repo.findTotp(d.db, auth.user.id);
      if (t?.enabledAt && !(await repo.isSessionVerified(d.db, auth.sessionId)))
        throw new AppError('ADMIN_SECOND_FACTOR_REQUIRED', {
          detail: 'An authenticator is already set up: enter its code (or a recovery code) first.',
        });
      const secret = newTotpSecret();
      await repo.putPendingTotp(d.db, auth.user.id, secret, now());
      return { secret, ...(await enrolment(secret, auth.user.email)) };
    },

    /**
     * Verifies a TOTP or recovery code for this session. The first TOTP after enrolment enables it and returns
     * ten recovery codes (shown once).
     */
    async verify(auth: AuthContext, code: string): Promise<{ recoveryCodes: string[] | null }> {
      const t = await repo.findTotp(d.db, auth.user.id);
      if (!t) throw new AppError('ADMIN_SECOND_FACTOR_REQUIRED', { detail: 'Set up an authenticator app first.' });
      const invalid = () =>
        new AppError('ADMIN_SECOND_FACTOR_INVALID', {
          detail: 'That code is not valid (wrong, expired or already used). Enter the current code.',
          errors: [{ path: 'body.code', message: 'Wrong, expired or already used.' }],
        });
      return d.db.transaction(async (tx) => {
        const step = checkTotp(t.secret, code, now());
        let recoveryCodes: string[] | null = null;
        if (step !== null) {
          if (!(await repo.acceptStep(tx, auth.user.id, step, now()))) throw invalid();
          if (!t.enabledAt) {
            recoveryCodes = newRecoveryCodes();
            await repo.replaceRecoveryCodes(tx, auth.user.id, recoveryCodes.map(hashRecoveryCode), now());
            await audit(tx, auth.user, { action: 'admin.second_factor_enabled', targetType: 'user', targetId: auth.user.id });
          }
        } else {
          if (!t.enabledAt || !(await repo.consumeRecoveryCode(tx, auth.user.id, hashRecoveryCode(code), now()))) throw invalid();
          await audit(tx, auth.user, { action: 'admin.recovery_code_used', targetType: 'user', targetId: auth.user.id });
        }
        await repo.markSessionVerified(tx, auth.sessionId, now());
        return { recoveryCodes };
      });
    },

    // ── audit log ────────────────────────────────────────────────────────────────────────────────────────
    async listAudit(f: { q?: string; action?: string; page: number }): Promise<{ items: AuditEntry[]; total: number }> {
      const { rows, total } = await repo.listAudit(d.db, {
        text: f.q,
        action: f.action,
        limit: PAGE,
        offset: (f.page - 1) * PAGE,
      });
      return {
        total,
        items: rows.map(({ a, actorName }) => ({
          id: a.id,
          actorId: a.actorId,
          actorName,
          action: a.action,
          targetType: a.targetType,
          targetId: a.targetId,
          reason: a.reason,
          detail: a.detail as Record<string, unknown>,
          createdAt: a.createdAt.toISOString(),
        })),
      };
    },

    // ── users ────────────────────────────────────────────────────────────────────────────────────────────
    async searchUsers(f: { q?: string; role?: User['role']; page: number }) {
      const { rows, total } = await repo.searchUsers(d.db, {
        text: f.q,
        role: f.role,
        limit: PAGE,
        offset: (f.page - 1) * PAGE,
      });
      return { items: rows.map(toAdminUser), total };
    },

    async getUser(id: string) {
      const row = await getUserRow(id);
      const user = toAdminUser(row);
      const asUser: User = {
        id: row.u.id,
        email: row.u.email,
        displayName: row.u.displayName,
        role: row.u.role,
        emailVerified: row.u.emailVerifiedAt !== null,
        createdAt: row.u.createdAt.toISOString(),
      };
      const bookings = row.u.role === 'admin' ? [] : await d.booking.listMine(asUser);
      const reports = (await moderation.listForAuthor(d.db, id)).map(toItem);
      const removals = await desk.removals(id);
      return { user, bookings, reports, removals };
    },

    async suspend(admin: User, userId: string, reason: string): Promise<AdminUser> {
      await d.db.transaction((tx) => suspendIn(tx, admin, userId, reason));
      return toAdminUser(await getUserRow(userId));
    },

    async reinstate(admin: User, userId: string, reason: string): Promise<AdminUser> {
      await d.db.transaction(async (tx) => {
        if (!(await repo.findUser(tx, userId))) throw new AppError('NOT_FOUND', { detail: 'No such user.' });
        if (!(await repo.deleteSuspension(tx, userId))) throw new AppError('CONFLICT', { detail: 'This user is not suspended.' });
        await audit(tx, admin, { action: 'user.reinstated', targetType: 'user', targetId: userId, reason });
      });
      return toAdminUser(await getUserRow(userId));
    },

    async isSuspended(userId: string): Promise<boolean> {
      return (await repo.findSuspension(d.db, userId)) !== null;
    },

    /** A new admin account; they set their password from the mailed link, then enrol their own authenticator. */
    async inviteAdmin(admin: User, input: { email: string; displayName: string }): Promise<AdminUser> {
      if (await d.auth.findUserIdByEmail(input.email))
        throw new AppError('AUTH_EMAIL_TAKEN', {
          detail: 'An account with this email already exists.',
          errors: [{ path: 'body.email', message: 'An account with this email already exists.' }],
        });
      const user = await d.auth.createUserDirect({
        email: input.email,
        displayName: input.displayName,
        role: 'admin',
        password: randomBytes(24).toString('base64url'),
      });
      await audit(d.db, admin, {
        action: 'admin.invited',
        targetType: 'user',
        targetId: user.id,
        detail: { email: input.email },
      });
      await d.auth.sendAdminInvite(input.email, admin.displayName);
      return toAdminUser(await getUserRow(user.id));
    },

    /** For other admin-facing features (licences): one audit row in their transaction. */
    audit,
  };
  return { ...self, ...desk, ...createMoneyDesk(ctx), ...createConsoleReads(ctx) };
}

/** What the console's parts (moderation, money, reads) share with the core. */
export interface AdminContext {
  d: AdminServiceDeps;
  now: () => Date;
  audit: (q: Queryable, actor: User | null, a: Omit<repo.AuditInput, 'actorId'>) => Promise<void>;
  suspendIn: (tx: Tx, admin: User, userId: string, reason: string, via?: string) => Promise<void>;
}

export type AdminService = ReturnType<typeof createAdminService>;
