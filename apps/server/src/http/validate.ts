import type { z } from 'zod';
import { AppError } from '../errors.ts';

/**
 * Parses one part of a request with its shared schema. Failure is a 400 VALIDATION_FAILED listing every
 * field (`body.email: Enter a valid email address.`), never a 500.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params' | 'headers',
): z.infer<S> {
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    // zod leaves `input` off issues unless asked, so look the value up: only a missing one is "Required.".
    message: i.code === 'invalid_type' && valueAt(value, i.path) === undefined ? 'Required.' : i.message,
  }));
  throw new AppError('VALIDATION_FAILED', {
    detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
  });
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}
