import { useState } from 'react';

/** The part of `useZodForm` a submit needs. */
interface SubmittableForm<T> {
  validate(): T | null;
  applyServerError(e: unknown): void;
}

/**
 * The submit handler every auth form shares: stop the browser's submit, validate with the form's shared schema
 * (plus `precheck`, e.g. the terms checkbox, which is shown too), send, and put a refusal on its fields (or above
 * the form); `busy` while the request is out.
 */
export function useAuthSubmit<T>(
  form: SubmittableForm<T>,
  send: (data: T) => Promise<void>,
  o: { precheck?: () => boolean; onError?: () => void } = {},
) {
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const data = form.validate();
    const ok = o.precheck ? o.precheck() : true;
    if (!data || !ok) return;
    setBusy(true);
    try {
      await send(data);
    } catch (err) {
      o.onError?.();
      form.applyServerError(err);
    } finally {
      setBusy(false);
    }
  }
  return { onSubmit, busy };
}
