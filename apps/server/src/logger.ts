/**
 * pino logger. Redaction is the last line of defence: code should not log secrets in the first place, but
 * anything that looks like a password, token, cookie or key is replaced before it is written.
 *
 * Issue 17 added the two things key paths cannot catch: a failed query's error carries its bound parameters
 * (argon2 hashes, invite codes, party tokens) in `params` and in its message, and request URLs carry capability
 * tokens (`?invite=…`, `/party/<token>`, `/api/parties/<token>/…`). Errors go through `serializeError`, URLs
 * through `redactUrl`. Log ids, never credentials.
 */
import { pino, stdSerializers, type Logger } from 'pino';

export const REDACT_PATHS = [
  'password',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  'token',
  '*.token',
  '*.secret',
  '*.apiKey',
  '*.streamKey',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'body.password',
  'body.token',
];

const REDACTED = '[redacted]';
/** Query parameters whose values are credentials or capabilities. */
const SECRET_QUERY_KEY = /token|invite|code|key|secret|sig|password|auth|otp/i;
/** A path segment that is a capability (party token: 43 base64url chars; invite code: 22), not an id. */
const CAPABILITY_SEGMENT = /^[A-Za-z0-9_-]{20,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The URL with capability path segments and secret query values replaced; ids (UUIDs) and names stay. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const safePath = path
    .split('/')
    .map((seg) => {
      const [name, ...ext] = seg.split('.');
      return name && CAPABILITY_SEGMENT.test(name) && !UUID.test(name) ? [REDACTED, ...ext].join('.') : seg;
    })
    .join('/');
  if (q < 0) return safePath;
  const safeQuery = query
    .split('&')
    .map((pair) => {
      const i = pair.indexOf('=');
      const key = i < 0 ? pair : pair.slice(0, i);
      return i >= 0 && SECRET_QUERY_KEY.test(key) ? `${key}=${REDACTED}` : pair;
    })
    .join('&');
  return `${safePath}?${safeQuery}`;
}

/** Fields of database errors that are safe and useful (names, codes) — never `detail`, `where` or parameters. */
const SAFE_ERROR_FIELDS = [
  'code',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'routine',
  'status',
  'statusCode',
  'type',
];

/** A copy of `e` (and its causes) without query parameters or values quoted back by Postgres. */
function scrubError(e: unknown, depth = 0): unknown {
  if (!(e instanceof Error) || depth > 5) return e;
  const x = e as Error & Record<string, unknown>;
  let message = x.message;
  // Drizzle's DrizzleQueryError: "Failed query: <sql>\nparams: <every bound value>".
  if ('params' in x && typeof x.query === 'string') message = `Failed query: ${x.query}\nparams: ${REDACTED}`;
  message = message.replace(/(invalid input (?:syntax|value) for (?:type )?[\w ]+: ).*/s, `$1${REDACTED}`);
  const out = new Error(message, { cause: scrubError(x.cause, depth + 1) }) as Error & Record<string, unknown>;
  out.name = x.name;
  out.stack = x.stack?.startsWith(`${x.name}: ${x.message}`)
    ? `${x.name}: ${message}${x.stack.slice(`${x.name}: ${x.message}`.length)}`
    : `${x.name}: ${message}`;
  for (const k of SAFE_ERROR_FIELDS) if (k in x && typeof x[k] !== 'object') out[k] = x[k];
  return out;
}

/**
 * pino's error serializer on a scrubbed copy: type, message and stack (with causes), no parameters. Also takes an
 * error pino-http has already serialized (a plain object with `params`): the parameters are cut from its text.
 */
export function serializeError(err: unknown): unknown {
  if (err !== null && typeof err === 'object' && !(err instanceof Error) && 'params' in err) {
    const { params, ...rest } = err as Record<string, unknown>;
    const cut = (t: unknown) => (typeof t === 'string' ? t.split(`params: ${String(params)}`).join(`params: ${REDACTED}`) : t);
    return { ...rest, message: cut(rest.message), stack: cut(rest.stack) };
  }
  if (!(err instanceof Error)) return err;
  const s = stdSerializers.err(scrubError(err) as Error) as unknown as Record<string, unknown>;
  s.type = err.constructor?.name ?? s.type;
  return s;
}

/** An error's message fit to store or show to an operator (no query parameters). */
export function safeErrorMessage(err: unknown): string {
  const scrubbed = scrubError(err);
  return String((scrubbed as Error)?.message ?? scrubbed);
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      base: undefined,
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}

export type { Logger };
