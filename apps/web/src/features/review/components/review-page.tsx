import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  REVIEW_TAGS,
  REVIEW_TAGS_MAX,
  REVIEW_TEXT_MAX,
  SUB_RATING_ASPECTS,
  type BookingReviews,
  type SubRatingAspect,
} from '@partystream/shared/review/review.schemas';
import type { ApiError } from '../../../lib/api-client';
import { dateIn, viewerTimeZone } from '../../../lib/format';
import { problemMessage } from '../../../lib/problem-messages';
import { paths } from '../../../config/paths';
import { bookingReviewsQuery, replyToReview, submitReview } from '../api';
import { StarDisplay, StarInput } from './stars';
import { ReviewItem } from './dj-reviews';
import '../review.css';

/** /bookings/:id/review — write your review of a completed party, then see both once they publish. */
export function ReviewPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const q = useQuery(bookingReviewsQuery(id));
  if (q.error)
    return (
      <div className="container narrow card">
        <h1>{(q.error as ApiError).status === 404 ? t('review.notFound') : t('common.error')}</h1>
      </div>
    );
  if (!q.data) return <p className="container">{t('common.loading')}</p>;
  const r = q.data;
  const tz = viewerTimeZone();
  return (
    <div className="container narrow stack">
      <header className="stack review-head">
        <h1>{t(r.role === 'host' ? 'review.titleHost' : 'review.titleDj', { name: r.counterpartName })}</h1>
        {r.status === 'open' && r.closesAt ? (
          <p className="muted">{t('review.openUntil', { date: dateIn(r.closesAt, tz, i18n.language) })}</p>
        ) : null}
        <Link to={paths.booking.to(id)}>{t('review.backToBooking')}</Link>
      </header>
      {r.status === 'not_open' ? <p className="card">{t('review.notOpen')}</p> : null}
      {r.canReview ? <ReviewForm data={r} /> : null}
      {r.mine ? (
        <section className="card stack" aria-labelledby="mine-h">
          <h2 id="mine-h">{t('review.yours')}</h2>
          {r.mine.status === 'pending' ? (
            <p className="alert" role="status" data-testid="review-hidden">
              {r.theirsSubmitted ? t('review.hiddenBoth') : t('review.hiddenUntil', { name: r.counterpartName })}
            </p>
          ) : null}
          <ol className="review-list">
            <ReviewItem review={r.mine} reportable={false} />
          </ol>
        </section>
      ) : null}
      {!r.canReview && !r.mine && r.status === 'closed' ? <p className="card">{t('review.closed')}</p> : null}
      {r.theirs ? (
        <section className="card stack" aria-labelledby="theirs-h" data-testid="their-review">
          <h2 id="theirs-h">{t('review.theirs', { name: r.counterpartName })}</h2>
          <ol className="review-list">
            <ReviewItem review={r.theirs} reportable={false} />
          </ol>
          {!r.theirs.reply ? <ReplyForm reviewId={r.theirs.id} bookingId={id} /> : null}
        </section>
      ) : null}
    </div>
  );
}

function ReviewForm({ data }: { data: BookingReviews }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const host = data.role === 'host';
  const [stars, setStars] = useState(0);
  const [subs, setSubs] = useState<Partial<Record<SubRatingAspect, number>>>({});
  const [tags, setTags] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  return (
    <form
      className="card stack review-form"
      aria-labelledby="form-h"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!stars) return setFieldErrors({ stars: t('review.pickStars') });
        setBusy(true);
        setError(null);
        setFieldErrors({});
        try {
          await submitReview(data.bookingId, host ? { stars, text, subRatings: subs, tags: tags as never } : { stars, text });
          await qc.invalidateQueries({ queryKey: ['reviews'] });
        } catch (err) {
          const apiErr = err as ApiError;
          setFieldErrors(apiErr.fieldErrors?.() ?? {});
          setError(apiErr.message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="form-h">{t('review.write')}</h2>
      <p className="muted small">{t('review.blindNote', { name: data.counterpartName })}</p>
      <StarInput name="stars" label={t('review.overall')} value={stars} onChange={setStars} error={fieldErrors.stars} />
      {host ? (
        <div className="sub-inputs">
          {SUB_RATING_ASPECTS.map((a) => (
            <StarInput
              key={a}
              name={a}
              label={t(`review.aspect.${a}`)}
              value={subs[a] ?? 0}
              onChange={(v) => setSubs((s) => ({ ...s, [a]: v }))}
            />
          ))}
        </div>
      ) : null}
      {host ? (
        <fieldset className="stack tags-field">
          <legend>{t('review.tagsLegend', { max: REVIEW_TAGS_MAX })}</legend>
          <div className="tag-pick">
            {REVIEW_TAGS.map((tag) => (
              <label key={tag} className="chip">
                <input
                  type="checkbox"
                  checked={tags.includes(tag)}
                  disabled={!tags.includes(tag) && tags.length >= REVIEW_TAGS_MAX}
                  onChange={(e) => setTags((xs) => (e.target.checked ? [...xs, tag] : xs.filter((x) => x !== tag)))}
                />
                {t(`review.tag.${tag}`)}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <label className="field">
        <span>{t(host ? 'review.textHost' : 'review.textDj')}</span>
        <textarea
          name="text"
          rows={5}
          maxLength={REVIEW_TEXT_MAX}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={fieldErrors.text ? true : undefined}
        />
        <span className="muted small">{t('review.chars', { len: text.length, max: REVIEW_TEXT_MAX })}</span>
        {fieldErrors.text ? <span className="field-error">{fieldErrors.text}</span> : null}
      </label>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="btn btn-primary" disabled={busy}>
        {t('review.submit')}
      </button>
      {stars ? (
        <p className="visually-hidden" aria-live="polite">
          <StarDisplay value={stars} size="sm" />
        </p>
      ) : null}
    </form>
  );
}

function ReplyForm({ reviewId, bookingId }: { reviewId: string; bookingId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await replyToReview(reviewId, text);
          await qc.invalidateQueries({ queryKey: ['reviews', 'booking', bookingId] });
        } catch (err) {
          setError(problemMessage(err, t));
        }
      }}
    >
      <label className="field">
        <span>{t('review.replyLabel')}</span>
        <textarea rows={3} maxLength={1000} value={text} onChange={(e) => setText(e.target.value)} required />
      </label>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="btn">{t('review.replySubmit')}</button>
    </form>
  );
}
