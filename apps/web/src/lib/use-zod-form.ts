/**
 * Minimal form state validated by a shared zod schema (the same one the server uses), merging the server's
 * field errors from a problem document so both sides speak with one voice.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError } from './api-client';
import { fieldMessage, problemMessage, type FieldIssue } from './problem-messages';

/**
 * A zod issue found in the browser in the shape the server sends (`code` + `params`), so both are translated by
 * the same catalogue strings. A missing value is `required`, as on the server.
 */
export function issueOf(i: z.core.$ZodIssue, values: Record<string, unknown>): FieldIssue {
  const path = i.path.map(String).join('.');
  const raw = i as unknown as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const k of ['minimum', 'maximum', 'origin', 'format', 'divisor']) if (raw[k] !== undefined) params[k] = raw[k];
  const value = values[String(i.path[0])];
  const missing = i.code === 'invalid_type' && (value === undefined || value === '');
  return { path, code: missing ? 'required' : i.code, params, message: i.message };
}

export function useZodForm<S extends z.ZodObject>(schema: S, initial: Record<string, string>) {
  const { t, i18n } = useTranslation();
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
    for (const i of r.error.issues) next[String(i.path[0])] ??= fieldMessage(issueOf(i, values), t, { language: i18n.language });
    setErrors(next);
    return null;
  }

  function applyServerError(e: unknown) {
    if (e instanceof ApiError) {
      setErrors(e.fieldErrors());
      setFormError(e.message);
    } else setFormError(problemMessage(e, t));
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
