/**
 * The admin feature (issue 16): every admin action goes through here, and each one writes an `audit_log` row
 * (who, what, target, reason, when from the app clock). Admins reach it only with a session that passed the
 * second factor (TOTP or a recovery code): `requireAdmin` is the one gate every admin route calls.
 *
 * Actions on this feature's own tables write their audit row in the same transaction; actions that call another
 * feature's public method (fee, refunds) write it right after that call succeeds.
 */
import { randomBytes } from 'node:crypto';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { AdminUser, AuditEntry, Counts, JobView, ModerationItem, Overview } from '@partystream/shared/admin/admin.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AuthContext } from '../../http/session.ts';
import type { MailMessage } from '../../providers/mail/mail.ts';
import * as repo from './admin.repo.ts';
import * as moderation from './moderation.repo.ts';
import { checkTotp, enrolment, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from './second-factor.ts';

const PAGE = 50;
const STUCK_MS = 15 * 60_000;

export interface AdminServiceDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  sendMail: (m: MailMessage) => Promise<void>;
  /** Existing features, reached through their services only. */
  auth: {
    createUserDirect(v: { email: string; displayName: string; role: User['role']; password: string }): Promise<User>;
    requestPasswordReset(email: string): Promise<void>;
    findUserIdByEmail(email: string): Promise<string | null>;
  };
  booking: {
    getFeeBps(): Promise<number>;
    setFeeBps(admin: User, bps: number): Promise<void>;
    listMine(user: User): Promise<unknown[]>;
  };
  ledgerCheck: () => Promise<{ ok: boolean }>;
  chat: {
    findMessage(id: string): Promise<{ partyId: string; authorUserId: string | null; text: string } | null>;
    removeMessage(id: string): Promise<boolean>;
  };
  reviews: {
    openReports(): Promise<{ id: string; reviewId: string; reason: string; note: string; createdAt: string }[]>;
    decideReport?: (reportId: string, decision: 'kept' | 'removed', adminId: string) => Promise<void>;
  };
  djProfileOfUser: (userId: string) => Promise<{ id: string; stageName: string } | null>;
  pendingLicences: () => Promise<number>;
  /** Viewers connected to a party's stream right now (embedded SFU; 0 when unknown). */
  viewersOf: (partyId: string) => number;
}

const toIso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

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
  async function suspendIn(tx: Queryable, admin: User, userId: string, reason: string, via?: string) {
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
  }

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
      return { user, bookings, reports };
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
      await d.auth.requestPasswordReset(input.email);
      return toAdminUser(await getUserRow(user.id));
    },

    // ── money ────────────────────────────────────────────────────────────────────────────────────────────
    async getFee() {
      const feeBps = await d.booking.getFeeBps();
      const { rows } = await repo.listAudit(d.db, { action: 'fee.changed', limit: 50, offset: 0 });
      return {
        feeBps,
        history: rows.map(({ a, actorName }) => ({
          feeBps: Number((a.detail as { to?: number }).to),
          fromBps: Number((a.detail as { from?: number }).from),
          by: actorName,
          reason: a.reason,
          at: a.createdAt.toISOString(),
        })),
      };
    },

    async setFee(admin: User, feeBps: number, reason: string | null) {
      const from = await d.booking.getFeeBps();
      await d.booking.setFeeBps(admin, feeBps);
      await audit(d.db, admin, {
        action: 'fee.changed',
        targetType: 'setting',
        targetId: 'fee_bps',
        reason,
        detail: { from, to: feeBps },
      });
      return { feeBps };
    },

    async moneyIssues() {
      return (await repo.openMoneyIssues(d.db)).map((b) => ({ ...b, startsAt: b.startsAt.toISOString() }));
    },

    /** Records a refund or dispute decision taken through the booking service's public methods. */
    async recordBookingDecision(admin: User, bookingId: string, action: string, reason: string, detail = {}) {
      await audit(d.db, admin, { action, targetType: 'booking', targetId: bookingId, reason, detail });
    },

    // ── moderation ───────────────────────────────────────────────────────────────────────────────────────
    /** Called by the party room when someone reports a chat message. */
    async reportChat(messageId: string, reporterKey: string): Promise<void> {
      const m = await d.chat.findMessage(messageId);
      if (!m) return;
      await moderation.insertReport(
        d.db,
        { kind: 'chat_message', targetId: messageId, reporterKey, authorUserId: m.authorUserId, excerpt: m.text },
        now(),
      );
    },

    /** Called when a user reports a DJ profile. */
    async reportProfile(reporter: User, djProfileId: string, reason: string | null): Promise<void> {
      const p = await d.djProfileOfUser(reporter.id);
      if (p?.id === djProfileId) throw new AppError('FORBIDDEN', { detail: 'You cannot report your own profile.' });
      const owner = await repo.findProfileOwner(d.db, djProfileId);
      if (!owner) throw new AppError('NOT_FOUND', { detail: 'No such DJ.' });
      await moderation.insertReport(
        d.db,
        {
          kind: 'profile',
          targetId: djProfileId,
          reporterKey: `user:${reporter.id}`,
          authorUserId: owner.userId,
          excerpt: owner.stageName,
          reason,
        },
        now(),
      );
    },

    async moderationQueue(): Promise<ModerationItem[]> {
      const own = (await moderation.listOpen(d.db)).map(toItem);
      const reviews = (await d.reviews.openReports()).map((r): ModerationItem => ({
        id: r.id,
        kind: 'review',
        targetId: r.reviewId,
        excerpt: r.note,
        reason: r.reason,
        authorUserId: null,
        status: 'open',
        createdAt: r.createdAt,
      }));
      return [...own, ...reviews].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },

    async decideReport(
      admin: User,
      kind: 'chat_message' | 'review' | 'profile',
      reportId: string,
      action: 'dismiss' | 'remove' | 'suspend',
      reason: string | null,
    ): Promise<void> {
      if ((action === 'remove' || action === 'suspend') && !reason)
        throw new AppError('VALIDATION_FAILED', {
          detail: 'Give a reason: the author is shown it.',
          errors: [{ path: 'body.reason', message: 'Give a reason.' }],
        });
      if (kind === 'review') {
        if (!d.reviews.decideReport || action === 'suspend')
          throw new AppError('CONFLICT', { detail: 'Review reports can be kept or removed from the review queue only.' });
        await d.reviews.decideReport(reportId, action === 'remove' ? 'removed' : 'kept', admin.id);
        await audit(d.db, admin, { action: `report.${action}ed`, targetType: 'review_report', targetId: reportId, reason });
        return;
      }
      let removeChat: string | null = null;
      await d.db.transaction(async (tx) => {
        const r = await moderation.lockReport(tx, reportId);
        if (!r || r.kind !== kind) throw new AppError('NOT_FOUND', { detail: 'No such report.' });
        if (r.status !== 'open')
          throw new AppError('MODERATION_ALREADY_DECIDED', {
            detail: `This report was already decided (${r.status}). Nothing changed.`,
          });
        const status = action === 'dismiss' ? 'dismissed' : action === 'remove' ? 'removed' : 'suspended';
        await moderation.decide(tx, r, { status, by: admin.id, reason }, now());
        if (action === 'remove') {
          await moderation.insertRemoval(tx, { kind: r.kind, targetId: r.targetId, reason: reason!, removedBy: admin.id }, now());
          if (r.kind === 'chat_message') removeChat = r.targetId;
        }
        if (action === 'suspend') {
          if (!r.authorUserId) throw new AppError('CONFLICT', { detail: 'The author is a guest without an account.' });
          await suspendIn(tx, admin, r.authorUserId, reason!, `report:${r.id}`);
        }
        await audit(tx, admin, {
          action: `report.${status}`,
          targetType: r.kind,
          targetId: r.targetId,
          reason,
          detail: { reportId: r.id },
        });
      });
      if (removeChat) await d.chat.removeMessage(removeChat);
    },

    /** The reason a piece of content was removed, for its author. */
    async removalOf(kind: 'chat_message' | 'review' | 'profile', targetId: string) {
      const r = await moderation.findRemoval(d.db, kind, targetId);
      return r ? { reason: r.reason, removedAt: r.removedAt.toISOString() } : null;
    },

    // ── console ──────────────────────────────────────────────────────────────────────────────────────────
    async counts(): Promise<Counts> {
      const [own, reviews, licences, failedJobs, issues] = await Promise.all([
        moderation.countOpen(d.db),
        d.reviews.openReports(),
        d.pendingLicences(),
        repo.countFailedJobs(d.db),
        repo.openMoneyIssues(d.db),
      ]);
      return { moderation: own + reviews.length, licences, failedJobs, disputes: issues.length };
    },

    /** The last `days` UTC days, one row each (empty days included, so charts have no gaps). */
    async overview(days = 30): Promise<Overview> {
      const end = new Date(Date.UTC(now().getUTCFullYear(), now().getUTCMonth(), now().getUTCDate() + 1));
      const start = new Date(end.getTime() - days * 86_400_000);
      const stats = await repo.dailyStats(d.db, start, end);
      const currency = stats.bookings[0]?.currency ?? 'EUR';
      const rows = new Map<string, Overview['days'][number]>();
      for (let t = start.getTime(); t < end.getTime(); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        rows.set(day, { day, bookings: 0, grossMinor: 0, platformMinor: 0, newDjs: 0, newHosts: 0 });
      }
      for (const b of stats.bookings) {
        const r = rows.get(b.day);
        if (!r) continue;
        r.bookings += b.count;
        // Charts show one currency: the first seen. Other currencies are counted but not summed into it.
        if (b.currency === currency) {
          r.grossMinor += b.gross;
          r.platformMinor += b.fee;
        }
      }
      for (const u of stats.users) {
        const r = rows.get(u.day);
        if (!r) continue;
        if (u.role === 'dj') r.newDjs += u.count;
        if (u.role === 'host') r.newHosts += u.count;
      }
      const ledger = await d.ledgerCheck();
      return {
        days: [...rows.values()],
        currency,
        liveParties: (await repo.liveParties(d.db)).map((p) => ({ ...p, viewers: d.viewersOf(p.partyId) })),
        ledgerOk: ledger.ok,
      };
    },

    async troubledJobs(): Promise<JobView[]> {
      return (await repo.troubledJobs(d.db, now(), STUCK_MS)).map((j) => ({
        id: j.id,
        name: j.name,
        status: j.status === 'failed' ? 'failed' : 'stuck',
        attempts: j.attempts,
        lastError: j.lastError,
        runAt: j.runAt.toISOString(),
        lockedUntil: toIso(j.lockedUntil),
      }));
    },

    async retryJob(admin: User, id: string, reason: string | null) {
      await d.db.transaction(async (tx) => {
        const j = await repo.findJob(tx, id);
        if (!j) throw new AppError('NOT_FOUND', { detail: 'No such job.' });
        if (!(await repo.retryJob(tx, id, now())))
          throw new AppError('CONFLICT', { detail: `This job is ${j.status}; only failed or stuck jobs can be retried.` });
        await audit(tx, admin, { action: 'job.retried', targetType: 'job', targetId: id, reason, detail: { name: j.name } });
      });
    },

    async cancelJob(admin: User, id: string, reason: string) {
      await d.db.transaction(async (tx) => {
        const j = await repo.findJob(tx, id);
        if (!j) throw new AppError('NOT_FOUND', { detail: 'No such job.' });
        if (!(await repo.cancelJob(tx, id, `Cancelled by an admin: ${reason}`, now())))
          throw new AppError('CONFLICT', { detail: `This job is ${j.status}; only failed or stuck jobs can be cancelled.` });
        await audit(tx, admin, { action: 'job.cancelled', targetType: 'job', targetId: id, reason, detail: { name: j.name } });
      });
    },

    /** For other admin-facing features (licences): one audit row in their transaction. */
    audit,
  };
  return self;
}

function toItem(r: moderation.ReportRow): ModerationItem {
  return {
    id: r.id,
    kind: r.kind,
    targetId: r.targetId,
    excerpt: r.excerpt,
    reason: r.reason,
    authorUserId: r.authorUserId,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
