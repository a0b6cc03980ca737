import type { z } from 'zod';
import type { RequestHandler } from 'express';
import { findNulPaths, NUL_MESSAGE } from '@partystream/shared/input';
import { AppError } from '../errors.ts';

/** 400 VALIDATION_FAILED naming each field of `value` that holds U+0000 (Postgres text cannot store it). */
export function assertNoNul(value: unknown, where: string): void {
  const paths = findNulPaths(value);
  if (!paths.length) return;
  const errors = paths.map((p) => ({ path: [where, ...p.map(String)].join('.'), message: NUL_MESSAGE }));
  throw new AppError('VALIDATION_FAILED', { detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors });
}

/** Refuses a NUL character anywhere in the query or the parsed body, for every route (issue 17). */
export const refuseNul: RequestHandler = (req, _res, next) => {
  assertNoNul(req.query, 'query');
  if (req.body !== null && typeof req.body === 'object') assertNoNul(req.body, 'body');
  else if (typeof req.body === 'string' && req.is('application/json')) assertNoNul(req.body, 'body');
  next();
};

/**
 * Parses one part of a request with its shared schema. Failure is a 400 VALIDATION_FAILED listing every
 * field (`body.email: Enter a valid email address.`), never a 500.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params' | 'headers',
): z.infer<S> {
  assertNoNul(value, where);
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => {
    // zod leaves `input` off issues unless asked, so look the value up: only a missing one is "Required.".
    const missing = i.code === 'invalid_type' && valueAt(value, i.path) === undefined;
    return {
      path: [where, ...i.path.map(String)].join('.'),
      message: missing ? 'Required.' : i.message,
      // Stable code + params so apps can word it in the viewer's language (issue 20).
      code: missing ? 'required' : i.code,
      params: issueParams(i),
    };
  });
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

/** The parts of a zod issue a client needs to word it (numbers and names only, never the input). */
function issueParams(i: z.core.$ZodIssue): Record<string, string | number | boolean> | undefined {
  const out: Record<string, string | number | boolean> = {};
  const raw = i as unknown as Record<string, unknown>;
  for (const k of ['minimum', 'maximum', 'origin', 'format', 'divisor', 'inclusive']) {
    const v = raw[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'bigint') out[k] = Number(v);
  }
  return Object.keys(out).length ? out : undefined;
}
