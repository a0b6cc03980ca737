/**
 * Pay a booking with Stripe's Payment Element. The server made the booking's manual-capture PaymentIntent and
 * gave us its client secret; card details go from this frame straight to Stripe. After `confirmPayment` the
 * money is held (not charged): we ask the server to check with Stripe (POST /confirm-payment) and wait for the
 * booking to move on — the `payment_intent.amount_capturable_updated` webhook moves it too, whichever is first.
 *
 * Stripe.js comes from js.stripe.com through @stripe/stripe-js (the /pure entry, so pages without Stripe never
 * load it). When the server names another URL (tests: a local stand-in), that script is loaded first and
 * loadStripe uses the `window.Stripe` it defines.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe, StripeElements } from '@stripe/stripe-js';
import { FormError } from '../../../components/ui/field';

let override: Promise<void> | null = null;
function loadScriptOnce(src: string): Promise<void> {
  override ??= new Promise<void>((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => {
      override = null;
      reject(new Error('Stripe.js did not load'));
    };
    document.head.appendChild(s);
  });
  return override;
}

async function stripeFor(publishableKey: string, stripeJsUrl: string | null): Promise<Stripe | null> {
  if (stripeJsUrl && !window.Stripe) await loadScriptOnce(stripeJsUrl);
  return loadStripe(publishableKey);
}

export function StripePayment(p: {
  clientSecret: string;
  publishableKey: string;
  stripeJsUrl: string | null;
  payLabel: string;
  disabled: boolean;
  returnUrl: string;
  /** Called once Stripe holds the money (no redirect needed); the page then checks with the server. */
  onConfirmed(): Promise<void>;
}) {
  const { t } = useTranslation();
  const mountRef = useRef<HTMLDivElement>(null);
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [elements, setElements] = useState<StripeElements | null>(null);
  const [loadError, setLoadError] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { clientSecret, publishableKey, stripeJsUrl } = p;

  useEffect(() => {
    let cancelled = false;
    let unmount: (() => void) | undefined;
    stripeFor(publishableKey, stripeJsUrl)
      .then((s) => {
        if (cancelled || !s || !mountRef.current) return;
        const els = s.elements({ clientSecret, appearance: { theme: 'night' } });
        const payment = els.create('payment', { layout: 'tabs' });
        payment.mount(mountRef.current);
        unmount = () => payment.destroy();
        setStripe(s);
        setElements(els);
      })
      .catch(() => !cancelled && setLoadError(true));
    return () => {
      cancelled = true;
      unmount?.();
    };
  }, [clientSecret, publishableKey, stripeJsUrl]);

  async function pay(e: React.FormEvent) {
    e.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    const res = await stripe.confirmPayment({ elements, redirect: 'if_required', confirmParams: { return_url: p.returnUrl } });
    if (res.error) {
      setError(res.error.message ?? t('common.error'));
      setBusy(false);
      return;
    }
    try {
      await p.onConfirmed();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={pay} noValidate aria-busy={busy}>
      <div ref={mountRef} data-testid="payment-element" className="payment-element" />
      {!stripe && !loadError ? <p className="muted">{t('booking.checkout.stripeLoading')}</p> : null}
      <FormError message={loadError ? t('booking.checkout.stripeFailed') : error} />
      <button className="btn btn-primary" type="submit" disabled={!stripe || busy || p.disabled}>
        {p.payLabel}
      </button>
      <p className="muted small">
        {t('booking.checkout.secure')} {t('booking.checkout.authOnly')}
      </p>
    </form>
  );
}
