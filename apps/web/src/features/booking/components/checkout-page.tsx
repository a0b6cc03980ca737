import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PayRequestSchema, type Booking } from '@partystream/shared/booking/booking.schemas';
import type { Checkout } from '@partystream/shared/payment/payment.schemas';
import { api } from '../../../lib/api-client';
import { useZodForm } from '../../../lib/use-zod-form';
import { Field, FormError } from '../../../components/ui/field';
import { money, dateIn, timeIn, viewerTimeZone } from '../../../lib/format';
import { paths } from '../../../config/paths';
import { useBooking } from '../api';
import { StripePayment } from './stripe-payment';
import { isAwaitingPayment } from '@partystream/shared/booking/booking.process';

/**
 * Pay a booking. The server says how (POST /checkout): the embedded processor's test-mode card form, or Stripe's
 * Payment Element. Either way the card is only authorised; it is charged when the DJ accepts.
 */
export function CheckoutPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [search] = useSearchParams();
  const booking = useBooking(id);
  const waitingForBooking = booking.data ? isAwaitingPayment(booking.data.state) : false;
  const checkout = useQuery({
    queryKey: ['checkout', id],
    queryFn: async () => (await api.post<{ checkout: Checkout }>(`/bookings/${id}/checkout`)).checkout,
    enabled: waitingForBooking,
    staleTime: Infinity,
    retry: false,
  });
  // After Stripe holds the money the booking moves on by webhook or by our own check; until then, poll.
  const [processing, setProcessing] = useState(false);
  const form = useZodForm(PayRequestSchema, { cardNumber: '', expiry: '', cvc: '', name: '' });
  const [busy, setBusy] = useState(false);
  const [needsAction, setNeedsAction] = useState(false);
  const [left, setLeft] = useState<number | null>(null);
  const b = booking.data;

  useEffect(() => {
    if (!processing) return;
    if (b && !isAwaitingPayment(b.state)) {
      navigate(paths.booking.to(id));
      return;
    }
    const timer = setInterval(() => void qc.invalidateQueries({ queryKey: ['bookings', id] }), 1500);
    return () => clearInterval(timer);
  }, [processing, b, id, navigate, qc]);

  async function checkWithServer() {
    await api.post<{ booking: Booking }>(`/bookings/${id}/confirm-payment`);
    setProcessing(true);
    await qc.invalidateQueries({ queryKey: ['bookings', id] });
  }

  // Back from a redirect-based confirmation (return_url): Stripe appends the outcome.
  const redirected = search.get('redirect_status');
  const provider = checkout.data?.provider;
  useEffect(() => {
    if (redirected !== 'succeeded' || provider !== 'stripe') return;
    let live = true;
    api.post(`/bookings/${id}/confirm-payment`).then(
      () => live && setProcessing(true),
      (e: unknown) => live && form.applyServerError(e),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run once per return from Stripe, not per form render
  }, [redirected, provider, id]);

  useEffect(() => {
    if (!b?.holdExpiresAt) return;
    const end = Date.parse(b.holdExpiresAt);
    const tick = () => setLeft(Math.max(0, Math.round((end - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [b?.holdExpiresAt]);

  if (!b) return <p className="container">{booking.error ? (booking.error as Error).message : t('common.loading')}</p>;
  if (!isAwaitingPayment(b.state) && !processing) {
    return (
      <div className="container narrow card stack">
        <h1>{t('booking.checkout.done')}</h1>
        <Link className="btn btn-primary" to={paths.booking.to(b.id)}>
          {t('booking.checkout.view')}
        </Link>
      </div>
    );
  }
  const tz = viewerTimeZone();

  async function pay(e: React.FormEvent) {
    e.preventDefault();
    const data = form.validate();
    if (!data) return;
    setBusy(true);
    try {
      const res = await api.post<{ booking: Booking }>(`/bookings/${id}/pay`, form.values);
      if (res.booking.paymentStatus === 'requires_action') setNeedsAction(true);
      else navigate(paths.booking.to(id));
    } catch (err) {
      form.applyServerError(err);
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    setBusy(true);
    try {
      await api.post(`/bookings/${id}/confirm-payment`);
      navigate(paths.booking.to(id));
    } catch (err) {
      form.applyServerError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="container narrow stack">
      <div className="card stack">
        <h1>{t('booking.checkout.title')}</h1>
        <p>
          {b.djStageName} · {dateIn(b.startsAt, tz, i18n.language)}, {timeIn(b.startsAt, tz, i18n.language)}–
          {timeIn(b.endsAt, tz, i18n.language)}
        </p>
        <div className="row spread price-box">
          <span>{t('booking.book.total')}</span>
          <strong>{money(b.price.totalMinor, b.price.currency, i18n.language)}</strong>
        </div>
        {left !== null ? (
          <p className={left < 120 ? 'alert alert-error' : 'muted'} role="timer" aria-live="off">
            {left > 0
              ? t('booking.checkout.holdLeft', { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` })
              : t('booking.checkout.holdOver')}
          </p>
        ) : null}
        {processing ? (
          <p className="alert" role="status">
            {t('booking.checkout.processing')}
          </p>
        ) : checkout.error ? (
          <FormError message={(checkout.error as Error).message} />
        ) : !checkout.data ? (
          <p className="muted">{t('common.loading')}</p>
        ) : checkout.data.provider === 'stripe' ? (
          <StripePayment
            clientSecret={checkout.data.clientSecret}
            publishableKey={checkout.data.publishableKey}
            stripeJsUrl={checkout.data.stripeJsUrl}
            payLabel={t('booking.checkout.pay', { amount: money(b.price.totalMinor, b.price.currency, i18n.language) })}
            disabled={left === 0}
            returnUrl={`${window.location.origin}${paths.checkout.to(id)}`}
            onConfirmed={checkWithServer}
          />
        ) : needsAction ? (
          <div className="stack" role="dialog" aria-labelledby="sca-h">
            <h2 id="sca-h">{t('booking.checkout.actionTitle')}</h2>
            <p>{t('booking.checkout.actionBody')}</p>
            <button className="btn btn-primary" type="button" disabled={busy} onClick={() => void confirm()}>
              {t('booking.checkout.confirm')}
            </button>
          </div>
        ) : (
          <form className="stack" onSubmit={pay} noValidate>
            <p className="alert small">{t('booking.checkout.testMode')}</p>
            <Field
              label={t('booking.checkout.card')}
              inputMode="numeric"
              autoComplete="cc-number"
              placeholder="4242 4242 4242 4242"
              error={form.errors.cardNumber}
              {...form.field('cardNumber')}
            />
            <div className="row two">
              <Field
                label={t('booking.checkout.expiry')}
                placeholder="MM/YY"
                autoComplete="cc-exp"
                error={form.errors.expiry}
                {...form.field('expiry')}
              />
              <Field
                label={t('booking.checkout.cvc')}
                inputMode="numeric"
                autoComplete="cc-csc"
                error={form.errors.cvc}
                {...form.field('cvc')}
              />
            </div>
            <Field label={t('booking.checkout.name')} autoComplete="cc-name" error={form.errors.name} {...form.field('name')} />
            <FormError message={form.formError} />
            <button className="btn btn-primary" type="submit" disabled={busy || left === 0}>
              {t('booking.checkout.pay', { amount: money(b.price.totalMinor, b.price.currency, i18n.language) })}
            </button>
            <p className="muted small">{t('booking.checkout.authOnly')}</p>
          </form>
        )}
      </div>
    </div>
  );
}
