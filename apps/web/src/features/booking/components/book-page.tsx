import { useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { api, ApiError } from '../../../lib/api-client';
import { useMe } from '../../../lib/auth';
import { dateIn, money, timeIn, viewerCurrency, viewerTimeZone } from '../../../lib/format';
import { convertMinor, RATES_DATE, type Currency } from '@partystream/shared/money';
import { FormError } from '../../../components/ui/field';
import { paths } from '../../../config/paths';
import '../booking.css';

/** Pick the length of the party starting at the chosen slot, see the price, request it (holds the slot 15 min). */
export function BookPage() {
  const { djId = '' } = useParams();
  const [params] = useSearchParams();
  const start = params.get('start') ?? '';
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const tz = viewerTimeZone();
  const dj = useQuery({
    queryKey: ['djs', djId],
    queryFn: async () => (await api.get<{ profile: DjProfile }>(`/djs/${djId}`)).profile,
  });
  const p = dj.data;
  const lengths = !p
    ? []
    : p.pricing.kind === 'per_event'
      ? [p.pricing.eventMinutes]
      : Array.from({ length: (p.pricing.maxHours - p.pricing.minHours) * 2 + 1 }, (_, i) =>
          p.pricing.kind === 'hourly' ? p.pricing.minHours * 60 + i * 30 : 0,
        );
  const [minutes, setMinutes] = useState<number | null>(null);
  const length = minutes ?? lengths[0] ?? 120;
  const endsAt = start ? new Date(Date.parse(start) + length * 60_000).toISOString() : '';
  const quote = useQuery({
    queryKey: ['quote', djId, start, endsAt],
    queryFn: () =>
      api.get<{ price: Booking['price'] }>(
        `/bookings/quote?djProfileId=${djId}&startsAt=${encodeURIComponent(start)}&endsAt=${encodeURIComponent(endsAt)}`,
      ),
    enabled: !!p && !!start,
    retry: false,
  });
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me.isPending || dj.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(`${paths.book.to(djId, start)}`)} replace />;
  if (!p || !start || Number.isNaN(Date.parse(start))) return <p className="container card">{t('booking.book.invalid')}</p>;
  if (me.data.role !== 'host') return <p className="container card">{t('booking.book.hostsOnly')}</p>;

  async function request() {
    setBusy(true);
    setError(null);
    try {
      const key = crypto.randomUUID();
      const res = await api.request<{ booking: Booking }>(
        'POST',
        '/bookings',
        { djProfileId: djId, startsAt: start, endsAt, note },
        { 'Idempotency-Key': key },
      );
      navigate(paths.checkout.to(res.booking.id));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="container narrow stack">
      <Link to={paths.djProfile.to(djId)} className="muted">
        ← {p.stageName}
      </Link>
      <div className="card stack">
        <h1>{t('booking.book.title', { dj: p.stageName })}</h1>
        <p className="when">
          <strong>{dateIn(start, tz, i18n.language)}</strong>, {timeIn(start, tz, i18n.language)}–
          {timeIn(endsAt, tz, i18n.language)} <span className="muted">({tz})</span>
          {p.timeZone !== tz ? (
            <span className="muted small">
              <br />
              {t('booking.book.djTime', {
                time: `${timeIn(start, p.timeZone, i18n.language)}–${timeIn(endsAt, p.timeZone, i18n.language)}`,
                tz: p.timeZone,
              })}
            </span>
          ) : null}
        </p>
        {lengths.length > 1 ? (
          <div className="field">
            <label htmlFor="length">{t('booking.book.length')}</label>
            <select id="length" value={length} onChange={(e) => setMinutes(Number(e.target.value))}>
              {lengths.map((m) => (
                <option key={m} value={m}>
                  {t('booking.book.hours', { count: m / 60 })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
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
          {quote.data ? (
            <>
              <div className="row spread">
                <span>{t('booking.book.total')}</span>
                <strong data-testid="total">
                  {money(quote.data.price.totalMinor, quote.data.price.currency, i18n.language)}
                </strong>
              </div>
              {viewerCurrency() !== quote.data.price.currency ? (
                <div className="row spread muted">
                  <span>{t('booking.book.estimate', { date: RATES_DATE })}</span>
                  <span data-testid="estimate">
                    ≈{' '}
                    {money(
                      convertMinor(quote.data.price.totalMinor, quote.data.price.currency, viewerCurrency() as Currency),
                      viewerCurrency(),
                      i18n.language,
                    )}
                  </span>
                </div>
              ) : null}
              <p className="muted small">{t('booking.book.chargedIn', { currency: quote.data.price.currency })}</p>
            </>
          ) : quote.error ? (
            <p className="alert alert-error">{(quote.error as ApiError).message}</p>
          ) : (
            <p>{t('common.loading')}</p>
          )}
        </div>
        <FormError message={error} />
        <button className="btn btn-primary" type="button" disabled={busy || !quote.data} onClick={() => void request()}>
          {t('booking.book.submit')}
        </button>
        <p className="muted small">
          {p.autoAccept ? t('booking.book.instant') : t('booking.book.manual')} {t(`dj.policy.${p.cancellationPolicy}`)}.
        </p>
      </div>
    </div>
  );
}
