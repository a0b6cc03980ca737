import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SUB_RATING_ASPECTS } from '@partystream/shared/review/review.constants';
import type { Review } from '@partystream/shared/review/review.schemas';
import { useMe } from '../../../lib/auth';
import { dateIn } from '../../../lib/format';
import { useViewerZone } from '../../../lib/viewer-zone';
import { paths } from '../../../config/paths';
import { djReviewsQuery } from '../api';
import { RatingHistogram } from './rating-histogram';
import { StarDisplay } from './stars';
import { ReportButton } from './report-button';
import '../review.css';

/** The DJ profile's reviews: rating summary (histogram, sub-ratings, crowd) and the published reviews, paged. */
export function DjReviews({ djProfileId }: { djProfileId: string }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const q = useQuery({ ...djReviewsQuery(djProfileId, page), placeholderData: keepPreviousData });
  if (!q.data) return null;
  const { summary, items, total, pageSize } = q.data;
  const pages = Math.ceil(total / pageSize);
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  return (
    <section className="card stack reviews" aria-labelledby="reviews-h" data-testid="dj-reviews">
      <h2 id="reviews-h">{t('review.title')}</h2>
      {summary.count === 0 && summary.crowd.count === 0 ? <p className="muted">{t('review.none')}</p> : null}
      {summary.count > 0 ? (
        <div className="rating-summary">
          <div className="rating-big">
            <strong data-testid="rating-average">{nf.format(summary.average ?? 0)}</strong>
            <StarDisplay value={summary.average ?? 0} />
            <span className="muted small">{t('review.fromHosts', { count: summary.count })}</span>
          </div>
          <RatingHistogram histogram={summary.histogram} />
          <dl className="sub-ratings">
            {SUB_RATING_ASPECTS.filter((a) => summary.subRatings[a]).map((a) => {
              const s = summary.subRatings[a]!;
              return (
                <div key={a} className="sub-rating">
                  <dt>{t(`review.aspect.${a}`)}</dt>
                  <dd>
                    <span className="meter" aria-hidden="true">
                      <span style={{ width: `${(s.average / 5) * 100}%` }} />
                    </span>
                    <span>{nf.format(s.average)}</span>
                  </dd>
                </div>
              );
            })}
          </dl>
        </div>
      ) : null}
      {summary.crowd.count > 0 ? (
        <p className="crowd-line" data-testid="crowd-score">
          <span aria-hidden="true">🎉</span>{' '}
          {t('review.crowd', { score: nf.format(summary.crowd.average ?? 0), count: summary.crowd.count })}
        </p>
      ) : null}
      {items.length ? (
        <ol className="review-list">
          {items.map((r) => (
            <ReviewItem key={r.id} review={r} />
          ))}
        </ol>
      ) : null}
      {pages > 1 ? (
        <nav className="pager" aria-label={t('review.pages')}>
          <button className="btn" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            {t('review.newer')}
          </button>
          <span className="muted small">{t('review.pageOf', { page, pages })}</span>
          <button className="btn" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            {t('review.older')}
          </button>
        </nav>
      ) : null}
    </section>
  );
}

/** One published review with its verified facts, tags, the reply and a report button. */
export function ReviewItem({ review: r, reportable = true }: { review: Review; reportable?: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  // The party's day in the viewer's zone: after hydration on a server-rendered profile (UTC until then).
  const tz = useViewerZone() ?? 'UTC';
  return (
    <li className="review-item" data-testid="review-item">
      <header>
        <StarDisplay value={r.stars} size="sm" />
        <strong>{r.authorName}</strong>
        <span className="muted small">{dateIn(r.partyDate, tz, i18n.language, 'short')}</span>
      </header>
      {r.verified ? (
        <p className="verified small" data-testid="verified">
          <span aria-hidden="true">✔</span>{' '}
          {t('review.verified', {
            minutes: r.verified.minutesLive,
            guests: r.verified.guestsJoined,
            played: r.verified.requestsPlayed,
          })}
        </p>
      ) : null}
      {r.text ? <p className="review-text">{r.text}</p> : null}
      {r.tags.length ? (
        <div className="chips">
          {r.tags.map((tag) => (
            <span key={tag} className="chip">
              {t(`review.tag.${tag}`, { defaultValue: tag })}
            </span>
          ))}
        </div>
      ) : null}
      {r.reply ? (
        <blockquote className="reply">
          <p className="small muted">{t('review.replyFrom')}</p>
          <p>{r.reply.text}</p>
        </blockquote>
      ) : null}
      {reportable ? (
        me.data ? (
          <ReportButton reviewId={r.id} />
        ) : (
          <Link className="small muted" to={paths.login.to(pathname)}>
            {t('review.loginToReport')}
          </Link>
        )
      ) : null}
    </li>
  );
}
