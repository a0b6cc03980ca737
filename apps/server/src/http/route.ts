import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { AppError } from '../errors.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

/**
 * Registers the methods of one resource path and answers any other method with 405 + Allow, so every route
 * says which methods it takes. Async handlers' rejections reach the problem+json error handler (Express 5).
 *
 *   resource(router, '/bookings/:id', { get: getBooking, delete: cancelBooking });
 */
export function resource(router: Router, path: string, handlers: Partial<Record<Method, Handler | Handler[]>>): void {
  const allow = Object.keys(handlers).map((m) => m.toUpperCase());
  if (allow.includes('GET')) allow.push('HEAD');
  for (const [method, h] of Object.entries(handlers) as [Method, Handler | Handler[]][]) {
    const list = (Array.isArray(h) ? h : [h]) as RequestHandler[];
    router[method](path, ...list);
  }
  router.all(path, (req: Request, res: Response) => {
    if (req.method === 'OPTIONS') {
      res
        .set('Allow', [...allow, 'OPTIONS'].join(', '))
        .status(204)
        .end();
      return;
    }
    throw new AppError('METHOD_NOT_ALLOWED', {
      detail: `${req.method} is not supported here; use ${allow.join(', ')}.`,
      headers: { Allow: allow.join(', ') },
    });
  });
}
