import { Router, type Request } from 'express';
import {
  ChangePasswordRequestSchema,
  ForgotPasswordRequestSchema,
  IdParamSchema,
  LoginRequestSchema,
  RegisterRequestSchema,
  ResetPasswordRequestSchema,
  VerifyEmailRequestSchema,
} from '@partystream/shared/auth/auth.schemas';
import { resource } from '../../http/route.ts';
import { requireAuth } from '../../http/require-user.ts';
import type { SessionTokens } from '../../http/session.ts';
import { parseInput } from '../../http/validate.ts';
import type { AuthService } from './auth.service.ts';

const meta = (req: Request) => ({ userAgent: req.get('user-agent'), ip: req.ip });

/** /api/auth/* — thin: parse with the shared schema, call the service, answer. */
export function createAuthRouter(auth: AuthService, tokens: SessionTokens): Router {
  const r = Router();

  resource(r, '/register', {
    post: async (req, res) => {
      const input = parseInput(RegisterRequestSchema, req.body, 'body');
      const s = await auth.register(input, meta(req));
      req.log.info({ userId: s.user.id, role: s.user.role }, 'user registered');
      tokens.setCookie(res, s.token, s.expiresAt);
      res.status(201).json({ user: s.user });
    },
  });

  resource(r, '/login', {
    post: async (req, res) => {
      const input = parseInput(LoginRequestSchema, req.body, 'body');
      const s = await auth.login(input, meta(req));
      tokens.setCookie(res, s.token, s.expiresAt);
      res.json({ user: s.user });
    },
  });

  resource(r, '/logout', {
    post: async (req, res) => {
      if (req.auth) await auth.logout(req.auth.sessionId, req.auth.user.id);
      tokens.clearCookie(res);
      res.status(204).end();
    },
  });

  resource(r, '/me', {
    get: (req, res) => {
      res.json({ user: requireAuth(req).user });
    },
  });

  // For the web app: 200 whether or not logged in, so a logged-out page load is not an error.
  resource(r, '/session', {
    get: (req, res) => {
      res.json({ user: req.auth?.user ?? null });
    },
  });

  resource(r, '/verify-email', {
    post: async (req, res) => {
      const { token } = parseInput(VerifyEmailRequestSchema, req.body, 'body');
      res.json({ user: await auth.verifyEmail(token) });
    },
  });

  resource(r, '/verify-email/resend', {
    post: async (req, res) => {
      await auth.resendVerification(requireAuth(req).user.id);
      res.status(204).end();
    },
  });

  resource(r, '/forgot-password', {
    post: async (req, res) => {
      const { email } = parseInput(ForgotPasswordRequestSchema, req.body, 'body');
      await auth.requestPasswordReset(email, req.ip);
      res.status(202).json({ message: 'If that email has an account, a reset link is on its way.' });
    },
  });

  resource(r, '/reset-password', {
    post: async (req, res) => {
      const { token, password } = parseInput(ResetPasswordRequestSchema, req.body, 'body');
      await auth.resetPassword(token, password);
      tokens.clearCookie(res);
      res.status(204).end();
    },
  });

  resource(r, '/change-password', {
    post: async (req, res) => {
      const a = requireAuth(req);
      const input = parseInput(ChangePasswordRequestSchema, req.body, 'body');
      res.json(await auth.changePassword(a.user.id, a.sessionId, input));
    },
  });

  resource(r, '/sessions', {
    get: async (req, res) => {
      const a = requireAuth(req);
      res.json({ sessions: await auth.listSessions(a.user.id, a.sessionId) });
    },
  });

  resource(r, '/sessions/:id', {
    delete: async (req, res) => {
      const a = requireAuth(req);
      const { id } = parseInput(IdParamSchema, req.params, 'params');
      await auth.revokeSession(a.user.id, id);
      if (id === a.sessionId) tokens.clearCookie(res);
      res.status(204).end();
    },
  });

  return r;
}
