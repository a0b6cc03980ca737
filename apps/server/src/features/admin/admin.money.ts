/**
 * The console's money desk (issue 16): the platform fee with its history, bookings that need a person (open
 * card disputes, no-show claims) with their lifecycle history and stream facts, and refunds an admin decides —
 * the process table's `refund_by_admin` row, whose money effect belongs to features/payment. Each change and its
 * audit row commit in one transaction.
 */
import { availableTransitions } from '@partystream/shared/booking/booking.process';
import type { BookingState } from '@partystream/shared/booking/booking.states';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { MoneyIssue } from '@partystream/shared/admin/admin.schemas';
import type { AdminContext } from './admin.service.ts';
import * as repo from './admin.repo.ts';
import * as money from './money.repo.ts';

const canRefund = (state: string) => availableTransitions(state as BookingState, 'admin').includes('refund_by_admin');
/** The process table's `no_card_dispute` guard, as the desk shows it before anyone tries (the engine checks it). */
const disputed = (status: string | null) => status === 'open' || status === 'lost';

export function createMoneyDesk({ d, audit }: AdminContext) {
  return {
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

    /** The fee and its audit row commit together (applies to bookings requested afterwards). */
    async setFee(admin: User, feeBps: number, reason: string | null) {
      await d.db.transaction(async (tx) => {
        const from = await d.booking.getFeeBps(tx);
        await d.booking.setFeeBps(admin, feeBps, tx);
        await audit(tx, admin, {
          action: 'fee.changed',
          targetType: 'setting',
          targetId: 'fee_bps',
          reason,
          detail: { from, to: feeBps },
        });
      });
      return { feeBps };
    },

    async moneyIssues(): Promise<MoneyIssue[]> {
      const rows = await money.openMoneyIssues(d.db);
      const events = await money.historyOf(
        d.db,
        rows.map((r) => r.id),
      );
      return rows.map((b) => ({
        id: b.id,
        state: b.state,
        disputeStatus: b.disputeStatus,
        disputeMinor: b.disputeMinor,
        totalMinor: b.totalMinor,
        refundedMinor: b.refundedMinor,
        currency: b.currency,
        startsAt: b.startsAt.toISOString(),
        stageName: b.stageName,
        hostName: b.hostName,
        refundable: canRefund(b.state) && !disputed(b.disputeStatus),
        refundBlockedBy: canRefund(b.state) && disputed(b.disputeStatus) ? ('card_dispute' as const) : null,
        history: events
          .filter((e) => e.bookingId === b.id)
          .map((e) => ({
            transition: e.transition,
            fromState: e.fromState,
            toState: e.toState,
            actor: e.actor,
            reason: e.reason,
            at: e.at.toISOString(),
          })),
        stream: b.facts
          ? {
              firstLiveAt: b.facts.firstLiveAt?.toISOString() ?? null,
              secondsLive: b.facts.secondsLive,
              peakViewers: b.facts.peakViewers,
              guestsJoined: b.facts.guestsJoined,
            }
          : null,
      }));
    },

    /**
     * Decides a refund to the host (all that is left when `amountMinor` is null) through the lifecycle: the
     * booking's row, its ledger lines and payment job, and the audit row commit together; the provider call
     * follows after commit.
     */
    async decideRefund(admin: User, bookingId: string, amountMinor: number | null, reason: string) {
      const done = await d.db.transaction(async (tx) => {
        const r = await d.booking.refundByAdmin(tx, admin, bookingId, amountMinor, reason);
        await audit(tx, admin, {
          action: 'booking.refunded',
          targetType: 'booking',
          targetId: bookingId,
          reason,
          detail: { amountMinor: r.refundedMinor, currency: r.currency },
        });
        return r;
      });
      await d.booking.settle(bookingId);
      return done;
    },
  };
}
