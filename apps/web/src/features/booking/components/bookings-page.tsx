import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../lib/auth';
import { dateIn, money, timeIn, viewerTimeZone } from '../../../lib/format';
import { paths } from '../../../config/paths';
import { useMyBookings } from '../api';
import { StateBadge } from './booking-detail-page';
import { isAwaitingAnswer, isAwaitingPayment, isPaidOut } from '@partystream/shared/booking/booking.process';
import { isPaid, isPartyOn } from '@partystream/shared/booking/booking.states';
import { EmptyState, Skeleton } from '../../../components/ui/skeleton';
import { monthlyEarnings } from '../earnings';
import '../booking.css';

const EarningsChart = lazy(() => import('./earnings-chart'));

/**
 * Host: my parties and receipts. DJ: requests to answer, upcoming schedule, earnings, and `djSection` (the
 * payout setup, composed in by the route). Live over Socket.io.
 */
export function BookingsPage({ djSection }: { djSection?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const list = useMyBookings(!!me.data);
  const [now] = useState(() => Date.now());
  if (me.isPending) return <Skeleton lines={6} className="container" />;
  if (!me.data) return <Navigate to={paths.login.to(paths.bookings.to())} replace />;
  const tz = viewerTimeZone();
  const all = list.data ?? [];
  const isDj = me.data.role === 'dj';
  const requests = all.filter((b) => isAwaitingAnswer(b.state));
  const upcoming = all
    .filter((b) => isPartyOn(b.state) || isAwaitingPayment(b.state) || (!isDj && isAwaitingAnswer(b.state)))
    .reverse();
  const past = all.filter((b) => !upcoming.includes(b) && !(isDj && requests.includes(b)));
  const earnings = all.filter((b) => isPaid(b.state));
  const byCurrency = new Map<string, { pending: number; paid: number }>();
  for (const b of earnings) {
    const e = byCurrency.get(b.price.currency) ?? { pending: 0, paid: 0 };
    if (isPaidOut(b.state)) e.paid += b.price.djShareMinor;
    else e.pending += b.price.djShareMinor;
    byCurrency.set(b.price.currency, e);
  }
  const monthly = isDj ? monthlyEarnings(all, tz, now) : new Map();
  const row = (b: (typeof all)[number]) => (
    <li key={b.id}>
      <Link to={paths.booking.to(b.id)} className="booking-row">
        <span className="booking-when">
          <strong>{dateIn(b.startsAt, tz, i18n.language, 'short')}</strong> {timeIn(b.startsAt, tz, i18n.language)}–
          {timeIn(b.endsAt, tz, i18n.language)}
        </span>
        <span>{isDj ? b.hostName : b.djStageName}</span>
        <span>{money(isDj ? b.price.djShareMinor : b.price.totalMinor, b.price.currency, i18n.language)}</span>
        <StateBadge state={b.state} />
      </Link>
    </li>
  );
  return (
    <div className="container stack">
      <h1>{isDj ? t('booking.dashboard.djTitle') : t('booking.dashboard.title')}</h1>
      {list.isPending ? (
        <div className="card">
          <Skeleton lines={5} />
        </div>
      ) : null}
      {!isDj && list.data && all.length === 0 ? (
        <EmptyState
          title={t('booking.dashboard.emptyTitle')}
          body={t('booking.dashboard.emptyBody')}
          action={
            <Link className="btn btn-primary" to={paths.search.to()}>
              {t('nav.findDj')}
            </Link>
          }
        />
      ) : null}
      {isDj ? djSection : null}
      {isDj ? (
        <section className="card stack" aria-labelledby="req-h">
          <h2 id="req-h">{t('booking.dashboard.requests', { count: requests.length })}</h2>
          {requests.length ? (
            <ul className="booking-list">{requests.map(row)}</ul>
          ) : (
            <p className="muted">{t('booking.dashboard.noRequests')}</p>
          )}
        </section>
      ) : null}
      {!isDj && list.data && all.length === 0 ? null : (
        <section className="card stack" aria-labelledby="up-h">
          <h2 id="up-h">{t('booking.dashboard.upcoming')}</h2>
          {upcoming.length ? (
            <ul className="booking-list">{upcoming.map(row)}</ul>
          ) : (
            <p className="muted">
              {isDj ? (
                t('booking.dashboard.noUpcomingDj')
              ) : (
                <>
                  {t('booking.dashboard.noUpcoming')} <Link to={paths.search.to()}>{t('nav.findDj')}</Link>
                </>
              )}
            </p>
          )}
        </section>
      )}
      {isDj && byCurrency.size ? (
        <section className="card stack" aria-labelledby="earn-h">
          <h2 id="earn-h">{t('booking.dashboard.earnings')}</h2>
          <dl className="facts">
            {[...byCurrency].map(([c, e]) => (
              <div key={c} className="contents">
                <dt>{t('booking.dashboard.pendingPayout')}</dt>
                <dd>{money(e.pending, c, i18n.language)}</dd>
                <dt>{t('booking.dashboard.paidOut')}</dt>
                <dd>{money(e.paid, c, i18n.language)}</dd>
              </div>
            ))}
          </dl>
          <Suspense fallback={<Skeleton lines={4} />}>
            {[...monthly].map(([c, series]) => (
              <EarningsChart key={c} currency={c} series={series} />
            ))}
          </Suspense>
        </section>
      ) : null}
      {past.length ? (
        <section className="card stack" aria-labelledby="past-h">
          <h2 id="past-h">{t('booking.dashboard.past')}</h2>
          <ul className="booking-list">{past.map(row)}</ul>
        </section>
      ) : null}
    </div>
  );
}
