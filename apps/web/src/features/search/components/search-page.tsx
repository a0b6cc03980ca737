import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { GENRES, LANGUAGES } from '@partystream/shared/dj/dj.constants';
import { CITIES } from '@partystream/shared/dj/cities';
import { CURRENCIES } from '@partystream/shared/currency';
import { ApiError } from '../../../lib/api-client';
import { dateIn, languageName, money } from '../../../lib/format';
import { useViewerZone } from '../../../lib/viewer-zone';
import { paths } from '../../../config/paths';
import { Avatar } from '../../../components/ui/avatar';
import { EmptyState, Skeleton } from '../../../components/ui/skeleton';
import { searchApiQuery, searchQuery } from '../api';
import '../search.css';

/** Search with every filter in the URL, so a search can be shared. Prices in the URL are in minor units. */
export function SearchPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tz = useViewerZone();
  const currency = params.get('currency') ?? 'EUR';
  const apiQuery = useMemo(() => searchApiQuery(params, tz), [params, tz]);
  const results = useQuery({ ...searchQuery(apiQuery ?? ''), enabled: apiQuery !== null, placeholderData: (prev) => prev });

  function update(patch: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  }

  const selectedGenres = (params.get('genres') ?? '').split(',').filter(Boolean);
  const toggleGenre = (g: string) => {
    const set = new Set(selectedGenres);
    if (set.has(g)) set.delete(g);
    else set.add(g);
    update({ genres: [...set].join(',') });
  };
  const major = (k: string) =>
    params.get(k) ? String(Number(params.get(k)) / 10 ** CURRENCIES[currency as keyof typeof CURRENCIES]) : '';
  const toMinor = (v: string) =>
    v === '' ? undefined : String(Math.round(Number(v) * 10 ** CURRENCIES[currency as keyof typeof CURRENCIES]));
  // A filter the server refuses is said next to that filter, in the viewer's language (issue 20).
  const filterErrors = results.error instanceof ApiError ? results.error.fieldErrors() : {};
  const fieldError = (key: string) =>
    filterErrors[key] ? (
      <span id={`s-${key}-error`} className="field-error" role="alert">
        {filterErrors[key]}
      </span>
    ) : null;
  // On a phone the filters fold into a sheet behind one button, so the first DJ shows on the first screen (issue 20).
  const [sheetOpen, setSheetOpen] = useState(false);
  const sheetToggle = useRef<HTMLButtonElement>(null);
  const activeFilters = ['q', 'cityId', 'genres', 'languages', 'minPrice', 'maxPrice', 'minRating', 'date'].filter((k) =>
    params.get(k),
  ).length;
  useEffect(() => {
    if (!sheetOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setSheetOpen(false);
      sheetToggle.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [sheetOpen]);
  const page = Number(params.get('page') ?? 1);
  const data = results.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="container search-layout">
      <div className="search-head">
        <h1 className="search-title">{t('search.title')}</h1>
        <button
          ref={sheetToggle}
          type="button"
          className="btn filters-toggle"
          aria-expanded={sheetOpen}
          aria-controls="search-filters"
          onClick={() => setSheetOpen((o) => !o)}
        >
          {t('search.filters')}
          {activeFilters ? <span className="filters-count">{activeFilters}</span> : null}
        </button>
      </div>
      <aside id="search-filters" className={`card filters${sheetOpen ? ' open' : ''}`} aria-label={t('search.filters')}>
        <div className="filters-sheet-head">
          <h2 className="filters-title">{t('search.filters')}</h2>
          <button
            type="button"
            className="btn sheet-close"
            onClick={() => {
              setSheetOpen(false);
              sheetToggle.current?.focus();
            }}
          >
            {t('search.close')}
          </button>
        </div>
        <div className="field">
          <label htmlFor="s-q">{t('search.text')}</label>
          <input
            id="s-q"
            type="search"
            defaultValue={params.get('q') ?? ''}
            placeholder={t('search.textPlaceholder')}
            onChange={(e) => update({ q: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="s-city">{t('search.city')}</label>
          <select
            id="s-city"
            value={params.get('cityId') ?? ''}
            onChange={(e) =>
              update({ cityId: e.target.value, radiusKm: e.target.value ? (params.get('radiusKm') ?? '50') : undefined })
            }
          >
            <option value="">{t('search.anywhere')}</option>
            {CITIES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.country})
              </option>
            ))}
          </select>
        </div>
        {params.get('cityId') ? (
          <div className="field">
            <label htmlFor="s-radius">{t('search.radius', { km: params.get('radiusKm') ?? 50 })}</label>
            <input
              id="s-radius"
              type="range"
              min={5}
              max={500}
              step={5}
              value={params.get('radiusKm') ?? 50}
              onChange={(e) => update({ radiusKm: e.target.value })}
            />
          </div>
        ) : null}
        <fieldset className="field chips-field">
          <legend>{t('search.genres')}</legend>
          <div className="chips">
            {GENRES.map((g) => (
              <button
                key={g}
                type="button"
                className={`chip${selectedGenres.includes(g) ? ' on' : ''}`}
                aria-pressed={selectedGenres.includes(g)}
                onClick={() => toggleGenre(g)}
              >
                {t(`dj.genres.${g}`, { defaultValue: g })}
              </button>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="s-lang">{t('search.language')}</label>
          <select id="s-lang" value={params.get('languages') ?? ''} onChange={(e) => update({ languages: e.target.value })}>
            <option value="">{t('search.anyLanguage')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field price-field">
          <legend>{t('search.priceLegend')}</legend>
          <div className="row two">
            <div className="field">
              <label htmlFor="s-min">{t('search.minPrice')}</label>
              <input
                id="s-min"
                inputMode="decimal"
                type="number"
                min={0}
                value={major('minPrice')}
                aria-invalid={filterErrors.minPrice ? true : undefined}
                aria-describedby={filterErrors.minPrice ? 's-minPrice-error' : undefined}
                onChange={(e) => update({ minPrice: toMinor(e.target.value) })}
              />
              {fieldError('minPrice')}
            </div>
            <div className="field">
              <label htmlFor="s-max">{t('search.maxPrice')}</label>
              <input
                id="s-max"
                inputMode="decimal"
                type="number"
                min={0}
                value={major('maxPrice')}
                aria-invalid={filterErrors.maxPrice ? true : undefined}
                aria-describedby={filterErrors.maxPrice ? 's-maxPrice-error' : undefined}
                onChange={(e) => update({ maxPrice: toMinor(e.target.value) })}
              />
              {fieldError('maxPrice')}
            </div>
          </div>
          <p className="muted small" id="s-price-hint">
            {t('search.priceHint')}
          </p>
        </fieldset>
        <div className="row two">
          <div className="field">
            <label htmlFor="s-cur">{t('search.currency')}</label>
            <select
              id="s-cur"
              value={currency}
              onChange={(e) => update({ currency: e.target.value, minPrice: undefined, maxPrice: undefined })}
            >
              {Object.keys(CURRENCIES).map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="s-rating">{t('search.minRating')}</label>
            <select id="s-rating" value={params.get('minRating') ?? ''} onChange={(e) => update({ minRating: e.target.value })}>
              <option value="">{t('search.anyRating')}</option>
              {[3, 3.5, 4, 4.5].map((r) => (
                <option key={r} value={r}>
                  ★ {r}+
                </option>
              ))}
            </select>
          </div>
        </div>
        <label className="row small">
          <input
            type="checkbox"
            checked={params.get('licensed') === 'true'}
            onChange={(e) => update({ licensed: e.target.checked ? 'true' : '' })}
          />
          {t('licence.filter')}
        </label>
        <div className="field">
          <label htmlFor="s-date">{t('search.date')}</label>
          <input id="s-date" type="date" value={params.get('date') ?? ''} onChange={(e) => update({ date: e.target.value })} />
        </div>
        {params.get('date') ? (
          <div className="row two">
            <div className="field">
              <label htmlFor="s-from">{t('search.from')}</label>
              <input
                id="s-from"
                type="time"
                value={params.get('fromTime') ?? ''}
                onChange={(e) => update({ fromTime: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="s-to">{t('search.to')}</label>
              <input
                id="s-to"
                type="time"
                value={params.get('toTime') ?? ''}
                onChange={(e) => update({ toTime: e.target.value })}
              />
            </div>
          </div>
        ) : null}
        <p className="muted small">{tz ? t('search.timesIn', { tz }) : '\u00a0'}</p>
        <button
          type="button"
          className="btn btn-primary sheet-apply"
          onClick={() => {
            setSheetOpen(false);
            sheetToggle.current?.focus();
          }}
        >
          {data ? t('search.showResults', { count: data.total }) : t('search.close')}
        </button>
      </aside>

      <section className="results" aria-live="polite" aria-busy={results.isFetching}>
        <div className="results-head row">
          <p className="muted">
            {data ? t('search.count', { count: data.total }) : results.error ? t('search.fixFilters') : t('common.loading')}
          </p>
          <label className="sort">
            <span>{t('search.sort')}</span>
            <select value={params.get('sort') ?? 'relevance'} onChange={(e) => update({ sort: e.target.value })}>
              {(['relevance', 'rating', 'price_asc', 'price_desc'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`search.sortBy.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {results.error ? (
          <p className="alert alert-error" role="alert">
            {results.error.message}
          </p>
        ) : null}
        {data && data.items.length === 0 ? (
          <EmptyState
            title={t('search.emptyTitle')}
            body={t('search.none')}
            action={
              <Link className="btn" to={paths.search.to()}>
                {t('search.clearFilters')}
              </Link>
            }
          />
        ) : null}
        {!data && !results.error ? (
          <ul className="card-grid" aria-hidden>
            {[0, 1, 2, 3, 4, 5].map((i) => (
              <li key={i} className="photo-card dj-card">
                <Skeleton media lines={4} className="card-skeleton" />
              </li>
            ))}
          </ul>
        ) : null}
        <ul className="card-grid">
          {data?.items.map((dj, i) => (
            <li key={dj.id}>
              <Link to={paths.djProfile.to(dj.slug)} className="photo-card dj-card">
                {/* The first cards are on the first screen: their photos are not lazy, the first is the LCP. */}
                <Avatar name={dj.stageName} url={dj.photoUrl} load={i === 0 ? 'first' : i < 2 ? 'eager' : 'lazy'} />
                <div className="dj-card-body">
                  <h2>
                    {dj.stageName}{' '}
                    {dj.licenceVerified ? (
                      <span className="badge" data-testid="licence-badge" title={t('licence.badgeTitle')}>
                        ♪ {t('licence.badge')}
                      </span>
                    ) : null}
                  </h2>
                  <p className="muted">
                    {dj.city}, {dj.country}
                    {dj.distanceKm !== null ? ` · ${t('search.km', { km: dj.distanceKm })}` : ''}
                  </p>
                  <p className="genres">
                    {dj.genres
                      .slice(0, 3)
                      .map((g) => t(`dj.genres.${g}`, { defaultValue: g }))
                      .join(' · ')}
                  </p>
                  <p className="price">
                    <strong>{money(dj.price.amountMinor, dj.price.currency, i18n.language)}</strong>
                    <span className="muted"> / {t(`search.unit.${dj.price.unit}`)}</span>
                    {dj.priceInSearchCurrency.currency !== dj.price.currency ? (
                      <span className="muted small">
                        {' '}
                        ≈ {money(dj.priceInSearchCurrency.amountMinor, dj.priceInSearchCurrency.currency, i18n.language)}
                      </span>
                    ) : null}
                  </p>
                  <p className="small">
                    {dj.rating.count ? (
                      <span data-testid="card-rating" title={t('review.cardScore')}>
                        ★ {dj.rating.score} ({dj.rating.count})
                      </span>
                    ) : (
                      t('search.new')
                    )}
                    {dj.partiesPlayed ? ` · ${t('search.played', { count: dj.partiesPlayed })}` : ''}
                    {' · '}
                    {dj.nextOpenAt
                      ? t('search.nextOpen', { date: dateIn(dj.nextOpenAt, tz ?? 'UTC', i18n.language, 'short') })
                      : t('search.noOpenDates')}
                  </p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
        {pages > 1 ? (
          <nav className="row pager" aria-label={t('search.pages')}>
            <button className="btn" type="button" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
              {t('search.prev')}
            </button>
            <span>{t('search.pageOf', { page, pages })}</span>
            <button className="btn" type="button" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
              {t('search.next')}
            </button>
          </nav>
        ) : null}
      </section>
    </div>
  );
}
