import { useMemo, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import type { OpenWindow } from '@partystream/shared/availability/availability.schemas';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { api } from '../../../lib/api-client';
import { useMe } from '../../../lib/auth';
import { problemMessage } from '../../../lib/problem-messages';
import { dateIn, isoDateIn, money, timeIn, viewerCurrency, viewerTimeZone } from '../../../lib/format';
import { convertMinor, RATES_DATE, type Currency } from '@partystream/shared/money';
import { FormError } from '../../../components/ui/field';
import { ProblemPage } from '../../../components/ui/problem-page';
import { paths } from '../../../config/paths';
import {
  ceilToStep,
  lengthRule,
  lengthsAt,
  parseInstant,
  startTimes,
  windowAt,
  type TimeWindow,
} from '../../../lib/slot-options';
import '../booking.css';

const DAY = 86_400_000;

/** The price the host pays for a length, as the server's pricing computes it (rate × time, or the event price). */
function localTotal(p: DjProfile, minutes: number): number {
  return p.pricing.kind === 'hourly' ? Math.round((p.pricing.hourlyRateMinor * minutes) / 60) : p.pricing.eventPriceMinor;
}

/**
 * Pick a start time inside the chosen open window (quarter hours) and a length that fits it, see the price at
 * once, request it (holds the slot 15 min). Only choices the server accepts are offered (issue 20). The start
 * and length live in the URL, so a reload or a shared link keeps them.
 */
export function BookPage() {
  const { djId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const requested = parseInstant(params.get('start'));
  const { t } = useTranslation();
  const me = useMe();
  const dj = useQuery({
    queryKey: ['djs', djId],
    queryFn: async () => (await api.get<{ profile: DjProfile }>(`/djs/${djId}`)).profile,
    retry: false,
  });

  if (requested === null) {
    return (
      <ProblemPage title={t('booking.book.invalidTitle')} body={t('booking.book.invalid')}>
        <Link className="btn btn-primary" to={dj.data ? paths.djProfile.to(djId) : paths.search.to()}>
          {dj.data ? t('booking.book.pickTime') : t('nav.findDj')}
        </Link>
      </ProblemPage>
    );
  }
  if (dj.error) {
    return (
      <ProblemPage title={t('dj.profile.notFound')} body={problemMessage(dj.error, t)}>
        <Link className="btn btn-primary" to={paths.search.to()}>
          {t('dj.profile.backToSearch')}
        </Link>
      </ProblemPage>
    );
  }
  if (me.isPending || !dj.data) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(`${paths.book.to(djId, params.get('start') ?? '')}`)} replace />;
  if (me.data.role !== 'host') {
    return (
      <ProblemPage title={t('booking.book.hostsOnlyTitle')} body={t('booking.book.hostsOnly')}>
        <Link className="btn" to={paths.djProfile.to(djId)}>
          {dj.data.stageName}
        </Link>
      </ProblemPage>
    );
  }
  return (
    <BookForm
      profile={dj.data}
      requested={requested}
      minutesParam={Number(params.get('minutes')) || null}
      onChange={(start, minutes) =>
        setParams(
          (prev) => {
            const next = new URLSearchParams(prev);
            next.set('start', new Date(start).toISOString());
            if (minutes) next.set('minutes', String(minutes));
            else next.delete('minutes');
            return next;
          },
          { replace: true },
        )
      }
    />
  );
}

function BookForm({
  profile: p,
  requested,
  minutesParam,
  onChange,
}: {
  profile: DjProfile;
  requested: number;
  minutesParam: number | null;
  onChange: (start: number, minutes: number | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const tz = viewerTimeZone();
  const lang = i18n.language;
  const rule = useMemo(() => lengthRule(p.pricing), [p.pricing]);
  const from = isoDateIn(requested - DAY, tz);
  const to = isoDateIn(requested + DAY, tz);
  const slots = useQuery({
    queryKey: ['djs', p.id, 'slots', from, to, tz],
    queryFn: () => api.get<{ windows: OpenWindow[] }>(`/djs/${p.id}/slots?from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`),
  });
  const windows: TimeWindow[] = useMemo(
    () => (slots.data?.windows ?? []).map((w) => ({ start: Date.parse(w.startsAt), end: Date.parse(w.endsAt) })),
    [slots.data],
  );
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const window = windowAt(windows, requested) ?? windowAt(windows, ceilToStep(requested));
  // Every start the host may pick on this day: the quarter hours of the day's windows that still fit a party.
  const day = window ? isoDateIn(window.start, tz) : null;
  const dayWindows = windows.filter((w) => w === window || isoDateIn(w.start, tz) === day);
  const starts = dayWindows.flatMap((w) => startTimes(w, rule).map((s) => ({ s, w })));
  const chosen = starts.find((x) => x.s === ceilToStep(requested)) ?? starts[0];
  const lengths = chosen ? lengthsAt(chosen.s, chosen.w, rule) : [];
  const length = minutesParam && lengths.includes(minutesParam) ? minutesParam : (lengths[0] ?? null);
  const startIso = chosen ? new Date(chosen.s).toISOString() : '';
  const endIso = chosen && length ? new Date(chosen.s + length * 60_000).toISOString() : '';

  // The server's quote confirms the total; the same amount is shown at once from the DJ's rate while it loads.
  const quote = useQuery({
    queryKey: ['quote', p.id, length],
    queryFn: () =>
      api.get<{ price: Booking['price'] }>(
        `/bookings/quote?djProfileId=${p.id}&startsAt=${encodeURIComponent(startIso)}&endsAt=${encodeURIComponent(endIso)}`,
      ),
    enabled: !!endIso,
    retry: false,
  });

  if (slots.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!chosen || !length) {
    return (
      <ProblemPage title={t('booking.book.goneTitle')} body={t('booking.book.gone', { dj: p.stageName })}>
        <Link className="btn btn-primary" to={paths.djProfile.to(p.id)}>
          {t('booking.book.pickTime')}
        </Link>
      </ProblemPage>
    );
  }

  const total = quote.data?.price.totalMinor ?? localTotal(p, length);
  const currency = quote.data?.price.currency ?? p.currency;
  const showDjTime = p.timeZone !== tz;

  async function request() {
    setBusy(true);
    setError(null);
    try {
      const key = crypto.randomUUID();
      const res = await api.request<{ booking: Booking }>(
        'POST',
        '/bookings',
        { djProfileId: p.id, startsAt: startIso, endsAt: endIso, note },
        { 'Idempotency-Key': key },
      );
      navigate(paths.checkout.to(res.booking.id));
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="container narrow stack">
      <Link to={paths.djProfile.to(p.id)} className="muted">
        ← {p.stageName}
      </Link>
      <div className="card stack">
        <h1>{t('booking.book.title', { dj: p.stageName })}</h1>
        <div className="when-day">
          <strong>{dateIn(chosen.s, tz, lang)}</strong>
          <span className="muted small">
            {t('booking.book.openWindow', {
              time: `${timeIn(chosen.w.start, tz, lang)}–${timeIn(chosen.w.end, tz, lang)}`,
            })}
          </span>
        </div>
        <div className="book-pickers">
          <div className="field">
            <label htmlFor="start">{t('booking.book.start')}</label>
            <select id="start" value={chosen.s} onChange={(e) => onChange(Number(e.target.value), length)}>
              {starts.map(({ s }) => (
                <option key={s} value={s}>
                  {timeIn(s, tz, lang)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="length">{t('booking.book.length')}</label>
            {lengths.length > 1 ? (
              <select id="length" value={length} onChange={(e) => onChange(chosen.s, Number(e.target.value))}>
                {lengths.map((m) => (
                  <option key={m} value={m}>
                    {t('booking.book.hours', { count: m / 60 })} · {money(localTotal(p, m), p.currency, lang)}
                  </option>
                ))}
              </select>
            ) : (
              <output id="length" className="fixed-length">
                {t('booking.book.hours', { count: length / 60 })}
              </output>
            )}
          </div>
        </div>
        <p className="when" data-testid="when">
          {timeIn(startIso, tz, lang)}–{timeIn(endIso, tz, lang)} <span className="muted">({tz})</span>
          {showDjTime ? (
            <span className="muted small">
              <br />
              {t('booking.book.djTime', {
                time: `${timeIn(startIso, p.timeZone, lang)}–${timeIn(endIso, p.timeZone, lang)}`,
                tz: p.timeZone,
              })}
            </span>
          ) : null}
        </p>
        <div className="field">
          <label htmlFor="note">{t('booking.book.note')}</label>
          <textarea
            id="note"
            rows={3}
            maxLength={1000}
            value={note}
            placeholder={t('booking.book.notePlaceholder')}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <div className="price-box" aria-live="polite">
          <div className="row spread">
            <span>
              {t('booking.book.total')}
              {p.pricing.kind === 'hourly' ? (
                <span className="muted small">
                  {' '}
                  ({money(p.pricing.hourlyRateMinor, p.currency, lang)} × {t('booking.book.hours', { count: length / 60 })})
                </span>
              ) : null}
            </span>
            <strong data-testid="total">{money(total, currency, lang)}</strong>
          </div>
          {viewerCurrency() !== currency ? (
            <div className="row spread muted">
              <span>{t('booking.book.estimate', { date: RATES_DATE })}</span>
              <span data-testid="estimate">
                ≈ {money(convertMinor(total, currency as Currency, viewerCurrency() as Currency), viewerCurrency(), lang)}
              </span>
            </div>
          ) : null}
          <p className="muted small">{t('booking.book.chargedIn', { currency })}</p>
        </div>
        <FormError message={error} />
        <button className="btn btn-primary" type="button" disabled={busy} onClick={() => void request()}>
          {t('booking.book.submit')}
        </button>
        <p className="muted small">
          {p.autoAccept ? t('booking.book.instant') : t('booking.book.manual')} {t(`dj.policy.${p.cancellationPolicy}`)}.
        </p>
      </div>
    </div>
  );
}
