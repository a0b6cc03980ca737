/** The DJ's earnings by month (issue 20): recharts stays in this lazily loaded chunk, like the admin charts. */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { CURRENCIES } from '@partystream/shared/money';
import { money } from '../../../lib/format';
import type { MonthEarnings } from '../earnings';

export default function EarningsChart({ currency, series }: { currency: string; series: MonthEarnings[] }) {
  const { t, i18n } = useTranslation();
  const unit = 10 ** (CURRENCIES[currency as keyof typeof CURRENCIES] ?? 2);
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'short', timeZone: 'UTC' });
  const data = series.map((m) => ({
    label: monthName.format(Date.parse(`${m.month}-15T00:00:00Z`)),
    paid: m.paidMinor / unit,
    pending: m.pendingMinor / unit,
  }));
  const fmt = (v: number) => money(Math.round(v * unit), currency, i18n.language);
  const total = series.reduce((n, m) => n + m.paidMinor + m.pendingMinor, 0);
  return (
    <figure className="earnings-chart" data-testid="earnings-chart">
      <figcaption className="muted small">
        {t('booking.dashboard.chartCaption', { total: money(total, currency, i18n.language) })}
      </figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#3a3150" />
          <XAxis dataKey="label" fontSize={12} stroke="#b9b3c9" />
          <YAxis fontSize={11} width={56} stroke="#b9b3c9" tickFormatter={(v: number) => fmt(v).replace(/[.,]00(?=\D*$)/, '')} />
          <Tooltip formatter={(v) => fmt(Number(v))} contentStyle={{ background: '#1b1526', border: '1px solid #3a3150' }} />
          <Legend />
          <Bar dataKey="paid" stackId="e" name={t('booking.dashboard.paidOut')} fill="#22d3ee" />
          <Bar dataKey="pending" stackId="e" name={t('booking.dashboard.pendingPayout')} fill="#ff4fd8" radius={[4, 4, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
