import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { paths } from '../../config/paths';
import { searchQuery } from '../../features/search/api';
import { Avatar } from '../../components/ui/avatar';
import { Skeleton } from '../../components/ui/skeleton';
import './landing.css';

const FEATURED = 6;

/**
 * A card price without lib/format: that module reads the shared money table, whose zod schemas would land in the
 * main bundle (+100 kB) with this page. Intl knows each currency's minor digits (the same as ISO 4217 for ours).
 */
function price(minor: number, currency: string, language: string): string {
  const f = new Intl.NumberFormat(language, { style: 'currency', currency });
  return f.format(minor / 10 ** (f.resolvedOptions().maximumFractionDigits ?? 2));
}
/**
 * The same query search runs for "Top rated": the Bayesian score of decision 018, so the landing page agrees with it.
 * No zone: without a date filter the answer does not depend on one, so the server can render it (issue 20).
 */
export const featuredQuery = () => searchQuery(`sort=rating&pageSize=${FEATURED}`);

/**
 * The front door (issue 20), designed at 390 px first: what PartyStream is and one button to start, the DJs hosts
 * rate highest (with their real ratings and parties played), how it works in three steps, and proof in numbers
 * only once there is some.
 */
export function LandingPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const featured = useQuery(featuredQuery());
  const djs = featured.data?.items ?? [];
  const reviews = djs.reduce((n, d) => n + d.rating.count, 0);
  const parties = djs.reduce((n, d) => n + d.partiesPlayed, 0);
  const rated = djs.filter((d) => d.rating.count > 0);
  const average = rated.length
    ? rated.reduce((n, d) => n + (d.rating.average ?? 0) * d.rating.count, 0) / Math.max(1, reviews)
    : null;
  return (
    <div className="container landing">
      {params.get('deleted') ? (
        <p className="alert alert-success" role="status">
          {t('account.delete.done')}
        </p>
      ) : null}
      <section className="hero">
        <h1 className="hero-title">{t('landing.title')}</h1>
        <p className="hero-lead muted">{t('landing.lead')}</p>
        <div className="row hero-ctas">
          <Link className="btn btn-primary" to={paths.search.to()}>
            {t('landing.ctaFind')}
          </Link>
          <Link className="btn" to={paths.register.to('host')}>
            {t('landing.ctaHost')}
          </Link>
          <Link className="btn" to={paths.register.to('dj')}>
            {t('landing.ctaDj')}
          </Link>
        </div>
      </section>

      <section className="featured" aria-labelledby="featured-h">
        <div className="row section-head">
          <h2 id="featured-h">{t('landing.featured')}</h2>
          <Link to={paths.search.to('sort=rating')}>{t('landing.seeAll')}</Link>
        </div>
        {featured.isPending ? (
          <ul className="featured-list" aria-hidden>
            {[0, 1, 2].map((i) => (
              <li key={i} className="photo-card featured-card">
                <Skeleton media lines={3} />
              </li>
            ))}
          </ul>
        ) : djs.length === 0 ? (
          <p className="card muted">{t('landing.noDjsYet')}</p>
        ) : (
          <ul className="featured-list" data-testid="featured">
            {djs.map((dj, i) => (
              <li key={dj.id}>
                <Link className="photo-card featured-card" to={paths.djProfile.to(dj.slug)}>
                  {/* On a phone the first card is on the first screen (its photo is the LCP), the second peeks in. */}
                  <Avatar name={dj.stageName} url={dj.photoUrl} load={i === 0 ? 'first' : i < 2 ? 'eager' : 'lazy'} />
                  <span className="featured-body">
                    <strong className="featured-name">{dj.stageName}</strong>
                    <span className="muted small">
                      {dj.city} ·{' '}
                      {dj.genres
                        .slice(0, 2)
                        .map((g) => t(`dj.genres.${g}`, { defaultValue: g }))
                        .join(', ')}
                    </span>
                    <span className="small">
                      {dj.rating.count ? `★ ${dj.rating.average} (${dj.rating.count})` : t('landing.newDj')}
                      {dj.partiesPlayed ? ` · ${t('landing.parties', { count: dj.partiesPlayed })}` : ''}
                    </span>
                    <span className="featured-price">
                      {t('landing.from', { price: price(dj.price.amountMinor, dj.price.currency, i18n.language) })}
                      <span className="muted"> / {t(`landing.unit.${dj.price.unit}`)}</span>
                    </span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {reviews > 0 ? (
        <section className="proof" aria-label={t('landing.proofLabel')} data-testid="proof">
          <p>
            <strong>{average !== null ? `★ ${average.toFixed(1)}` : '—'}</strong>
            <span className="muted">{t('landing.proofAverage')}</span>
          </p>
          <p>
            <strong>{reviews}</strong>
            <span className="muted">{t('landing.proofReviews', { count: reviews })}</span>
          </p>
          {parties > 0 ? (
            <p>
              <strong>{parties}</strong>
              <span className="muted">{t('landing.proofParties', { count: parties })}</span>
            </p>
          ) : null}
        </section>
      ) : null}

      <section className="how" aria-labelledby="how-h">
        <h2 id="how-h">{t('landing.how.title')}</h2>
        <ol className="how-steps">
          {(['find', 'book', 'party'] as const).map((s, i) => (
            <li key={s} className="card">
              <span className="how-n" aria-hidden>
                {i + 1}
              </span>
              <h3>{t(`landing.how.${s}.title`)}</h3>
              <p className="muted">{t(`landing.how.${s}.body`)}</p>
            </li>
          ))}
        </ol>
      </section>

      <section className="feature-grid" aria-label={t('landing.why')}>
        {(['book', 'live', 'party'] as const).map((f) => (
          <article key={f} className="card">
            <h2>{t(`landing.features.${f}.title`)}</h2>
            <p className="muted">{t(`landing.features.${f}.body`)}</p>
          </article>
        ))}
      </section>

      <section className="card dj-cta">
        <h2>{t('landing.djCta.title')}</h2>
        <p className="muted">{t('landing.djCta.body')}</p>
        <Link className="btn btn-primary" to={paths.register.to('dj')}>
          {t('landing.djCta.button')}
        </Link>
      </section>
    </div>
  );
}
