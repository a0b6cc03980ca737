import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** Five radio buttons drawn as stars (keyboard: arrows move, like any radio group). */
export function StarInput({
  value,
  onChange,
  label,
  name,
  error,
}: {
  value: number;
  onChange: (v: number) => void;
  label: string;
  name: string;
  error?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="star-input" aria-describedby={error ? `${id}-err` : undefined}>
      <legend>{label}</legend>
      <div className="star-row">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={n <= value ? 'star on' : 'star'} title={t('review.stars', { count: n })}>
            <input
              type="radio"
              name={name}
              value={n}
              checked={value === n}
              onChange={() => onChange(n)}
              aria-label={t('review.stars', { count: n })}
            />
            <span aria-hidden="true">★</span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-err`} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Read-only stars, with the number for screen readers. */
export function StarDisplay({ value, size = 'md' }: { value: number; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  const full = Math.round(value);
  return (
    <span className={`star-display ${size}`} role="img" aria-label={t('review.starsOf5', { value })}>
      {'★'.repeat(full)}
      <span className="off">{'★'.repeat(5 - full)}</span>
    </span>
  );
}
