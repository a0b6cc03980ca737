import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import {
  availableTransitions,
  isAwaitingPayment,
  isPaymentFailed,
  type Actor,
} from '@partystream/shared/booking/booking.process';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { api, type ApiError } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';
import { useMe } from '../../../lib/auth';
import { dateIn, money, timeIn, viewerTimeZone } from '../../../lib/format';
import { FormError } from '../../../components/ui/field';
import { paths } from '../../../config/paths';
import { useBooking } from '../api';
import '../booking.css';

export function StateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return <span className={`state state-${state}`}>{t(`booking.state.${state}`)}</span>;
}

/** One booking: when, price breakdown, what I can do now (from the process table), and its history. */
export function BookingDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const booking = useBooking(id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const b = booking.data;
  if (booking.error)
    return (
      <div className="container narrow card">
        <h1>
          {(booking.error as ApiError).status === 404 || (booking.error as ApiError).status === 400
            ? t('booking.detail.notFound')
            : t('common.error')}
        </h1>
      </div>
    );
  if (!b || !me.data) return <p className="container">{t('common.loading')}</p>;
  const actor: Actor = me.data.id === b.hostUserId ? 'host' : me.data.role === 'admin' ? 'admin' : 'dj';
  const can = availableTransitions(b.state, actor);
  // A system reason is a code (`auto_accept`, `auto-accept`): say it in the viewer's language, or not at all.
  // Anything else is what a person typed (a cancel reason) and is shown as written.
  const reasonText = (r: string | null | undefined) =>
    !r ? '' : /^[a-z]+([_-][a-z]+)+$/.test(r) ? t(`booking.reason.${r.replace(/-/g, '_')}`, { defaultValue: '' }) : r;
  const tz = viewerTimeZone();

  async function act(path: string, body?: unknown) {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ booking: Booking }>(`/bookings/${id}/${path}`, body);
      qc.setQueryData(['bookings', id], res.booking);
      void qc.invalidateQueries({ queryKey: ['bookings', 'mine'] });
    } catch (e) {
      setError(problemMessage(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="container stack booking-detail">
      <Link to={paths.bookings.to()} className="muted">
        ← {t('booking.dashboard.title')}
      </Link>
      <div className="card stack">
        <div className="row spread">
          <h1>
            {actor === 'dj'
              ? t('booking.detail.partyFor', { host: b.hostName })
              : t('booking.detail.partyWith', { dj: b.djStageName })}
          </h1>
          <StateBadge state={b.state} />
        </div>
        <p className="when">
          <strong>{dateIn(b.startsAt, tz, i18n.language)}</strong>, {timeIn(b.startsAt, tz, i18n.language)}–
          {timeIn(b.endsAt, tz, i18n.language)} <span className="muted">({tz})</span>
        </p>
        {b.note ? <p className="note">“{b.note}”</p> : null}
        <dl className="facts">
          <dt>{t('booking.book.total')}</dt>
          <dd>{money(b.price.totalMinor, b.price.currency, i18n.language)}</dd>
          {actor !== 'host' ? (
            <>
              <dt>{t('booking.detail.fee', { pct: b.price.feeBps / 100 })}</dt>
              <dd>−{money(b.price.feeMinor, b.price.currency, i18n.language)}</dd>
              <dt>{t('booking.detail.earnings')}</dt>
              <dd>{money(b.price.djShareMinor, b.price.currency, i18n.language)}</dd>
            </>
          ) : null}
          {b.refundedMinor ? (
            <>
              <dt>{t('booking.detail.refunded')}</dt>
              <dd>{money(b.refundedMinor, b.price.currency, i18n.language)}</dd>
            </>
          ) : null}
          <dt>{t('booking.detail.payment')}</dt>
          <dd>{b.paymentStatus ? t(`booking.payment.${b.paymentStatus}`) : t('booking.payment.none')}</dd>
          {b.acceptBy ? (
            <>
              <dt>{t('booking.detail.acceptBy')}</dt>
              <dd>
                {dateIn(b.acceptBy, tz, i18n.language, 'short')} {timeIn(b.acceptBy, tz, i18n.language)}
              </dd>
            </>
          ) : null}
        </dl>
        {isPaymentFailed(b.state) ? (
          <p className="alert alert-error" role="status">
            {t('booking.detail.paymentFailed')}
          </p>
        ) : null}
        {b.dispute ? (
          <p className={`alert ${b.dispute.status === 'won' ? 'alert-success' : 'alert-error'} dispute-flag`} role="status">
            {t(`booking.detail.dispute_${b.dispute.status}`, {
              amount: money(b.dispute.amountMinor, b.price.currency, i18n.language),
            })}
          </p>
        ) : null}
        {b.partyToken ? (
          <p className="alert alert-success">
            {t('booking.detail.partyReady')} <Link to={paths.party.to(b.partyToken)}>{t('booking.detail.openParty')}</Link>
          </p>
        ) : null}
        <FormError message={error} />
        <div className="row">
          {isAwaitingPayment(b.state) && actor === 'host' ? (
            <Link className="btn btn-primary" to={paths.checkout.to(b.id)}>
              {t('booking.detail.payNow')}
            </Link>
          ) : null}
          {actor !== 'dj' && ['captured', 'partially_refunded', 'refunded'].includes(b.paymentStatus ?? '') ? (
            <Link className="btn" to={paths.receipt.to(b.id)}>
              {t('booking.detail.receipt')}
            </Link>
          ) : null}
          {can.includes('accept') ? (
            <button className="btn btn-primary" type="button" disabled={busy} onClick={() => void act('accept')}>
              {t('booking.detail.accept')}
            </button>
          ) : null}
          {can.includes('decline') ? (
            <button className="btn btn-danger" type="button" disabled={busy} onClick={() => void act('decline', {})}>
              {t('booking.detail.decline')}
            </button>
          ) : null}
          {can.some((n) => n.startsWith('cancel')) ? (
            <button
              className="btn btn-danger"
              type="button"
              disabled={busy}
              onClick={() => window.confirm(t('booking.detail.cancelConfirm')) && void act('cancel', {})}
            >
              {t('booking.detail.cancel')}
            </button>
          ) : null}
          {can.includes('report_no_show') ? (
            <button className="btn btn-danger" type="button" disabled={busy} onClick={() => void act('no-show', {})}>
              {t('booking.detail.noShow')}
            </button>
          ) : null}
        </div>
      </div>
      <section className="card stack" aria-labelledby="hist-h">
        <h2 id="hist-h">{t('booking.detail.history')}</h2>
        <ol className="history">
          {b.events?.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>
                {dateIn(e.at, tz, i18n.language, 'short')} {timeIn(e.at, tz, i18n.language)}
              </time>{' '}
              — {t(`booking.transition.${e.transition}`, { defaultValue: e.transition })}{' '}
              <span className="muted">
                ({t(`booking.actor.${e.actor}`)}
                {reasonText(e.reason) ? `: ${reasonText(e.reason)}` : ''})
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
