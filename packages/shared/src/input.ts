/**
 * Input rules that hold for every field of the API, HTTP and socket alike (issue 17).
 *
 * - No string may hold the NUL character (U+0000): Postgres `text` cannot store it, so it would otherwise surface
 *   as a 500 from deep inside a query. The server checks every body, query, params object and socket payload with
 *   `findNulPaths` at its edges before any schema runs, so a new field is covered the day it is added.
 * - A calendar date is `YYYY-MM-DD` and must exist: `Date.parse('2026-02-30')` quietly rolls over to 2 March,
 *   while Postgres refuses it, so dates are checked by a round trip.
 */
import { z } from 'zod';

export const NUL_MESSAGE = 'Must not contain the NUL character (\\u0000).';

/** Paths (keys and indexes) of every string value or object key in `value` that holds U+0000. */
export function findNulPaths(
  value: unknown,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (out.length >= 20 || path.length > 32) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findNulPaths(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...path, k]);
      else findNulPaths(v, [...path, k], out);
    }
  }
  return out;
}

/** True when `d` (YYYY-MM-DD) names a day that exists in the proleptic Gregorian calendar. */
export function isRealDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.')
  .refine(isRealDate, 'Not a real date.');

/** A local time of day, `HH:MM` on the 24-hour clock. */
export const HhmmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour).');
