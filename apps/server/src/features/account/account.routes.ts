import { Router } from 'express';
import {
  ChangeEmailRequestSchema,
  ConfirmEmailChangeRequestSchema,
  DeleteAccountRequestSchema,
  UpdateAccountRequestSchema,
} from '@partystream/shared/account/account.schemas';
import { resource } from '../../http/route.ts';
import { requireUser } from '../../http/require-user.ts';
import type { SessionTokens } from '../../http/session.ts';
import { parseInput } from '../../http/validate.ts';
import type { AccountService } from './account.service.ts';

/** /api/me — the caller's own account: name, email change, data export, deletion (privacy rights, PRD 5.5). */
export function createAccountRouter(account: AccountService, tokens: SessionTokens): Router {
  const r = Router();

  resource(r, '/', {
    get: async (req, res) => {
      res.json(await account.get(requireUser(req)));
    },
    patch: async (req, res) => {
      const user = requireUser(req);
      const { displayName } = parseInput(UpdateAccountRequestSchema, req.body, 'body');
      res.json(await account.updateDisplayName(user, displayName));
    },
    delete: async (req, res) => {
      const user = requireUser(req);
      const { password } = parseInput(DeleteAccountRequestSchema, req.body, 'body');
      await account.deleteAccount(user, password);
      tokens.clearCookie(res);
      res.status(204).end();
    },
  });

  resource(r, '/email', {
    post: async (req, res) => {
      const user = requireUser(req);
      const input = parseInput(ChangeEmailRequestSchema, req.body, 'body');
      res.status(202).json(await account.requestEmailChange(user, input));
    },
  });

  // No session needed: the mailed token is the proof (the link may be opened on another device).
  resource(r, '/email/confirm', {
    post: async (req, res) => {
      const { token } = parseInput(ConfirmEmailChangeRequestSchema, req.body, 'body');
      res.json({ user: await account.confirmEmailChange(token) });
    },
  });

  resource(r, '/export', {
    get: async (req, res) => {
      const data = await account.exportData(requireUser(req));
      const day = data.exportedAt.slice(0, 10);
      res
        .set({ 'Content-Disposition': `attachment; filename="partystream-export-${day}.json"`, 'Cache-Control': 'no-store' })
        .type('application/json')
        .send(JSON.stringify(data, null, 2));
    },
  });

  return r;
}
