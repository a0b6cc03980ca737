import type { InputHTMLAttributes, ReactNode } from 'react';

/** Labelled input with its error announced to screen readers and tied via aria-describedby. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string; hint?: ReactNode; id: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={input.id}>{label}</label>
      <input {...input} />
      {hint && !error ? <small className="muted">{hint}</small> : null}
      {error ? (
        <span id={`${input.id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  return (
    <div aria-live="assertive">
      {message ? (
        <p className="alert alert-error" role="alert">
          {message}
        </p>
      ) : null}
    </div>
  );
}
