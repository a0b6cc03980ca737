import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from './session.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated writes (OWASP "verify origin with standard headers"): a state-changing
 * request that carries the session cookie must come from our own origin (or a configured CORS origin), told by
 * `Origin`, else `Referer`. SameSite=Lax already stops most cross-site posts; this closes the rest
 * (same-site subdomains, old browsers). Requests without the cookie (bearer-token WHIP, webhooks) are exempt.
 */
export function originCheck(publicUrl: string, extraOrigins: string[]): RequestHandler {
  const allowed = new Set([new URL(publicUrl).origin, ...extraOrigins]);
  return (req, _res, next) => {
    if (SAFE.has(req.method) || !req.cookies?.[SESSION_COOKIE]) return next();
    let origin = req.get('origin');
    if (!origin || origin === 'null') {
      const referer = req.get('referer');
      try {
        origin = referer ? new URL(referer).origin : undefined;
      } catch {
        origin = undefined;
      }
    }
    const self = `${req.protocol}://${req.get('host')}`;
    if (origin && (allowed.has(origin) || origin === self)) return next();
    next(
      new AppError('CSRF_ORIGIN_MISMATCH', {
        detail: 'This request did not come from the PartyStream app. Reload the page and try again.',
      }),
    );
  };
}
