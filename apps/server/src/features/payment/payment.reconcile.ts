/**
 * What the provider reports back (webhooks, read back from the provider), booked in the caller's transaction
 * under the booking row lock: a browser-confirmed payment now held, refunds made or failed at the provider
 * (decisions 011, 015), and card disputes. Each returns what to do after commit.
 */
import { leaves } from '@partystream/shared/booking/booking.process';
import { type BookingState } from '@partystream/shared/booking/booking.states';
import { formatMoney, type Currency } from '@partystream/shared/money';
import type { Tx } from '../../db/client.ts';
import { enqueueJob } from '../../jobs/jobs.ts';
import { enqueueNoticeMail } from '../../jobs/mail.job.ts';
import type { ProviderDispute, ProviderRefund } from '../../providers/payments/payments.ts';
import { splitRefund } from '../booking/pricing.ts';
import { priceOf } from './payment.effects.ts';
import type { MoneyDeps } from './payment.money.ts';
import type { RefundBook } from './payment.refunds.ts';
import * as repo from './payment.repo.ts';

export function createReconciliation(d: MoneyDeps, refunds: RefundBook) {
  const now = () => d.clock.now();
  const { setRefundStatus, reverseRefund, afterRefundReversed } = refunds;

  return {
    /**
     * The provider says a browser-confirmed payment is held (webhook). Moves a booking still waiting for payment
     * on, in the caller's transaction; returns the after-commit notification, or null when nothing changed.
     */
    async applyProviderAuthorization(tx: Tx, providerPaymentId: string): Promise<(() => Promise<void>) | null> {
      const payment = await repo.findPaymentByProviderId(tx, d.payments.kind, providerPaymentId);
      if (!payment) return null;
      const b = await d.bookings().lock(tx, payment.bookingId);
      if (!b || !leaves('pay', b.state as BookingState) || !['pending', 'requires_action'].includes(payment.status)) return null;
      // Too late: the hold's expiry releases the authorisation.
      if (b.holdExpiresAt && b.holdExpiresAt <= now()) return null;
      await repo.setPaymentStatus(tx, b.id, 'authorized', now());
      await d.bookings().move(tx, b.id, 'pay', { actor: 'host' });
      return () => d.bookings().settle(b.id);
    },

    /**
     * Refunds as read back from the provider, in the caller's transaction under the booking row lock.
     * - Made outside the app (the Stripe dashboard) and succeeded: each is booked once (ledger key by its refund
     *   id); refunds carrying our own key are booked by the payment job that made them, never here. Money only:
     *   the booking's state does not change (decision 011). Who bears it follows what the provider did: with the
     *   transfer reversed, DJ and platform share it in proportion (as our own refunds do); without, the platform
     *   pays it from its own pocket (`platform_refund_cost`) and the DJ is still owed their share.
     * - Failed or cancelled after we booked it (ours or a dashboard one): reversed once (decision 015).
     */
    async applyProviderRefunds(
      tx: Tx,
      providerPaymentId: string,
      refunds: ProviderRefund[],
    ): Promise<{ applied: string[]; after: (() => Promise<void>) | null }> {
      const payment = await repo.findPaymentByProviderId(tx, d.payments.kind, providerPaymentId);
      if (!payment) return { applied: [], after: null };
      let b = await d.bookings().lock(tx, payment.bookingId);
      if (!b) return { applied: [], after: null };
      const price = priceOf(b);
      const applied: string[] = [];

      for (const r of refunds.filter((x) => x.status === 'failed' || x.status === 'canceled')) {
        const reason = `A refund of ${formatMoney(r.amountMinor, b.currency as Currency, 'en')} ${r.status === 'failed' ? 'failed' : 'was cancelled'} at the payment provider (${r.id})`;
        const ref = r.appKey?.startsWith(`refund:${b.id}:`) ? r.appKey.slice(`refund:${b.id}:`.length) : null;
        if (ref !== null) {
          if (await reverseRefund(tx, b, ref, reason)) applied.push(`${r.id}:reversed`);
        } else {
          const booked = await d.ledger.linesOf(tx, `ledger:provider_refund:${r.id}`);
          if (!booked.length) continue;
          const posted = await d.ledger.post(tx, {
            bookingId: b.id,
            kind: 'refund_failed',
            idempotencyKey: `ledger:provider_refund_failed:${r.id}`,
            currency: b.currency,
            lines: booked.map((l) => ({ account: l.account, amountMinor: -l.amountMinor })),
          });
          if (!posted) continue;
          await afterRefundReversed(tx, b, booked.find((l) => l.account === 'customer')?.amountMinor ?? 0, reason, r.id);
          applied.push(`${r.id}:reversed`);
        }
        b = (await d.bookings().find(tx, b.id))!;
      }

      const bal = await d.ledger.balances(tx, b.id);
      const succeeded = refunds.filter((r) => r.status === 'succeeded');
      // Never book more than the provider says was refunded in all, less what our ledger already counts as paid
      // back and our own refunds it has not recorded yet (a refund of ours made before refunds carried our key
      // looks like an outside one), nor more than is left of the charge.
      const settledBack = (await d.ledger.exists(tx, `ledger:capture:${b.id}`)) ? b.totalMinor + (bal.customer ?? 0) : 0;
      let unrecordedOurs = 0;
      for (const r of succeeded)
        if (r.appKey !== null && !(await d.ledger.exists(tx, `ledger:${r.appKey}`))) unrecordedOurs += r.amountMinor;
      let room = Math.min(
        succeeded.reduce((s, r) => s + r.amountMinor, 0) - settledBack - unrecordedOurs,
        b.totalMinor - b.refundedMinor,
      );
      let refunded = b.refundedMinor;
      let booked = 0;
      for (const r of succeeded) {
        if (r.appKey !== null) continue;
        const amount = Math.min(r.amountMinor, room);
        if (amount <= 0) continue;
        const lines: { account: string; amountMinor: number }[] = [{ account: 'customer', amountMinor: amount }];
        if (r.transferReversed) {
          const split = splitRefund(price, amount);
          const fromFee = Math.min(split.fromFee, Math.max(0, bal.platform_revenue ?? 0));
          const fromDj = amount - fromFee;
          // Already paid out: the reversal claws it back from what the DJ was paid.
          const fromPayable = Math.min(fromDj, Math.max(0, bal.dj_payable ?? 0));
          lines.push(
            { account: 'platform_revenue', amountMinor: -fromFee },
            { account: 'dj_payable', amountMinor: -fromPayable },
            { account: 'dj_paid_out', amountMinor: -(fromDj - fromPayable) },
          );
        } else {
          lines.push({ account: 'platform_refund_cost', amountMinor: -amount });
        }
        const posted = await d.ledger.postFor(tx, b, 'provider_refund', `ledger:provider_refund:${r.id}`, lines);
        if (!posted) continue;
        for (const l of lines) bal[l.account] = (bal[l.account] ?? 0) + l.amountMinor;
        room -= amount;
        refunded += amount;
        booked++;
        applied.push(r.id);
        const money = formatMoney(amount, b.currency as Currency, 'en');
        await d
          .bookings()
          .note(tx, b, 'provider_refund', `${money} refunded in the payment provider’s dashboard (${r.id})`, 'admin');
        await enqueueJob(
          tx,
          'booking.receipt_mail',
          { bookingId: b.id, occasion: 'refunded' },
          { runAt: now(), key: `receipt:${b.id}:refunded:${r.id}` },
        );
        if (r.transferReversed) {
          await enqueueNoticeMail(tx, now(), `${b.id}:provider_refund:${r.id}`, {
            template: 'payment.provider_refund',
            to: { userId: b.djUserId },
            money: { amountMinor: amount, currency: b.currency },
            at: b.startsAt.toISOString(),
            link: `${d.publicUrl}/bookings/${b.id}`,
          });
        }
      }
      if (!applied.length) return { applied, after: null };
      if (booked) {
        await d.bookings().setRefunded(tx, b.id, refunded);
        await setRefundStatus(tx, { ...b, refundedMinor: refunded });
      }
      const id = b.id;
      return { applied, after: () => d.bookings().settle(id) };
    },

    /**
     * A card dispute (chargeback) as read back from the provider, in the caller's transaction under the booking
     * row lock (decision 015). Whatever order the events come in, the ledger is brought to the dispute's current
     * status by keyed steps, each once: opened (the bank took the money back for the host: `chargeback` +A,
     * the platform's `dispute_reserve` −A), then won (both undone) or lost (the platform bears it:
     * `dispute_reserve` +A, `platform_dispute_loss` −A; the DJ keeps their share). Inquiries (`warning_*`) move
     * no money and are not flagged. The booking's state does not change; it carries a dispute flag.
     */
    async applyProviderDispute(
      tx: Tx,
      dispute: ProviderDispute,
    ): Promise<{ applied: string[]; after: (() => Promise<void>) | null }> {
      if (!dispute.providerPaymentId || dispute.status.startsWith('warning_')) return { applied: [], after: null };
      const payment = await repo.findPaymentByProviderId(tx, d.payments.kind, dispute.providerPaymentId);
      if (!payment) return { applied: [], after: null };
      const b = await d.bookings().lock(tx, payment.bookingId);
      if (!b || !(await d.ledger.exists(tx, `ledger:capture:${b.id}`))) return { applied: [], after: null };
      const applied: string[] = [];
      const opened = await d.ledger.linesOf(tx, `ledger:dispute_opened:${dispute.id}`);
      // The amount is fixed when the dispute is first booked (never more than the host still has paid).
      const bal = await d.ledger.balances(tx, b.id);
      const amount =
        opened.find((l) => l.account === 'chargeback')?.amountMinor ??
        Math.min(dispute.amountMinor, Math.max(0, -((bal.customer ?? 0) + (bal.chargeback ?? 0))));
      if (amount <= 0) return { applied: [], after: null };
      const money = formatMoney(amount, b.currency as Currency, 'en');
      const step = async (
        name: 'dispute_opened' | 'dispute_won' | 'dispute_lost',
        lines: { account: string; amountMinor: number }[],
        reason: string,
      ) => {
        const posted = await d.ledger.postFor(tx, b, name, `ledger:${name}:${dispute.id}`, lines);
        if (!posted) return;
        applied.push(name);
        await d.bookings().note(tx, b, name, reason);
      };
      await step(
        'dispute_opened',
        [
          { account: 'chargeback', amountMinor: amount },
          { account: 'dispute_reserve', amountMinor: -amount },
        ],
        `The host’s bank disputed ${money} of the payment (${dispute.id}); the money is withdrawn while the dispute is open`,
      );
      if (dispute.status === 'won')
        await step(
          'dispute_won',
          [
            { account: 'chargeback', amountMinor: -amount },
            { account: 'dispute_reserve', amountMinor: amount },
          ],
          `Dispute ${dispute.id} won: ${money} returned`,
        );
      if (dispute.status === 'lost')
        await step(
          'dispute_lost',
          [
            { account: 'dispute_reserve', amountMinor: amount },
            { account: 'platform_dispute_loss', amountMinor: -amount },
          ],
          `Dispute ${dispute.id} lost: PartyStream bears ${money}; the DJ keeps their share`,
        );
      if (!applied.length) return { applied, after: null };
      const status = dispute.status === 'won' || dispute.status === 'lost' ? dispute.status : 'open';
      await d.bookings().setDispute(tx, b.id, { disputeId: dispute.id, disputeStatus: status, disputeMinor: amount });
      const link = `${d.publicUrl}/bookings/${b.id}`;
      if (applied.includes('dispute_opened')) {
        await enqueueNoticeMail(tx, now(), `dispute:${dispute.id}:dj`, {
          template: 'payment.dispute_opened',
          to: { userId: b.djUserId },
          money: { amountMinor: amount, currency: b.currency },
          at: b.startsAt.toISOString(),
          link,
        });
      }
      if (status !== 'open') {
        await enqueueNoticeMail(tx, now(), `dispute:${dispute.id}:${status}`, {
          template: 'payment.dispute_closed',
          to: { userId: b.hostUserId },
          variant: status,
          money: { amountMinor: amount, currency: b.currency },
          at: b.startsAt.toISOString(),
          link,
        });
      }
      const id = b.id;
      return { applied, after: () => d.bookings().settle(id) };
    },
  };
}
