import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { graphRows, type HealthSample } from '../health';

/**
 * The stream's health over the last two minutes, drawn: bitrate on the left axis, frames per second and loss on
 * the right, so a DJ sees a dip (Wi-Fi, CPU) as it happens and when it recovered.
 */
export function HealthGraph({ history }: { history: HealthSample[] }) {
  const { t } = useTranslation();
  const rows = graphRows(history);
  return (
    <section className="card stack health" aria-labelledby="health-h" data-testid="health-graph">
      <h2 id="health-h">{t('stream.console.health')}</h2>
      <p className="muted small">{t('stream.console.healthHint')}</p>
      {rows.length < 2 ? (
        <p className="muted">{t('stream.console.noHealth')}</p>
      ) : (
        <div className="health-chart" role="img" aria-label={t('stream.console.health')} data-points={rows.length}>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={rows} margin={{ top: 8, right: 4, bottom: 0, left: -8 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="rgb(255 255 255 / 0.12)" />
              <XAxis dataKey="ago" type="number" domain={['dataMin', 0]} tick={{ fontSize: 11 }} unit=" s" />
              <YAxis yAxisId="kbps" tick={{ fontSize: 11 }} width={44} />
              <YAxis yAxisId="fps" orientation="right" tick={{ fontSize: 11 }} width={28} />
              <Tooltip labelFormatter={(v) => `${v} s`} contentStyle={{ background: '#1b1530', border: 'none' }} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line
                yAxisId="kbps"
                dataKey="kbps"
                name={t('stream.console.kbps')}
                stroke="#4fd1ff"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="fps"
                dataKey="fps"
                name={t('stream.console.fpsShort')}
                stroke="#ffd24f"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="fps"
                dataKey="lossPct"
                name={t('stream.console.lossShort')}
                stroke="#ff4f6d"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}
