/**
 * The one place errors become HTTP: RFC 9457 application/problem+json with a stable `type`, the `code`,
 * a human `detail`, the request id as `instance`, and `errors[]` for validation. Unknown errors are logged
 * in full with the request id and answered with a generic 500 that reveals nothing.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { problemType, type ErrorCode, type ProblemFieldError } from '@partystream/shared/problem';
import { AppError, ERROR_STATUS } from '../errors.ts';

export function sendProblem(
  req: Request,
  res: Response,
  code: ErrorCode,
  opts: { detail?: string; errors?: ProblemFieldError[]; headers?: Record<string, string>; status?: number } = {},
): void {
  const { status, title } = ERROR_STATUS[code];
  if (opts.headers) res.set(opts.headers);
  res
    .status(opts.status ?? status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: problemType(code),
        title,
        status: opts.status ?? status,
        detail: opts.detail ?? title,
        code,
        instance: String(req.id ?? ''),
        ...(opts.errors ? { errors: opts.errors } : {}),
      }),
    );
}

/** Anything that reaches the end of /api without a route. */
export const apiNotFound: RequestHandler = (req, res) => {
  sendProblem(req, res, 'ROUTE_NOT_FOUND', { detail: `No endpoint ${req.method} ${req.path}.` });
};

/** body-parser and friends signal client mistakes with `type`/`status` on the error. */
function clientErrorOf(err: unknown): { code: ErrorCode; detail: string } | undefined {
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string; limit?: number };
  switch (e?.type) {
    case 'entity.too.large':
      return { code: 'PAYLOAD_TOO_LARGE', detail: `The body is larger than the ${e.limit ?? ''} byte limit.`.replace('  ', ' ') };
    case 'entity.parse.failed':
      return { code: 'MALFORMED_BODY', detail: 'The body is not valid JSON.' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', detail: e.message ?? 'Unsupported encoding.' };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return { code: 'MALFORMED_BODY', detail: 'The body could not be read.' };
  }
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return { code: 'PAYLOAD_TOO_LARGE', detail: 'The body is too large.' };
    if (status === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Unsupported content type.' };
    return { code: 'MALFORMED_BODY', detail: 'The request could not be read.' };
  }
  // A URI with broken percent-encoding makes Express' param decoding throw a URIError.
  if (err instanceof URIError) return { code: 'MALFORMED_BODY', detail: 'The URL is not validly encoded.' };
  return undefined;
}

export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) {
    req.log?.error({ err }, 'error after headers were sent');
    res.end();
    return;
  }
  if (err instanceof AppError) {
    if (err.status >= 500) req.log?.error({ err }, err.message);
    sendProblem(req, res, err.code, { detail: err.message, errors: err.errors, headers: err.headers });
    return;
  }
  const client = clientErrorOf(err);
  if (client) {
    sendProblem(req, res, client.code, { detail: client.detail });
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  sendProblem(req, res, 'INTERNAL', {
    detail: 'Something went wrong on our side. Quote the instance id if you contact support.',
  });
};
