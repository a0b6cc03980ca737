/**
 * Accounts: registration with email verification, login/logout, password reset and change, session list and
 * revocation. Sessions are rows (see http/session.ts); tokens in mails are random 256-bit values of which only
 * a SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type {
  ChangePasswordRequest,
  LoginRequest,
  RegisterRequest,
  SessionInfo,
  User,
} from '@partystream/shared/auth/auth.schemas';
import { LEGAL_VERSION } from '@partystream/shared/account/account.schemas';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Limits } from '../../http/limits.ts';
import { assertUnderRateLimit, hitRateLimit, recordRateLimitHit } from '../../http/rate-limit.ts';
import type { SessionTokens } from '../../http/session.ts';
import type { NoticeMail } from '../../jobs/mail.job.ts';
import * as repo from './auth.repo.ts';
import { adminInviteMail, resetPasswordMail, verifyEmailMail } from './auth.mail.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.ts';

const VERIFY_TTL_MS = 24 * 3_600_000;
const RESET_TTL_MS = 3_600_000;
const LOGIN_WINDOW_MS = 15 * 60_000;
const TOUCH_EVERY_MS = 5 * 60_000;

export interface AuthServiceDeps {
  db: Db;
  clock: Clock;
  /** Sends a notice now (features/notification/mail renders it in the user's language). */
  sendNotice(n: NoticeMail): Promise<void>;
  tokens: SessionTokens;
  publicUrl: string;
  loginMaxAttempts: number;
  /** Abuse limits (sign-ups per IP); absent in scripts. */
  limits?: Limits;
}

export interface IssuedSession {
  user: User;
  sessionId: string;
  token: string;
  expiresAt: Date;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

export function createAuthService(d: AuthServiceDeps) {
  async function issueSession(userId: string, meta: { userAgent?: string; ip?: string }): Promise<Omit<IssuedSession, 'user'>> {
    const now = d.clock.now();
    const expiresAt = new Date(now.getTime() + d.tokens.ttlMs);
    const sessionId = await repo.insertSession(d.db, { userId, expiresAt, now, ...meta });
    return { sessionId, token: await d.tokens.sign(sessionId, userId, expiresAt), expiresAt };
  }

  /** A one-hour set-your-password link (password reset, admin invitation); only the token's hash is stored. */
  async function resetLink(userId: string, now: Date): Promise<string> {
    const token = newToken();
    await repo.insertAuthToken(d.db, {
      userId,
      purpose: 'reset_password',
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + RESET_TTL_MS),
      createdAt: now,
    });
    return `${d.publicUrl}/reset-password?token=${token}`;
  }

  async function sendVerification(user: repo.UserRow): Promise<void> {
    const token = newToken();
    await repo.insertAuthToken(d.db, {
      userId: user.id,
      purpose: 'verify_email',
      tokenHash: sha256(token),
      expiresAt: new Date(d.clock.now().getTime() + VERIFY_TTL_MS),
      createdAt: d.clock.now(),
    });
    await d.sendNotice(verifyEmailMail(user.id, `${d.publicUrl}/verify-email?token=${token}`));
  }

  return {
    /** Creates the account, mails a verification link, and logs the new user in. */
    async register(input: RegisterRequest, meta: { userAgent?: string; ip?: string }): Promise<IssuedSession> {
      // Before the costly hash and the mail: sign-up is open, so it is limited per address (issue 17).
      await d.limits?.consume('register', meta.ip ?? 'unknown');
      const passwordHash = await hashPassword(input.password);
      const row = await repo.insertUser(
        d.db,
        {
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          passwordHash,
          ...(input.locale ? { locale: input.locale } : {}),
          ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        },
        d.clock.now(),
      );
      if (input.acceptTerms) await repo.insertConsents(d.db, row.id, LEGAL_VERSION, d.clock.now());
      await sendVerification(row);
      return { user: repo.toUser(row), ...(await issueSession(row.id, meta)) };
    },

    async login(input: LoginRequest, meta: { userAgent?: string; ip?: string }): Promise<IssuedSession> {
      const now = d.clock.now();
      // Only failures count, and per account + IP pair (issue 17): someone guessing an account from one address is
      // stopped there, while the owner (another address) and other people behind the same address still get in.
      // An address that fails across many accounts (credential stuffing) is stopped at 10× the limit.
      const pairKey = `login:pair:${input.email}:${meta.ip ?? 'unknown'}`;
      const ipKey = `login:ip-failures:${meta.ip ?? 'unknown'}`;
      await assertUnderRateLimit(d.db, pairKey, d.loginMaxAttempts, LOGIN_WINDOW_MS, now);
      await assertUnderRateLimit(d.db, ipKey, d.loginMaxAttempts * 10, LOGIN_WINDOW_MS, now);
      const row = await repo.findUserByEmail(d.db, input.email);
      const ok = await verifyPassword(row?.passwordHash ?? (await dummyPasswordHash()), input.password);
      if (!row || !ok) {
        await recordRateLimitHit(d.db, pairKey, LOGIN_WINDOW_MS, now);
        await recordRateLimitHit(d.db, ipKey, LOGIN_WINDOW_MS, now);
        throw new AppError('AUTH_INVALID_CREDENTIALS', { detail: 'Wrong email or password.' });
      }
      const suspended = await repo.findSuspensionReason(d.db, row.id);
      if (suspended !== null)
        throw new AppError('ACCOUNT_SUSPENDED', { detail: `This account is suspended: ${suspended} Contact support to appeal.` });
      return { user: repo.toUser(row), ...(await issueSession(row.id, meta)) };
    },

    async logout(sessionId: string, userId: string): Promise<void> {
      await repo.revokeSession(d.db, userId, sessionId, d.clock.now());
    },

    /** Used by the session middleware on every request. */
    async findUserBySession(sessionId: string): Promise<User | null> {
      const now = d.clock.now();
      const found = await repo.findLiveSessionUser(d.db, sessionId, now);
      if (!found) return null;
      if (now.getTime() - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) await repo.touchSession(d.db, sessionId, now);
      return repo.toUser(found.user);
    },

    async getUser(userId: string): Promise<User> {
      const row = await repo.findUserById(d.db, userId);
      if (!row) throw new AppError('NOT_FOUND', { detail: 'No such user.' });
      return repo.toUser(row);
    },

    /** Who a mail goes to: address, name, and the language and zone the mail is written in (null: no such user). */
    async findMailRecipient(
      userId: string,
    ): Promise<{ email: string; displayName: string; locale: string; timeZone: string | null } | null> {
      const r = await repo.findUserById(d.db, userId);
      return r ? { email: r.email, displayName: r.displayName, locale: r.locale, timeZone: r.timeZone } : null;
    },

    /** Sets the language and zone the user's mails are written in (the notification settings page). */
    async setMailLocale(userId: string, v: { locale: string; timeZone: string | null }): Promise<void> {
      await repo.updateUser(d.db, userId, { locale: v.locale, timeZone: v.timeZone }, d.clock.now());
    },

    /** The IANA zone the user chose, if any (not part of User: only server-rendered texts such as receipts need it). */
    async getUserTimeZone(userId: string): Promise<string | null> {
      return (await repo.findUserById(d.db, userId))?.timeZone ?? null;
    },

    async verifyEmail(token: string): Promise<User> {
      const now = d.clock.now();
      const userId = await repo.consumeAuthToken(d.db, 'verify_email', sha256(token), now);
      if (!userId)
        throw new AppError('AUTH_TOKEN_INVALID', {
          detail: 'This verification link is invalid, used or expired. Ask for a new one from your account page.',
        });
      await repo.updateUser(d.db, userId, { emailVerifiedAt: now }, now);
      return this.getUser(userId);
    },

    async resendVerification(userId: string): Promise<void> {
      const row = await repo.findUserById(d.db, userId);
      if (!row) throw new AppError('NOT_FOUND');
      if (row.emailVerifiedAt) throw new AppError('CONFLICT', { detail: 'Your email is already verified.' });
      await hitRateLimit(d.db, `verify-resend:${userId}`, 5, 3_600_000, d.clock.now());
      await sendVerification(row);
    },

    /** Always succeeds from the caller's view, so it cannot be used to find out who has an account. */
    async requestPasswordReset(email: string, ip?: string): Promise<void> {
      const now = d.clock.now();
      await hitRateLimit(d.db, `reset:account:${email}`, 5, 3_600_000, now);
      if (ip) await hitRateLimit(d.db, `reset:ip:${ip}`, 30, 3_600_000, now);
      const row = await repo.findUserByEmail(d.db, email);
      if (!row) return;
      await d.sendNotice(resetPasswordMail(row.id, await resetLink(row.id, now)));
    },

    /**
     * A new admin's first mail (admin.inviteAdmin): a set-your-password link, worded as an invitation. The same
     * one-hour reset token as a password reset; not rate-limited per address (only admins reach it).
     */
    async sendAdminInvite(email: string, inviter: string): Promise<void> {
      const now = d.clock.now();
      const row = await repo.findUserByEmail(d.db, email);
      if (!row) return;
      await d.sendNotice(adminInviteMail(row.id, inviter, await resetLink(row.id, now)));
    },

    /** Sets the new password and ends every session (whoever asked for the reset may not be the only one in). */
    async resetPassword(token: string, password: string): Promise<void> {
      const now = d.clock.now();
      const passwordHash = await hashPassword(password);
      await d.db.transaction(async (tx) => {
        const userId = await repo.consumeAuthToken(tx, 'reset_password', sha256(token), now);
        if (!userId)
          throw new AppError('AUTH_TOKEN_INVALID', { detail: 'This reset link is invalid, used or expired. Ask for a new one.' });
        // Following the link proves the mailbox, so it verifies the email too.
        const row = await repo.findUserById(tx, userId);
        await repo.updateUser(tx, userId, { passwordHash, ...(row?.emailVerifiedAt ? {} : { emailVerifiedAt: now }) }, now);
        await repo.revokeOtherSessions(tx, userId, null, now);
      });
    },

    /** Changes the password and ends every other session of the user. */
    async changePassword(
      userId: string,
      currentSessionId: string,
      input: ChangePasswordRequest,
    ): Promise<{ endedSessions: number }> {
      const row = await repo.findUserById(d.db, userId);
      if (!row) throw new AppError('NOT_FOUND');
      if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
        throw new AppError('AUTH_PASSWORD_MISMATCH', {
          detail: 'Your current password is wrong.',
          errors: [{ path: 'body.currentPassword', message: 'Your current password is wrong.' }],
        });
      }
      const passwordHash = await hashPassword(input.newPassword);
      const now = d.clock.now();
      return d.db.transaction(async (tx) => {
        await repo.updateUser(tx, userId, { passwordHash }, d.clock.now());
        return { endedSessions: await repo.revokeOtherSessions(tx, userId, currentSessionId, now) };
      });
    },

    async listSessions(userId: string, currentSessionId: string): Promise<SessionInfo[]> {
      const rows = await repo.listLiveSessions(d.db, userId, d.clock.now());
      return rows.map((r) => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        userAgent: r.userAgent,
        ip: r.ip,
        current: r.id === currentSessionId,
      }));
    },

    async revokeSession(userId: string, sessionId: string): Promise<void> {
      if (!(await repo.revokeSession(d.db, userId, sessionId, d.clock.now()))) {
        throw new AppError('NOT_FOUND', { detail: 'No such session.' });
      }
    },

    /** Creates (or updates the password of) the admin named in config. Idempotent. */
    async ensureAdmin(email: string, password: string): Promise<void> {
      const existing = await repo.findUserByEmail(d.db, email);
      const passwordHash = await hashPassword(password);
      if (existing) {
        await repo.updateUser(
          d.db,
          existing.id,
          { role: 'admin', passwordHash, emailVerifiedAt: existing.emailVerifiedAt ?? d.clock.now() },
          d.clock.now(),
        );
        return;
      }
      await repo.insertUser(
        d.db,
        { email: email.toLowerCase(), displayName: 'Admin', role: 'admin', passwordHash, emailVerifiedAt: d.clock.now() },
        d.clock.now(),
      );
    },

    async findUserIdByEmail(email: string): Promise<string | null> {
      return (await repo.findUserByEmail(d.db, email))?.id ?? null;
    },

    /** For the seed and test factories: a verified user with a known password. */
    async createUserDirect(v: {
      email: string;
      displayName: string;
      role: User['role'];
      password: string;
      verified?: boolean;
    }): Promise<User> {
      const row = await repo.insertUser(
        d.db,
        {
          email: v.email.toLowerCase(),
          displayName: v.displayName,
          role: v.role,
          passwordHash: await hashPassword(v.password),
          ...(v.verified === false ? {} : { emailVerifiedAt: d.clock.now() }),
        },
        d.clock.now(),
      );
      return repo.toUser(row);
    },

    issueSession,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
