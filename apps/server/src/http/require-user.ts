import type { Request } from 'express';
import type { Role } from '@partystream/shared/auth/auth.schemas';
import { AppError } from '../errors.ts';
import type { AuthContext } from './session.ts';

/** The logged-in caller, or 401 AUTH_REQUIRED. */
export function requireUser(req: Request): AuthContext['user'] {
  if (!req.auth) throw new AppError('AUTH_REQUIRED', { detail: 'Log in to continue.' });
  return req.auth.user;
}

export function requireAuth(req: Request): AuthContext {
  if (!req.auth) throw new AppError('AUTH_REQUIRED', { detail: 'Log in to continue.' });
  return req.auth;
}

/** The caller if their role is one of `roles`; 401 when logged out, 403 FORBIDDEN otherwise. */
export function requireRole(req: Request, ...roles: Role[]): AuthContext['user'] {
  const user = requireUser(req);
  if (!roles.includes(user.role)) {
    throw new AppError('FORBIDDEN', { detail: `This needs a ${roles.join(' or ')} account.` });
  }
  return user;
}

/**
 * Ownership guard for services: someone else's resource is reported as not found, so ids cannot be probed.
 */
export function assertOwner(ownerId: string, userId: string, what = 'resource'): void {
  if (ownerId !== userId) throw new AppError('NOT_FOUND', { detail: `No such ${what}.` });
}
