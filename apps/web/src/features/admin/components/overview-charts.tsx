/** The overview's charts: recharts stays in this lazily loaded chunk, so public pages never download it. */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { Overview } from '@partystream/shared/admin/admin.schemas';

export default function OverviewCharts({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const days = data.days.map((d) => ({
    ...d,
    day: d.day.slice(5),
    gross: d.grossMinor / 100,
    platform: d.platformMinor / 100,
  }));
  return (
    <div className="admin-charts">
      <figure className="card">
        <figcaption>{t('admin.overview.bookingsChart')}</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={days}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={32} />
            <Tooltip />
            <Bar dataKey="bookings" name={t('admin.overview.bookings')} fill="#a855f7" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="card">
        <figcaption>{t('admin.overview.moneyChart', { currency: data.currency })}</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={days}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis fontSize={11} width={48} />
            <Tooltip />
            <Legend />
            <Line dataKey="gross" name={t('admin.overview.gross')} stroke="#22d3ee" dot={false} />
            <Line dataKey="platform" name={t('admin.overview.platform')} stroke="#f472b6" dot={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="card">
        <figcaption>{t('admin.overview.signupsChart')}</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={days}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={32} />
            <Tooltip />
            <Legend />
            <Bar dataKey="newDjs" name={t('admin.overview.newDjs')} fill="#a855f7" />
            <Bar dataKey="newHosts" name={t('admin.overview.newHosts')} fill="#22d3ee" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
