/**
 * Cookie sessions: a short signed JWT (HS256, `jose`) in an httpOnly SameSite=Lax cookie names a row in the
 * `sessions` table; the row is the source of truth, so logout, "log out other sessions" and revocation take
 * effect at once (see docs/decisions/002-jwt-cookie-backed-by-session-rows.md).
 */
import type { Request, RequestHandler, Response } from 'express';
import { SignJWT, jwtVerify } from 'jose';
import type { User } from '@partystream/shared/auth/auth.schemas';

export const SESSION_COOKIE = 'ps_session';

export interface AuthContext {
  user: User;
  sessionId: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: AuthContext;
    }
  }
}

export interface SessionLookup {
  /** Returns the user of a live session (not revoked, not expired), or null. */
  findUserBySession(sessionId: string): Promise<User | null>;
}

export class SessionTokens {
  readonly #key: Uint8Array;
  constructor(
    secret: string,
    private readonly ttlDays: number,
    private readonly secure: boolean,
    /** The app clock: issue and expiry times are read from it, never from the machine (jose's default). */
    private readonly now: () => Date,
  ) {
    this.#key = new TextEncoder().encode(secret);
  }

  async sign(sessionId: string, userId: string, expiresAt: Date): Promise<string> {
    return new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuedAt(Math.floor(this.now().getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.#key);
  }

  /** The session id in a valid token, or null for anything forged, expired or malformed. */
  async verify(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'], currentDate: this.now() });
      return typeof payload.sid === 'string' ? payload.sid : null;
    } catch {
      return null;
    }
  }

  setCookie(res: Response, token: string, expiresAt: Date): void {
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secure,
      path: '/',
      expires: expiresAt,
    });
  }

  clearCookie(res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.secure, path: '/' });
  }

  get ttlMs(): number {
    return this.ttlDays * 86_400_000;
  }
}

/** Sets req.auth when the request carries a valid session cookie; never fails the request itself. */
export function loadSession(tokens: SessionTokens, lookup: SessionLookup): RequestHandler {
  return async (req: Request, _res, next) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string' && token.length < 4096) {
      const sid = await tokens.verify(token);
      if (sid) {
        const user = await lookup.findUserBySession(sid);
        if (user) req.auth = { user, sessionId: sid };
      }
    }
    next();
  };
}
