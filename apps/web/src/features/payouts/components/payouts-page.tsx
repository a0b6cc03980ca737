import { useEffect } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useMe } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import { usePayoutStatus } from '../api';
import { PayoutsSection } from './payouts-section';

/** /dj/payouts: the payout section on its own (Stripe's refresh URL lands here when a link expired). */
export function PayoutsPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(paths.payouts.to())} replace />;
  return (
    <div className="container narrow stack">
      <Link to={paths.bookings.to()} className="muted">
        ← {t('booking.dashboard.djTitle')}
      </Link>
      <h1>{t('payouts.title')}</h1>
      <PayoutsSection />
    </div>
  );
}

/**
 * /dj/payouts/return: where onboarding sends the DJ back. Re-checks the status (the server asks Stripe, so it
 * does not wait for the account.updated webhook) a few times while it is still pending.
 */
export function PayoutsReturnPage() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const location = useLocation();
  const status = usePayoutStatus(!!me.data);
  const state = status.data?.state;

  useEffect(() => {
    if (state !== 'pending') return;
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > 5) clearInterval(timer);
      else void qc.invalidateQueries({ queryKey: ['payout-status'] });
    }, 3000);
    return () => clearInterval(timer);
  }, [state, qc, location.key]);

  if (me.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(paths.payoutsReturn.to())} replace />;
  return (
    <div className="container narrow card stack" aria-live="polite">
      <h1>
        {state === 'ready' ? t('payouts.return.ready') : state ? t('payouts.return.pending') : t('payouts.return.checking')}
      </h1>
      {state === 'ready' ? <p>{t('payouts.return.readyBody')}</p> : state ? <p>{t('payouts.return.pendingBody')}</p> : null}
      <div className="row">
        <Link className="btn btn-primary" to={paths.bookings.to()}>
          {t('payouts.return.toDashboard')}
        </Link>
        {state && state !== 'ready' ? (
          <Link className="btn" to={paths.payouts.to()}>
            {t('payouts.continue')}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
