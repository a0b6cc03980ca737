import { useTranslation } from 'react-i18next';
import { CURRENCIES } from '@partystream/shared/money';
import type { Form, StepProps } from '../onboarding-form';
import { TextField } from './text-field';

/** Step 3: currency and price (hourly with a length range, or per event). */
export function PricingStep({ form, set, err }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor="currency">{t('search.currency')}</label>
        <select id="currency" value={form.currency} onChange={(e) => set('currency', e.target.value)}>
          {Object.keys(CURRENCIES).map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <fieldset className="field">
        <legend>{t('onboarding.pricingKind')}</legend>
        <div className="row">
          {(['hourly', 'per_event'] as const).map((k) => (
            <label key={k} className="radio">
              <input type="radio" name="pricingKind" checked={form.pricingKind === k} onChange={() => set('pricingKind', k)} />{' '}
              {t(`onboarding.pricing.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {form.pricingKind === 'hourly' ? (
        <>
          <TextField
            id="rate"
            type="number"
            label={t('onboarding.rate', { currency: form.currency })}
            value={form.rate}
            onChange={(v) => set('rate', v)}
            error={err('pricing.hourlyRateMinor')}
          />
          <div className="row two">
            <TextField
              id="minHours"
              type="number"
              label={t('onboarding.minHours')}
              value={form.minHours}
              onChange={(v) => set('minHours', v)}
              error={err('pricing.minHours')}
            />
            <TextField
              id="maxHours"
              type="number"
              label={t('onboarding.maxHours')}
              value={form.maxHours}
              onChange={(v) => set('maxHours', v)}
              error={err('pricing.maxHours')}
            />
          </div>
        </>
      ) : (
        <div className="row two">
          <TextField
            id="eventPrice"
            type="number"
            label={t('onboarding.eventPrice', { currency: form.currency })}
            value={form.eventPrice}
            onChange={(v) => set('eventPrice', v)}
            error={err('pricing.eventPriceMinor')}
          />
          <TextField
            id="eventHours"
            type="number"
            label={t('onboarding.eventHours')}
            value={form.eventHours}
            onChange={(v) => set('eventHours', v)}
            error={err('pricing.eventMinutes')}
          />
        </div>
      )}
    </>
  );
}

/** Step 4: links to mixes (YouTube, SoundCloud, Mixcloud). */
export function SamplesStep({ form, set, err }: StepProps) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor="sampleLinks">{t('onboarding.samples')}</label>
      <textarea
        id="sampleLinks"
        rows={4}
        value={form.sampleLinks}
        placeholder="https://soundcloud.com/you/your-mix"
        aria-invalid={err('sampleLinks') ? 'true' : undefined}
        onChange={(e) => set('sampleLinks', e.target.value)}
      />
      <small className="muted">{t('onboarding.samplesHint')}</small>
      {err('sampleLinks') ? (
        <span className="field-error" role="alert">
          {err('sampleLinks')}
        </span>
      ) : null}
    </div>
  );
}

/** Step 5: cancellation policy, instant booking, buffer, notice and how far ahead. */
export function RulesStep({ form, set, err }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor="policy">{t('dj.profile.cancellation')}</label>
        <select
          id="policy"
          value={form.cancellationPolicy}
          onChange={(e) => set('cancellationPolicy', e.target.value as Form['cancellationPolicy'])}
        >
          {(['flexible', 'moderate', 'strict'] as const).map((p) => (
            <option key={p} value={p}>
              {t(`dj.policy.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="radio">
        <input type="checkbox" checked={form.autoAccept} onChange={(e) => set('autoAccept', e.target.checked)} />{' '}
        {t('onboarding.autoAccept')}
      </label>
      <div className="row two">
        <TextField
          id="bufferMinutes"
          type="number"
          label={t('onboarding.buffer')}
          value={form.bufferMinutes}
          onChange={(v) => set('bufferMinutes', v)}
          error={err('bufferMinutes')}
        />
        <TextField
          id="minNoticeHours"
          type="number"
          label={t('onboarding.notice')}
          value={form.minNoticeHours}
          onChange={(v) => set('minNoticeHours', v)}
          error={err('minNoticeHours')}
        />
      </div>
      <TextField
        id="maxAdvanceDays"
        type="number"
        label={t('onboarding.advance')}
        value={form.maxAdvanceDays}
        onChange={(v) => set('maxAdvanceDays', v)}
        error={err('maxAdvanceDays')}
      />
    </>
  );
}
