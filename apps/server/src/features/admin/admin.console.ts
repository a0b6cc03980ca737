/** The console's counts, overview charts and troubled background jobs (issue 16). */
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Counts, JobView, Overview } from '@partystream/shared/admin/admin.schemas';
import { isNoShow } from '@partystream/shared/booking/booking.process';
import { CURRENCIES, convertMinor, type Currency } from '@partystream/shared/money';
import type { BookingState } from '@partystream/shared/booking/booking.states';
import { AppError } from '../../errors.ts';
import type { AdminContext } from './admin.service.ts';
import * as repo from './admin.repo.ts';
import * as moderation from './moderation.repo.ts';
import * as money from './money.repo.ts';

const STUCK_MS = 15 * 60_000;
const DAY = 86_400_000;
const toIso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function createConsoleReads({ d, now, audit }: AdminContext) {
  return {
    /** Open items per console section (the navigation's badges). */
    async counts(): Promise<Counts> {
      const [own, reviews, licences, failedJobs, issues] = await Promise.all([
        moderation.countOpen(d.db),
        d.reviews.openReports(),
        d.pendingLicences(),
        repo.countFailedJobs(d.db),
        money.openMoneyIssues(d.db),
      ]);
      // The badge counts what needs a decision (disputes, no-show claims), not every party still refundable.
      const disputes = issues.filter((i) => i.disputeStatus === 'open' || isNoShow(i.state as BookingState)).length;
      return { moderation: own + reviews.length, licences, failedJobs, disputes };
    },

    /** The last `days` UTC days, one row each (empty days included, so charts have no gaps). */
    async overview(days = 30): Promise<Overview> {
      const end = new Date(Date.UTC(now().getUTCFullYear(), now().getUTCMonth(), now().getUTCDate() + 1));
      const start = new Date(end.getTime() - days * DAY);
      const stats = await repo.dailyStats(d.db, start, end);
      // Bookings are charged in each DJ's currency; the charts sum them in euros at the app's fixed rates (an
      // estimate, as in search), so a marketplace in several currencies reads as one volume.
      const currency: Currency = 'EUR';
      const inEur = (m: number, c: string) => (c in CURRENCIES ? convertMinor(m, c as Currency, currency) : 0);
      const rows = new Map<string, Overview['days'][number]>();
      for (let t = start.getTime(); t < end.getTime(); t += DAY) {
        const day = new Date(t).toISOString().slice(0, 10);
        rows.set(day, { day, bookings: 0, grossMinor: 0, platformMinor: 0, newDjs: 0, newHosts: 0 });
      }
      for (const b of stats.bookings) {
        const r = rows.get(b.day);
        if (!r) continue;
        r.bookings += b.count;
        r.grossMinor += inEur(b.gross, b.currency);
        r.platformMinor += inEur(b.fee, b.currency);
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
  };
}
