/**
 * Money: the platform fee with its history, and the bookings that need a person (open card disputes, no-show
 * claims, completed parties not yet paid out) with their lifecycle history and stream facts; an admin decides a
 * refund (all that is left, or a part) with a reason — the booking's `refund_by_admin` row. A booking with a card
 * dispute says why it cannot be refunded (the bank returns that money), and a refusal the server gives in the
 * meantime (409 BOOKING_DISPUTED) is shown as the same kind of sentence.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MoneyIssue } from '@partystream/shared/admin/admin.schemas';
import { CURRENCIES, type Currency } from '@partystream/shared/money';
import { paths } from '../../../config/paths';
import { money as formatMoney } from '../../../lib/format';
import { useAdminAction, useFee, useMoneyIssues } from '../api';
import { ActionError, useReason } from './console-kit';

export function MoneySection() {
  const { t, i18n } = useTranslation();
  const fee = useFee();
  const issues = useMoneyIssues();
  const act = useAdminAction();
  const r = useReason({ label: 'admin.reasonLog', hint: 'admin.money.feeHint' });
  const [pct, setPct] = useState('');
  return (
    <div className="stack">
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          act.mutate({
            method: 'PUT',
            path: '/admin/settings',
            body: { feeBps: Math.round(Number(pct) * 100), ...(r.reason ? { reason: r.reason } : {}) },
          });
        }}
      >
        <h2>{t('admin.money.fee', { pct: ((fee.data?.feeBps ?? 0) / 100).toLocaleString(i18n.language) })}</h2>
        <label className="field">
          <span>{t('admin.money.newFee')}</span>
          <input name="fee" inputMode="decimal" value={pct} onChange={(e) => setPct(e.target.value)} />
        </label>
        {r.input}
        <ActionError error={act.error} />
        <button className="btn btn-primary" type="submit">
          {t('admin.money.save')}
        </button>
        <p className="muted">{t('admin.money.newOnly')}</p>
      </form>
      <h2>{t('admin.money.history')}</h2>
      {fee.data?.history.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {fee.data?.history.map((h) => (
          <li key={h.at}>
            {new Date(h.at).toLocaleString(i18n.language)} — {h.fromBps / 100} % → {h.feeBps / 100} % ({h.by}) {h.reason}
          </li>
        ))}
      </ul>
      <h2>{t('admin.money.issues')}</h2>
      {issues.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {issues.data?.items.map((b) => (
          <MoneyIssueCard key={b.id} issue={b} />
        ))}
      </ul>
    </div>
  );
}

function MoneyIssueCard({ issue: b }: { issue: MoneyIssue }) {
  const { t, i18n } = useTranslation();
  const act = useAdminAction();
  const r = useReason({ label: 'admin.money.refundReason', hint: 'admin.money.refundHint' });
  const [amount, setAmount] = useState('');
  const [done, setDone] = useState<{ refundedMinor: number } | null>(null);
  const money = (m: number) => formatMoney(m, b.currency, i18n.language);
  // The amount typed in major units (12.50 €, ¥4400) to the currency's minor units.
  const toMinor = (v: string) => Math.round(Number(v.replace(',', '.')) * 10 ** (CURRENCIES[b.currency as Currency] ?? 2));
  const left = b.totalMinor - b.refundedMinor;
  return (
    <li className="card stack" data-testid="admin-money-issue">
      <div>
        <a href={paths.booking.to(b.id)}>{b.stageName}</a> · {b.hostName} ·{' '}
        {new Date(b.startsAt).toLocaleDateString(i18n.language, { dateStyle: 'medium' })} ·{' '}
        {t(`booking.state.${b.state}`, b.state)}
        {b.disputeStatus && ` · ${t('admin.money.dispute')}`} · {money(b.totalMinor)}
        {b.refundedMinor > 0 && ` · ${t('admin.money.refunded', { amount: money(b.refundedMinor) })}`}
      </div>
      {b.stream ? (
        <p className="muted">
          {t('admin.money.stream', {
            minutes: Math.round(b.stream.secondsLive / 60),
            peak: b.stream.peakViewers,
            guests: b.stream.guestsJoined,
          })}
        </p>
      ) : (
        <p className="muted">{t('admin.money.neverLive')}</p>
      )}
      <details>
        <summary>{t('admin.money.historyOf')}</summary>
        <ol className="admin-list">
          {b.history.map((h) => (
            <li key={`${h.at}-${h.transition}`}>
              {new Date(h.at).toLocaleString(i18n.language)} · <code>{h.transition}</code> ({h.actor})
              {h.reason ? ` — ${h.reason}` : ''}
            </li>
          ))}
        </ol>
      </details>
      {b.refundBlockedBy === 'card_dispute' && (
        <p className="alert alert-error" data-testid="refund-blocked">
          {t('admin.money.disputeBlocks')}
        </p>
      )}
      {done && (
        <p className="alert alert-success" role="status">
          {t('admin.money.refundDone', { amount: money(done.refundedMinor) })}
        </p>
      )}
      {b.refundable && left > 0 && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            const minor = amount.trim() ? toMinor(amount) : undefined;
            act.mutate(
              { path: `/admin/bookings/${b.id}/refund`, body: { reason: r.reason, ...(minor ? { amountMinor: minor } : {}) } },
              {
                onSuccess: (res) => {
                  setDone(res as { refundedMinor: number });
                  setAmount('');
                  r.clear();
                },
              },
            );
          }}
        >
          <label className="field">
            <span>{t('admin.money.refundAmount', { max: money(left) })}</span>
            <input name="refund-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
          {r.input}
          <ActionError error={act.error} />
          <button className="btn btn-danger" type="submit" disabled={act.isPending}>
            {t('admin.money.refund')}
          </button>
        </form>
      )}
    </li>
  );
}
