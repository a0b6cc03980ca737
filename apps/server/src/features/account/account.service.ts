/**
 * Privacy rights (PRD 5.5; GDPR art. 15–17 and 20, CCPA right to know and to delete): change the display name and
 * the email (re-verified through the new address, the old one told), export everything in one JSON document,
 * delete the account (refused while a booking or payment is open; otherwise erased or anonymised at once, in one
 * transaction), and the retention job that purges old chat and session IPs. Decision record 026.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  FORMER_MEMBER,
  type AccountExport,
  type AccountResponse,
  type ChangeEmailRequest,
} from '@partystream/shared/account/account.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { hitRateLimit } from '../../http/rate-limit.ts';
import { defineJob, enqueueJob } from '../../jobs/jobs.ts';
import type { Logger } from '../../logger.ts';
import type { NoticeMail } from '../../jobs/mail.job.ts';
import type { StorageProvider } from '../../providers/storage/storage.ts';
import { backdropKey } from '../backdrop/backdrop.service.ts';
import { verifyPassword } from '../auth/password.ts';
import * as repo from './account.repo.ts';
import { accountDeletedMail, confirmEmailChangeMail, emailChangeNoticeMail } from './account.mail.ts';

const EMAIL_CHANGE_TTL_MS = 24 * 3_600_000;
const DAY_MS = 86_400_000;
/** A password hash no password verifies against (argon2 refuses to parse it). */
const UNUSABLE_PASSWORD_HASH = '!deleted';

export interface AccountServiceDeps {
  db: Db;
  clock: Clock;
  /** Sends a notice now (features/notification/mail renders it in the user's language). */
  sendNotice(n: NoticeMail): Promise<void>;
  storage: StorageProvider;
  log: Logger;
  publicUrl: string;
  retention: { chatDays: number; sessionIpDays: number };
  exportLimitPerHour: number;
  /** The user's bookings as the booking feature shows them (for the reason given when deletion is refused). */
  bookingsOf: (user: User) => Promise<Booking[]>;
  /** Runs, now, the jobs this service enqueued for one user (file removal after the deletion commits). */
  runJobsNow: (namePrefix: string, field: string, value: string) => Promise<number>;
  toUser: (userId: string) => Promise<User>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

const FILE_JOB = 'account.delete_file';
const RETENTION_JOB = 'account.retention';

export function createAccountService(d: AccountServiceDeps) {
  async function requirePassword(userId: string, password: string): Promise<repo.UserRow> {
    const row = await repo.findUser(d.db, userId);
    if (!row) throw new AppError('AUTH_REQUIRED');
    // The same limit as a login: re-entering the password must not become a way to guess it.
    await hitRateLimit(d.db, `reauth:${userId}`, 10, 15 * 60_000, d.clock.now());
    if (!(await verifyPassword(row.passwordHash, password))) {
      throw new AppError('AUTH_PASSWORD_MISMATCH', {
        detail: 'Your password is wrong.',
        errors: [{ path: 'body.password', message: 'Your password is wrong.' }],
      });
    }
    return row;
  }

  const scheduleRetention = (at: Date) =>
    enqueueJob(d.db, RETENTION_JOB, {}, { runAt: at, key: `${RETENTION_JOB}:${at.toISOString().slice(0, 10)}` });

  const self = {
    async get(user: User): Promise<AccountResponse> {
      return { user, pendingEmail: await repo.pendingEmail(d.db, user.id, d.clock.now()) };
    },

    async updateDisplayName(user: User, displayName: string): Promise<AccountResponse> {
      await repo.setDisplayName(d.db, user.id, displayName, d.clock.now());
      return self.get(await d.toUser(user.id));
    },

    /**
     * Mails a confirmation link to the new address and a notice to the current one; the email changes only when
     * the link is followed. A taken address gets the same answer as a free one (no account discovery), and its
     * link then fails.
     */
    async requestEmailChange(user: User, input: ChangeEmailRequest): Promise<AccountResponse> {
      const row = await requirePassword(user.id, input.password);
      if (input.newEmail === row.email) {
        throw new AppError('VALIDATION_FAILED', {
          detail: 'That is already your email.',
          errors: [{ path: 'body.newEmail', message: 'That is already your email.' }],
        });
      }
      const now = d.clock.now();
      await hitRateLimit(d.db, `email-change:${user.id}`, 5, 3_600_000, now);
      const token = randomBytes(32).toString('base64url');
      await repo.replaceEmailChange(d.db, {
        userId: user.id,
        newEmail: input.newEmail,
        tokenHash: sha256(token),
        expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_MS),
        createdAt: now,
      });
      await d.sendNotice(confirmEmailChangeMail(user.id, input.newEmail, `${d.publicUrl}/confirm-email?token=${token}`));
      await d.sendNotice(emailChangeNoticeMail(user.id, input.newEmail, `${d.publicUrl}/account`));
      return self.get(user);
    },

    /** Follows the mailed link: the new address becomes the account's (and is verified by this very click). */
    async confirmEmailChange(token: string): Promise<User> {
      const now = d.clock.now();
      const userId = await d.db.transaction(async (tx) => {
        const change = await repo.consumeEmailChange(tx, sha256(token), now);
        if (!change || !(await repo.lockUser(tx, change.userId))) {
          throw new AppError('AUTH_TOKEN_INVALID', {
            detail: 'This confirmation link is invalid, used or expired. Ask for a new one from your account page.',
          });
        }
        if (await repo.emailTaken(tx, change.newEmail)) {
          throw new AppError('AUTH_EMAIL_TAKEN', {
            detail: 'Another account uses this email now. Choose another one from your account page.',
          });
        }
        await repo.setEmail(tx, change.userId, change.newEmail, now);
        return change.userId;
      });
      return d.toUser(userId);
    },

    /** Everything the platform holds about the user, as one JSON document (limited: it reads many tables). */
    async exportData(user: User): Promise<AccountExport> {
      const now = d.clock.now();
      await hitRateLimit(d.db, `export:${user.id}`, d.exportLimitPerHour, 3_600_000, now);
      const r = await repo.exportRows(d.db, user.id);
      const dj = r.dj;
      return {
        format: 'partystream-export',
        version: 1,
        exportedAt: now.toISOString(),
        profile: {
          id: r.user.id,
          email: r.user.email,
          displayName: r.user.displayName,
          role: r.user.role,
          emailVerifiedAt: iso(r.user.emailVerifiedAt),
          locale: r.user.locale,
          timeZone: r.user.timeZone,
          createdAt: iso(r.user.createdAt),
          updatedAt: iso(r.user.updatedAt),
        },
        consents: r.consents.map((c) => ({ kind: c.kind, version: c.version, acceptedAt: c.acceptedAt.toISOString() })),
        sessions: r.sessions.map((s) => ({
          createdAt: iso(s.createdAt),
          lastSeenAt: iso(s.lastSeenAt),
          expiresAt: iso(s.expiresAt),
          revokedAt: iso(s.revokedAt),
          userAgent: s.userAgent,
          ip: s.ip,
        })),
        djProfile: dj
          ? {
              id: dj.id,
              stageName: dj.stageName,
              bio: dj.bio,
              genres: dj.genres,
              tags: dj.tags,
              yearsExperience: dj.yearsExperience,
              equipment: dj.equipment,
              languages: dj.languages,
              city: dj.cityName,
              country: dj.country,
              timeZone: dj.timeZone,
              currency: dj.currency,
              pricingKind: dj.pricingKind,
              hourlyRateMinor: dj.hourlyRateMinor,
              minHours: dj.minHours,
              maxHours: dj.maxHours,
              eventPriceMinor: dj.eventPriceMinor,
              eventMinutes: dj.eventMinutes,
              sampleLinks: dj.sampleLinks,
              cancellationPolicy: dj.cancellationPolicy,
              autoAccept: dj.autoAccept,
              bufferMinutes: dj.bufferMinutes,
              minNoticeMinutes: dj.minNoticeMinutes,
              maxAdvanceDays: dj.maxAdvanceDays,
              photoUrl: dj.photoKey ? `${d.publicUrl}/api/files/${dj.photoKey}` : null,
              ratingAvg: dj.ratingAvg,
              ratingCount: dj.ratingCount,
              payoutAccountId: dj.stripeAccountId,
              createdAt: iso(dj.createdAt),
              updatedAt: iso(dj.updatedAt),
            }
          : null,
        availability: {
          weekly: r.weekly.map((w) => ({ weekday: w.weekday, startMinute: w.startMinute, endMinute: w.endMinute })),
          overrides: r.overrides.map((o) => ({ date: o.date, ranges: o.ranges })),
          blocked: r.blocked.map((b) => ({ startsAt: iso(b.startsAt), endsAt: iso(b.endsAt), reason: b.reason })),
        },
        bookings: r.bookingRows.map((b) => ({
          id: b.id,
          as: b.hostUserId === user.id ? 'host' : 'dj',
          state: b.state,
          startsAt: iso(b.startsAt),
          endsAt: iso(b.endsAt),
          note: b.note,
          currency: b.currency,
          totalMinor: b.totalMinor,
          feeMinor: b.feeMinor,
          djShareMinor: b.djShareMinor,
          refundedMinor: b.refundedMinor,
          cancellationPolicy: b.cancellationPolicy,
          disputeStatus: b.disputeStatus,
          createdAt: iso(b.createdAt),
        })),
        payments: r.paymentRows.map((p) => ({
          bookingId: p.bookingId,
          provider: p.provider,
          providerPaymentId: p.providerPaymentId,
          status: p.status,
          amountMinor: p.amountMinor,
          currency: p.currency,
          cardLast4: p.cardLast4,
          createdAt: iso(p.createdAt),
        })),
        ledgerLines: r.lines.map((l) => ({ ...l, at: iso(l.at) })),
        partyMessages: r.messages.map((m) => ({ ...m, createdAt: iso(m.createdAt), deletedAt: iso(m.deletedAt) })),
        songRequests: r.requests.map((s) => ({ ...s, createdAt: iso(s.createdAt), playedAt: iso(s.playedAt) })),
        reviews: await repo.reviewsBy(d.db, user.id),
      };
    },

    /**
     * Deletes the account: refused (409, naming the booking) while one of its bookings or payments is open;
     * otherwise anonymises everything in one transaction and ends every session. Files are removed after commit
     * by a job (restart-safe), run at once.
     */
    async deleteAccount(user: User, password: string): Promise<void> {
      const before = await requirePassword(user.id, password);
      const open = (await d.bookingsOf(user)).find((b) => isOpen(b));
      if (open) throw openError(open.id, open.state, open.startsAt);
      const now = d.clock.now();
      await d.db.transaction(async (tx) => {
        if (!(await repo.lockUser(tx, user.id))) throw new AppError('AUTH_REQUIRED');
        // Checked again under the lock from the tables themselves: nothing may have opened since (or beyond the
        // booking list's page).
        const [stillOpen] = await repo.openBookings(tx, user.id);
        if (stillOpen) throw openError(stillOpen.id, stillOpen.state, stillOpen.startsAt.toISOString());
        const { fileKeys } = await repo.anonymiseUser(tx, user.id, {
          placeholderEmail: `deleted-${user.id}@deleted.invalid`,
          formerName: FORMER_MEMBER,
          unusablePasswordHash: UNUSABLE_PASSWORD_HASH,
          at: now,
        });
        // The DJ's virtual-background image has no row: its key is made from the user id (decision 036).
        for (const key of [...fileKeys, backdropKey(user.id)])
          await enqueueJob(tx, FILE_JOB, { userId: user.id, key }, { runAt: now, key: `${FILE_JOB}:${key}` });
      });
      await d
        .runJobsNow(FILE_JOB, 'userId', user.id)
        .catch((err) => d.log.warn({ err, userId: user.id }, 'file removal deferred'));
      await d
        .sendNotice(accountDeletedMail(before.email, { name: before.displayName, locale: before.locale }))
        .catch((err: unknown) => d.log.warn({ err, userId: user.id }, 'account deleted, but its goodbye mail failed'));
      d.log.info({ userId: user.id }, 'account deleted');
    },

    /** Daily: purge what the retention periods say (README configuration, decision 026), then schedule tomorrow. */
    async runRetention(): Promise<{ messages: number; sessionIps: number }> {
      const now = d.clock.now().getTime();
      const messages = await repo.purgeChatOfPartiesEndedBefore(d.db, new Date(now - d.retention.chatDays * DAY_MS));
      const sessionIps = await repo.clearSessionIpsSeenBefore(d.db, new Date(now - d.retention.sessionIpDays * DAY_MS));
      d.log.info({ messages, sessionIps }, 'retention purge');
      return { messages, sessionIps };
    },

    scheduleRetention: () => scheduleRetention(d.clock.now()),

    jobs: [
      defineJob({
        name: FILE_JOB,
        schema: z.object({ userId: z.string(), key: z.string() }),
        handle: async ({ key }) => d.storage.delete(key),
      }),
      defineJob({
        name: RETENTION_JOB,
        schema: z.object({}),
        handle: async () => {
          await self.runRetention();
          const next = new Date(Math.floor(d.clock.now().getTime() / DAY_MS + 1) * DAY_MS + 4 * 3_600_000);
          await scheduleRetention(next);
        },
      }),
    ],
  };
  return self;
}

function isOpen(b: Booking): boolean {
  return (
    repo.OPEN_BOOKING_STATES.includes(b.state) ||
    b.dispute?.status === 'open' ||
    (repo.OPEN_PAYMENT_STATUSES as readonly string[]).includes(b.paymentStatus ?? '')
  );
}

function openError(id: string, state: string, startsAt: string): AppError {
  return new AppError('ACCOUNT_HAS_OPEN_BOOKINGS', {
    detail: `Your booking ${id} (${startsAt.slice(0, 10)}) is still open (${state.replace(/_/g, ' ')}). Finish or cancel it, or wait for its payment to settle, then delete your account.`,
  });
}

export type AccountService = ReturnType<typeof createAccountService>;
