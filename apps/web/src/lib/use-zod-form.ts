/**
 * Minimal form state validated by a shared zod schema (the same one the server uses), merging the server's
 * field errors from a problem document so both sides speak with one voice.
 */
import { useState } from 'react';
import type { z } from 'zod';
import { ApiError } from './api-client';

export function useZodForm<S extends z.ZodObject>(schema: S, initial: Record<string, string>) {
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function validate(): z.infer<S> | null {
    const r = schema.safeParse(values);
    if (r.success) {
      setErrors({});
      return r.data;
    }
    const next: Record<string, string> = {};
    for (const i of r.error.issues) next[String(i.path[0])] ??= i.message;
    setErrors(next);
    return null;
  }

  function applyServerError(e: unknown) {
    if (e instanceof ApiError) {
      setErrors(e.fieldErrors());
      setFormError(e.message);
    } else setFormError(String(e));
  }

  return {
    values,
    errors,
    formError,
    setFormError,
    set: (name: string, value: string) => setValues((v) => ({ ...v, [name]: value })),
    validate,
    applyServerError,
    field: (name: string) => ({
      name,
      id: `f-${name}`,
      value: values[name] ?? '',
      onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
      'aria-invalid': errors[name] ? ('true' as const) : undefined,
      'aria-describedby': errors[name] ? `f-${name}-error` : undefined,
    }),
  };
}
