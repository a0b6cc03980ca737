import { Router } from 'express';
import { z } from 'zod';
import {
  CreateInviteRequestSchema,
  PartyQuerySchema,
  PartyTokenSchema,
  RsvpRequestSchema,
} from '@partystream/shared/party/party.schemas';
import { AppError } from '../../errors.ts';
import { resource } from '../../http/route.ts';
import { requireUser } from '../../http/require-user.ts';
import { parseInput } from '../../http/validate.ts';
import type { PartyService } from './party.service.ts';
import type { PartyEnd } from '../party-room/party-end.ts';

const InviteParamsSchema = PartyTokenSchema.extend({ id: z.uuid('Not a valid id.') });

/** /api/parties/:token — the lobby view, invites (host), calendar file. */
export function createPartyRouter(party: PartyService, partyEnd?: PartyEnd): Router {
  const r = Router();
  // The DJ ends the party without being in the room (streaming from OBS): the same end as the console's (party-end.ts).
  resource(r, '/:token/end', {
    post: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const access = await party.resolveAccess({ partyToken: token, user: requireUser(req) });
      if (!partyEnd) throw new AppError('FORBIDDEN', { detail: 'Only the DJ can end the party.' });
      res.json({ wrap: await partyEnd.endByDj(access) });
    },
  });
  resource(r, '/:token', {
    get: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const { invite } = parseInput(PartyQuerySchema, req.query, 'query');
      res.set('Cache-Control', 'no-store').json({ party: await party.view(token, req.auth?.user ?? null, invite) });
    },
  });
  resource(r, '/:token/invites', {
    get: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      res.json({ invites: await party.listInvites(token, requireUser(req)) });
    },
    post: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const input = parseInput(CreateInviteRequestSchema, req.body, 'body');
      res.status(201).json({ invite: await party.createInvite(token, requireUser(req), input) });
    },
  });
  resource(r, '/:token/invites/:id', {
    delete: async (req, res) => {
      const { token, id } = parseInput(InviteParamsSchema, req.params, 'params');
      await party.revokeInvite(token, requireUser(req), id);
      res.status(204).end();
    },
  });
  // The guest's answer: the invite code travels in the body, never in the URL (URLs reach logs and histories).
  resource(r, '/:token/rsvp', {
    put: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const input = parseInput(RsvpRequestSchema, req.body, 'body');
      res.json({ rsvp: await party.rsvp(token, input) });
    },
  });
  resource(r, '/:token/setlist.csv', {
    get: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const csv = await party.setlistCsv(token, requireUser(req));
      res.type('text/csv').set('Content-Disposition', 'attachment; filename="setlist.csv"').send(csv);
    },
  });
  resource(r, '/:token/calendar.ics', {
    get: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const { invite } = parseInput(PartyQuerySchema, req.query, 'query');
      const body = await party.ics(token, req.auth?.user ?? null, invite);
      res.type('text/calendar').set('Content-Disposition', 'attachment; filename="party.ics"').send(body);
    },
  });
  return r;
}
