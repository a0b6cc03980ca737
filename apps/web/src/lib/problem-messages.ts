/**
 * Every error a person can meet, as a sentence in their language (issue 20). The server's problem documents
 * carry stable codes — `code` for the problem, and for each field error the zod issue `code` with its `params`
 * (minimum, maximum, format…) and the field's `path` — and this file turns them into the catalogue's
 * `errors.*` strings, so no `body.stageName: Too small…`, and a code the catalogue does not know falls back to a
 * sentence chosen by HTTP status. The server's English sentences (a schema's own message such as "Only YouTube,
 * SoundCloud and Mixcloud links", a problem's `detail` such as "Wrong email or password.") are more precise, so
 * English viewers get them — unless they read like developer text (zod's defaults, paths, parser errors).
 */
import type { Problem, ProblemFieldError } from '@partystream/shared/problem';

type T = (key: string | string[], options?: Record<string, unknown>) => string;

/** A field error from the server, or a zod issue found in the browser, in one shape. */
export interface FieldIssue {
  path: string;
  code?: string;
  params?: Record<string, unknown>;
  /** The server's or the schema's English sentence. */
  message?: string;
}

/** Who reads: English readers may see the server's own sentences when they are written for people. */
export interface Reader {
  language?: string;
}

/** zod's default wording, paths and parser output: never shown, in any language. */
const DEVELOPER_TEXT =
  /^(Too (small|big)|Invalid|Expected|Unrecognized|Required\.?$)|\b(body|query|params|headers)\.\w|expected (string|number|array|object)|JSON|Unexpected token/i;
/** Codes whose `detail` is about the request's plumbing, not something a person can act on. */
const TECHNICAL = new Set([
  'VALIDATION_FAILED',
  'MALFORMED_BODY',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CSRF_ORIGIN_MISMATCH',
  'INTERNAL',
]);

const isEnglish = (r?: Reader) => !!r?.language?.toLowerCase().startsWith('en');
const forPeople = (s: string | undefined): s is string => !!s && s.length > 3 && !DEVELOPER_TEXT.test(s);

/** The field a path is about: its last named segment (`body.pricing.hourlyRateMinor` → `hourlyRateMinor`, `genres.0` → `genres`). */
export function fieldOf(path: string): string {
  const parts = path
    .split('.')
    .filter((p) => p !== '' && !/^\d+$/.test(p) && !['body', 'query', 'params', 'headers'].includes(p));
  return parts.at(-1) ?? '';
}

/** The key a form uses for a path (without the `body.`/`query.`/`params.` prefix): `pricing.hourlyRateMinor`. */
export function formKeyOf(path: string): string {
  return path.replace(/^(body|query|params|headers)\./, '');
}

/** One field issue as a sentence: the field's own sentence if the catalogue has one, else the issue's kind. */
export function fieldMessage(issue: FieldIssue, t: T, reader?: Reader): string {
  if (isEnglish(reader) && forPeople(issue.message)) return issue.message;
  const name = fieldOf(issue.path);
  const p = issue.params ?? {};
  const code = issue.code ?? 'invalid';
  const keys = [`errors.field.${name}`];
  if (code === 'required') keys.push('errors.zod.required');
  else if (code === 'too_small' && p.origin === 'string' && Number(p.minimum) <= 1) keys.push('errors.zod.empty');
  else if (code === 'too_small' || code === 'too_big') keys.push(`errors.zod.${code}.${String(p.origin ?? 'number')}`);
  else if (code === 'invalid_format')
    keys.push(`errors.zod.invalid_format.${String(p.format ?? 'other')}`, 'errors.zod.invalid_format.other');
  else keys.push(`errors.zod.${code}`);
  keys.push('errors.zod.invalid');
  return t(keys, p);
}

/** Translated field messages keyed by form key (first issue per field wins). */
export function fieldMessages(issues: FieldIssue[], t: T, reader?: Reader): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[formKeyOf(i.path)] ??= fieldMessage(i, t, reader);
  return out;
}

/** The whole problem as one sentence (for a banner, or next to a form's submit button). */
export function problemSentence(
  problem: Pick<Problem, 'code' | 'status'> & { errors?: ProblemFieldError[]; detail?: string },
  t: T,
  reader?: Reader,
): string {
  if (problem.status === 0) return t('errors.offline');
  if (problem.code === 'VALIDATION_FAILED') {
    const errors = (problem.errors ?? []) as FieldIssue[];
    // One problem (a broken link's `params.token`, a bad filter): say it. Several: point at the fields.
    if (errors.length === 1) return fieldMessage(errors[0]!, t, reader);
    return t('errors.checkFields');
  }
  if (isEnglish(reader) && !TECHNICAL.has(problem.code) && forPeople(problem.detail)) return problem.detail;
  const status = problem.status >= 500 ? 500 : problem.status;
  return t([`errors.code.${problem.code}`, `errors.status.${status}`, 'errors.status.500']);
}

/** Any thrown value as a sentence: problems by code, everything else as "something went wrong". */
export function problemMessage(err: unknown, t: T, reader?: Reader): string {
  const p = (err as { problem?: Problem } | null)?.problem;
  // An ApiError already carries its sentence, worded for the reader when it was made.
  if (p && !reader && err instanceof Error && err.message) return err.message;
  if (p && typeof p.code === 'string') return problemSentence(p, t, reader);
  return t('errors.status.500');
}
