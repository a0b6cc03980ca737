import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { paths } from '../../../config/paths';
import { bookingReviewsQuery, hostReviewsQuery } from '../api';
import { ReviewItem } from './dj-reviews';
import { StarDisplay } from './stars';
import '../review.css';

/**
 * Under a booking: the way to the review once the party is over, and — for the DJ of a request — what other DJs
 * said about this host.
 */
export function BookingReviewPanel({ bookingId }: { bookingId: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery(bookingReviewsQuery(bookingId));
  const host = useQuery({ ...hostReviewsQuery(bookingId), enabled: q.data?.role === 'dj' });
  if (!q.data) return null;
  const r = q.data;
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (
    <div className="container narrow stack">
      {r.status !== 'not_open' ? (
        <section className="card stack" aria-labelledby="rv-h" data-testid="booking-review-panel">
          <h2 id="rv-h">{t('review.panelTitle')}</h2>
          <p>
            {r.canReview
              ? t('review.panelOpen', { name: r.counterpartName })
              : r.mine && r.mine.status === 'pending'
                ? t('review.panelWaiting', { name: r.counterpartName })
                : t('review.panelDone')}
          </p>
          <Link className={r.canReview ? 'btn btn-primary' : 'btn'} to={paths.review.to(bookingId)}>
            {r.canReview ? t('review.write') : t('review.see')}
          </Link>
        </section>
      ) : null}
      {r.role === 'dj' && host.data ? (
        <section className="card stack" aria-labelledby="hr-h" data-testid="host-reviews">
          <h2 id="hr-h">{t('review.hostReviewsTitle', { name: r.counterpartName })}</h2>
          {host.data.count ? (
            <>
              <p>
                <StarDisplay value={host.data.average ?? 0} size="sm" />{' '}
                {t('review.hostAverage', { score: nf.format(host.data.average ?? 0), count: host.data.count })}
              </p>
              <ol className="review-list">
                {host.data.items.map((x) => (
                  <ReviewItem key={x.id} review={x} reportable={false} />
                ))}
              </ol>
            </>
          ) : (
            <p className="muted">{t('review.hostNoReviews')}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
