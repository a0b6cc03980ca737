/** Overview: key figures of the last 30 days, live parties, ledger status, and the charts (lazy). */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { money as formatMoney } from '../../../lib/format';
import { useOverview } from '../api';

const OverviewCharts = lazy(() => import('./overview-charts'));

export function OverviewSection() {
  const { t, i18n } = useTranslation();
  const o = useOverview();
  if (!o.data) return <p>{t('common.loading')}</p>;
  const money = (m: number) => formatMoney(m, o.data.currency, i18n.language);
  const total = o.data.days.reduce((a, d) => ({ b: a.b + d.bookings, g: a.g + d.grossMinor, p: a.p + d.platformMinor }), {
    b: 0,
    g: 0,
    p: 0,
  });
  return (
    <div className="stack">
      <div className="admin-kpis">
        <div className="card">
          <strong>{total.b}</strong>
          <span>{t('admin.overview.bookings30')}</span>
        </div>
        <div className="card">
          <strong>{money(total.g)}</strong>
          <span>{t('admin.overview.gross')}</span>
        </div>
        <div className="card">
          <strong>{money(total.p)}</strong>
          <span>{t('admin.overview.platform')}</span>
        </div>
        <div className="card">
          <strong>{o.data.liveParties.length}</strong>
          <span>{t('admin.overview.live')}</span>
        </div>
        <div className="card">
          <strong>{o.data.ledgerOk ? '✓' : '✗'}</strong>
          <span>{t('admin.overview.ledger')}</span>
        </div>
      </div>
      {o.data.liveParties.length > 0 && (
        <ul>
          {o.data.liveParties.map((p) => (
            <li key={p.partyId}>
              {p.stageName} — {t('admin.overview.viewers', { count: p.viewers })}
            </li>
          ))}
        </ul>
      )}
      <Suspense fallback={<p>{t('common.loading')}</p>}>
        <OverviewCharts data={o.data} />
      </Suspense>
    </div>
  );
}
