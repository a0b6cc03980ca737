import express, { Router } from 'express';
import { z } from 'zod';
import { UnsubscribeTokenSchema, UpdateMailSettingsSchema } from '@partystream/shared/notification/mail-settings.schemas';
import { resource } from '../../../http/route.ts';
import { requireUser } from '../../../http/require-user.ts';
import { parseInput } from '../../../http/validate.ts';
import type { MailService } from './mail.service.ts';

const TokenParamSchema = z.object({ token: UnsubscribeTokenSchema });

/**
 * /api/mail/unsubscribe/<token>: the address of List-Unsubscribe and of the footer link. POST (a mail client's
 * one-click, RFC 8058: `List-Unsubscribe=One-Click` as a form body, no cookie, no login) unsubscribes; GET (a
 * person following the link; link scanners also GET) only leads to the confirmation page, which POSTs.
 * /api/mail/links/<token>: what a link is for, for that page. Mounted before the JSON-only body check.
 */
export function createUnsubscribeRouter(mail: MailService): Router {
  const r = Router();
  r.use(express.urlencoded({ extended: false, limit: '1kb' }));
  resource(r, '/unsubscribe/:token', {
    get: (req, res) => {
      const { token } = parseInput(TokenParamSchema, req.params, 'params');
      res.redirect(303, `/unsubscribe/${token}`);
    },
    post: async (req, res) => {
      const { token } = parseInput(TokenParamSchema, req.params, 'params');
      res.json(await mail.unsubscribe(token));
    },
  });
  resource(r, '/links/:token', {
    get: async (req, res) => {
      const { token } = parseInput(TokenParamSchema, req.params, 'params');
      res.json(await mail.describeUnsubscribe(token));
    },
  });
  return r;
}

/** /api/me/notification-settings: the caller's mail language, zone and categories. */
export function createMailSettingsRouter(mail: MailService): Router {
  const r = Router();
  resource(r, '/', {
    get: async (req, res) => {
      res.json({ settings: await mail.getSettings(requireUser(req).id) });
    },
    put: async (req, res) => {
      const input = parseInput(UpdateMailSettingsSchema, req.body, 'body');
      res.json({ settings: await mail.updateSettings(requireUser(req).id, input) });
    },
  });
  return r;
}
