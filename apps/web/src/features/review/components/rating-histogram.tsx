import { useTranslation } from 'react-i18next';

/**
 * The 5★ … 1★ distribution drawn as horizontal SVG bars (widths relative to the most common rating), with the
 * counts as text and the whole as one labelled image for screen readers.
 */
export function RatingHistogram({ histogram }: { histogram: number[] }) {
  const { t, i18n } = useTranslation();
  const max = Math.max(1, ...histogram);
  const total = histogram.reduce((a, b) => a + b, 0);
  const rows = [5, 4, 3, 2, 1].map((stars) => ({ stars, n: histogram[stars - 1] ?? 0 }));
  const nf = new Intl.NumberFormat(i18n.language);
  const label = rows.map((r) => t('review.histogramRow', { stars: r.stars, n: r.n })).join(', ');
  const ROW = 22;
  return (
    <figure className="histogram" data-testid="rating-histogram">
      <svg
        viewBox={`0 0 300 ${rows.length * ROW}`}
        width="100%"
        role="img"
        aria-label={t('review.histogramLabel', { detail: label })}
      >
        {rows.map((r, i) => {
          const w = (r.n / max) * 200;
          return (
            <g key={r.stars} transform={`translate(0 ${i * ROW})`} data-stars={r.stars} data-count={r.n}>
              <text x="0" y="15" className="h-label">
                {r.stars}★
              </text>
              <rect x="36" y="5" width="200" height="12" rx="6" className="h-track" />
              {r.n > 0 ? <rect x="36" y="5" width={Math.max(w, 6)} height="12" rx="6" className="h-bar" /> : null}
              <text x="300" y="15" textAnchor="end" className="h-count">
                {total ? `${Math.round((r.n / total) * 100)} %` : '–'}
                {` (${nf.format(r.n)})`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
