import { useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import type { OpenWindow } from '@partystream/shared/availability/availability.schemas';
import { api, type ApiError } from '../../../lib/api-client';
import { dateIn, isoDateIn, languageName, money, timeIn, viewerTimeZone, zoneAbbrev } from '../../../lib/format';
import { Avatar } from '../../../components/ui/avatar';
import { paths } from '../../../config/paths';
import { useDjSlotUpdates } from '../../../lib/realtime';
import { isBookableWindow, lengthRule } from '../../../lib/slot-options';
import { profileQuery } from '../api';
import '../dj-profile.css';

const DAYS = 14;

/** `reviews`: the reviews section, composed in by the app route (features do not import each other). */
export function DjProfilePage({ reviews }: { reviews?: ReactNode } = {}) {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const profile = useQuery(profileQuery(id));
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
  if (!profile.data) return <p className="container">{t('common.loading')}</p>;
  const p = profile.data;
  const unit = p.pricing.kind === 'hourly' ? t('search.unit.hour') : t('search.unit.event');
  const amount = p.pricing.kind === 'hourly' ? p.pricing.hourlyRateMinor : p.pricing.eventPriceMinor;
  return (
    <div className="container profile-layout">
      <header className="card profile-head">
        <Avatar name={p.stageName} url={p.photoUrl} size="lg" />
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
          </p>
        </div>
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
                src={s.embedUrl}
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
        <Calendar profile={p} />
      ) : (
        <section className="card stack" aria-labelledby="cal-h" data-testid="not-bookable">
          <h2 id="cal-h">{t('dj.calendar.title')}</h2>
          <p>{t('dj.calendar.notBookable', { name: p.stageName })}</p>
        </section>
      )}
      {reviews}
    </div>
  );
}

function Calendar({ profile }: { profile: DjProfile }) {
  const { t, i18n } = useTranslation();
  const tz = viewerTimeZone();
  const [offset, setOffset] = useState(0);
  const [today] = useState(() => Date.now());
  const from = useMemo(() => isoDateIn(today + offset * 86_400_000, tz), [today, offset, tz]);
  const to = useMemo(() => isoDateIn(today + (offset + DAYS - 1) * 86_400_000, tz), [today, offset, tz]);
  const slots = useQuery({
    queryKey: ['djs', profile.id, 'slots', from, to, tz],
    queryFn: () =>
      api.get<{ windows: OpenWindow[]; timeZone: string }>(
        `/djs/${profile.id}/slots?from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`,
      ),
  });
  useDjSlotUpdates(profile.id, () => void slots.refetch());
  const sameZone = zoneAbbrev(profile.timeZone) === zoneAbbrev(tz) && profile.timeZone === tz;
  // Only windows that can hold the DJ's shortest party get a "Book" button (issue 20).
  const rule = lengthRule(profile.pricing);
  const byDay = new Map<string, OpenWindow[]>();
  for (const w of slots.data?.windows ?? []) {
    if (!isBookableWindow({ start: Date.parse(w.startsAt), end: Date.parse(w.endsAt) }, rule)) continue;
    const day = isoDateIn(Date.parse(w.startsAt), tz);
    byDay.set(day, [...(byDay.get(day) ?? []), w]);
  }
  return (
    <section className="card stack calendar" aria-labelledby="cal-h">
      <div className="row cal-head">
        <h2 id="cal-h">{t('dj.calendar.title')}</h2>
        <div className="row">
          <button className="btn" type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - DAYS))}>
            {t('search.prev')}
          </button>
          <button className="btn" type="button" onClick={() => setOffset(offset + DAYS)}>
            {t('search.next')}
          </button>
        </div>
      </div>
      <p className="muted small">
        {t('dj.calendar.timesIn', { tz })}
        {!sameZone ? ` ${t('dj.calendar.djZone', { tz: profile.timeZone })}` : ''}
      </p>
      {slots.isPending ? <p>{t('common.loading')}</p> : null}
      {slots.data && byDay.size === 0 ? <p>{t('dj.calendar.none')}</p> : null}
      <ul className="days">
        {[...byDay.entries()].map(([day, windows]) => (
          <li key={day} className="day">
            <h3>{dateIn(Date.parse(windows[0]!.startsAt), tz, i18n.language)}</h3>
            <ul className="windows">
              {windows.map((w) => (
                <li key={w.startsAt} className="window">
                  <span className="window-time" data-testid="slot-local">
                    {timeIn(w.startsAt, tz, i18n.language)}–{timeIn(w.endsAt, tz, i18n.language)}
                  </span>
                  {!sameZone ? (
                    <span className="muted small" data-testid="slot-dj">
                      {t('dj.calendar.theirTime', {
                        time: `${timeIn(w.startsAt, profile.timeZone, i18n.language)}–${timeIn(w.endsAt, profile.timeZone, i18n.language)}`,
                        zone: zoneAbbrev(profile.timeZone, Date.parse(w.startsAt), i18n.language),
                      })}
                    </span>
                  ) : null}
                  <Link className="btn btn-primary book-btn" to={paths.book.to(profile.id, w.startsAt)}>
                    {t('dj.calendar.book')}
                  </Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
