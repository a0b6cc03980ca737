import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../../lib/problem-messages';
import { FormError } from '../../../components/ui/field';
import { startPayoutOnboarding, usePayoutStatus } from '../api';
import '../payouts.css';

/**
 * The DJ's payout setup: status and one button. With Stripe the button leads to Stripe's Express onboarding
 * (which sends the DJ back to /dj/payouts/return); with the embedded processor it completes at once.
 */
export function PayoutsSection() {
  const { t } = useTranslation();
  const status = usePayoutStatus();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const s = status.data;

  async function setUp() {
    setBusy(true);
    setError(null);
    try {
      const { url } = await startPayoutOnboarding();
      window.location.assign(url);
    } catch (e) {
      setError(problemMessage(e, t));
      setBusy(false);
    }
  }

  return (
    <section className="card stack payouts" aria-labelledby="payouts-h" data-testid="payouts">
      <div className="row spread">
        <h2 id="payouts-h">{t('payouts.title')}</h2>
        {s ? <span className={`state payouts-${s.state}`}>{t(`payouts.state.${s.state}`)}</span> : null}
      </div>
      {status.error ? <FormError message={(status.error as Error).message} /> : null}
      {s ? (
        <p className={s.state === 'ready' ? 'muted' : ''}>{t(`payouts.explain.${s.state}`, { context: s.provider })}</p>
      ) : (
        <p>{t('common.loading')}</p>
      )}
      <FormError message={error} />
      {s && s.state !== 'ready' ? (
        <div>
          <button className="btn btn-primary" type="button" disabled={busy} onClick={() => void setUp()}>
            {s.state === 'pending' ? t('payouts.continue') : t('payouts.setUp')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
