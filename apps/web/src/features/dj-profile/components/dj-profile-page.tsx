import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import type { ApiError } from '../../../lib/api-client';
import { languageName, money } from '../../../lib/format';
import { Avatar } from '../../../components/ui/avatar';
import { Skeleton } from '../../../components/ui/skeleton';
import { paths } from '../../../config/paths';
import { useViewerZone } from '../../../lib/viewer-zone';
import { useHydrated } from '../../../lib/hydrated';
import { profileQuery } from '../api';
import { ProfileGallery } from './profile-gallery';
import '../dj-profile.css';

// The month calendar (react-day-picker + date-fns, ~24 kB gzipped) is its own chunk, off the path to the first
// paint of the photo and name; a skeleton holds its place meanwhile (decision 034).
const Calendar = lazy(() => import('./open-dates').then((m) => ({ default: m.Calendar })));

/**
 * A DJ's public page, at `/djs/<slug>` (an old `/djs/<id>` link is replaced by the slug: the server answers it with a
 * 301, a link inside the app is swapped here). Rendered on the server too (issue 20); the calendar, which shows
 * times in the viewer's zone, waits for the browser.
 */
export function DjProfilePage({ reviews }: { reviews?: (profile: DjProfile) => ReactNode } = {}) {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const profile = useQuery(profileQuery(id));
  const [calendarFocus, setCalendarFocus] = useState(0);
  const zone = useViewerZone();
  const navigate = useNavigate();
  // The sample players (third-party frames) get their address only after hydration: in the server's HTML they are
  // empty frames of their final size, so a slow player never holds up the page's load, which starts the app.
  const players = useHydrated();
  const slug = profile.data?.slug;
  useEffect(() => {
    if (slug && slug !== id) void navigate(paths.djProfile.to(slug), { replace: true });
  }, [slug, id, navigate]);
  if (profile.error) {
    return (
      <div className="container narrow card">
        <h1>
          {(profile.error as ApiError).status === 404 || (profile.error as ApiError).status === 400
            ? t('dj.profile.notFound')
            : t('common.error')}
        </h1>
        <Link to={paths.search.to()}>{t('dj.profile.backToSearch')}</Link>
      </div>
    );
  }
  if (!profile.data) {
    return (
      <div className="container profile-layout" aria-busy="true">
        <div className="card profile-head">
          <Skeleton media lines={4} className="profile-skeleton" />
        </div>
        <div className="card">
          <Skeleton lines={5} />
        </div>
      </div>
    );
  }
  const p = profile.data;
  const calendarPlaceholder = (
    <section className="card stack calendar" aria-labelledby="cal-h">
      <h2 id="cal-h" tabIndex={-1}>
        {t('dj.calendar.title')}
      </h2>
      <Skeleton lines={6} />
    </section>
  );
  const unit = p.pricing.kind === 'hourly' ? t('search.unit.hour') : t('search.unit.event');
  const amount = p.pricing.kind === 'hourly' ? p.pricing.hourlyRateMinor : p.pricing.eventPriceMinor;
  return (
    <div className={`container profile-layout${p.bookable ? ' has-book-bar' : ''}`}>
      <header className="card profile-head">
        <Avatar name={p.stageName} url={p.photoUrl} size="hero" load="first" />
        <div className="stack tight">
          <h1>{p.stageName}</h1>
          <p className="muted">
            {p.city.name}, {p.city.country} · {t('dj.profile.years', { count: p.yearsExperience })}
          </p>
          <div className="chips">
            {p.genres.map((g) => (
              <span key={g} className="chip on">
                {t(`dj.genres.${g}`, { defaultValue: g })}
              </span>
            ))}
            {p.tags.map((g) => (
              <span key={g} className="chip">
                #{g}
              </span>
            ))}
          </div>
          <p className="price-line">
            <strong>{money(amount, p.currency, i18n.language)}</strong> / {unit}
            {p.pricing.kind === 'hourly' ? (
              <span className="muted"> · {t('dj.profile.hoursRange', { min: p.pricing.minHours, max: p.pricing.maxHours })}</span>
            ) : (
              <span className="muted"> · {t('dj.profile.eventLength', { hours: p.pricing.eventMinutes / 60 })}</span>
            )}
          </p>
          {p.licenceVerified ? (
            <p>
              <span className="badge" data-testid="licence-badge" title={t('licence.badgeTitle')}>
                ♪ {t('licence.badge')}
              </span>
            </p>
          ) : null}
          <p aria-label={t('dj.profile.rating')}>
            {p.rating.count ? (
              <a href="#reviews-h">{`★ ${p.rating.average} · ${t('dj.profile.reviews', { count: p.rating.count })}`}</a>
            ) : (
              t('dj.profile.noReviews')
            )}
            {p.partiesPlayed ? (
              <span className="muted" data-testid="parties-played">
                {' · '}
                {t('dj.profile.partiesPlayed', { count: p.partiesPlayed })}
              </span>
            ) : null}
          </p>
        </div>
        <ProfileGallery profile={p} />
      </header>

      <section className="card stack about">
        <h2>{t('dj.profile.about')}</h2>
        {p.bio ? <p className="bio">{p.bio}</p> : null}
        <dl className="facts">
          <dt>{t('dj.profile.languages')}</dt>
          <dd>{p.languages.map((l) => languageName(l, i18n.language)).join(', ')}</dd>
          {p.equipment.length ? (
            <>
              <dt>{t('dj.profile.equipment')}</dt>
              <dd>{p.equipment.join(', ')}</dd>
            </>
          ) : null}
          <dt>{t('dj.profile.cancellation')}</dt>
          <dd>{t(`dj.policy.${p.cancellationPolicy}`)}</dd>
          <dt>{t('dj.profile.confirmation')}</dt>
          <dd>{p.autoAccept ? t('dj.profile.instant') : t('dj.profile.manual')}</dd>
        </dl>
        {p.sampleLinks.length ? (
          <div className="samples">
            <h3>{t('dj.profile.samples')}</h3>
            {p.sampleLinks.map((s) => (
              <iframe
                key={s.url}
                title={t('dj.profile.sampleTitle', { provider: s.provider })}
                src={players ? s.embedUrl : undefined}
                loading="lazy"
                className={`sample sample-${s.provider}`}
                allow="encrypted-media; fullscreen"
                referrerPolicy="strict-origin-when-cross-origin"
              />
            ))}
          </div>
        ) : null}
      </section>

      {p.bookable ? (
        zone ? (
          <Suspense fallback={calendarPlaceholder}>
            <Calendar profile={p} focusRequest={calendarFocus} />
          </Suspense>
        ) : (
          calendarPlaceholder
        )
      ) : (
        <section className="card stack" aria-labelledby="cal-h" data-testid="not-bookable">
          <h2 id="cal-h">{t('dj.calendar.title')}</h2>
          <p>{t('dj.calendar.notBookable', { name: p.stageName })}</p>
        </section>
      )}
      {reviews?.(p)}
      {p.bookable ? (
        // On a phone the calendar is far below; this bar keeps the price and the way to book in reach (issue 20).
        <div className="book-bar" data-testid="book-bar">
          <span>
            <strong>{money(amount, p.currency, i18n.language)}</strong> <span className="muted">/ {unit}</span>
          </span>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              const cal = document.getElementById('cal-h');
              cal?.scrollIntoView({ behavior: 'smooth', block: 'start' });
              cal?.focus({ preventScroll: true });
              // The heading may still be the loading placeholder: the calendar takes focus when it mounts.
              setCalendarFocus((n) => n + 1);
            }}
          >
            {t('dj.profile.bookBar')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
