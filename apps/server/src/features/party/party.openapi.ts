import { z } from 'zod';
import {
  CreateInviteRequestSchema,
  InviteSchema,
  PartyQuerySchema,
  PartySchema,
  PartyTokenSchema,
  RSVP_ANSWERS,
  RsvpRequestSchema,
} from '@partystream/shared/party/party.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'Parties';
const WrapSchema = z.object({
  endedAt: z.iso.datetime(),
  endedBy: z.enum(['dj', 'time']),
  setList: z.array(
    z.object({ title: z.string(), artist: z.string(), requestedByName: z.string(), playedAt: z.iso.datetime().nullable() }),
  ),
});
export const partyOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/parties/:token',
    tag,
    summary: 'The party lobby (host, DJ, or a guest with ?invite=)',
    params: PartyTokenSchema,
    query: PartyQuerySchema,
    response: { status: 200, schema: z.object({ party: PartySchema }) },
  },
  {
    method: 'get',
    path: '/parties/:token/invites',
    tag,
    auth: true,
    summary: 'Invites and who joined (host)',
    params: PartyTokenSchema,
    response: { status: 200, schema: z.object({ invites: z.array(InviteSchema) }) },
  },
  {
    method: 'post',
    path: '/parties/:token/invites',
    tag,
    auth: true,
    summary: 'Create a per-guest invite link, mailed to the guest when `email` is given (host; at most 100)',
    params: PartyTokenSchema,
    body: CreateInviteRequestSchema,
    response: { status: 201, schema: z.object({ invite: InviteSchema }) },
  },
  {
    method: 'delete',
    path: '/parties/:token/invites/:id',
    tag,
    auth: true,
    summary: 'Revoke an invite (host)',
    params: PartyTokenSchema.extend({ id: z.string() }),
    response: { status: 204 },
  },
  {
    method: 'put',
    path: '/parties/:token/rsvp',
    tag,
    summary: 'A guest invited by email answers yes or no (the invite code is the credential; no account)',
    params: PartyTokenSchema,
    body: RsvpRequestSchema,
    response: { status: 200, schema: z.object({ rsvp: z.object({ answer: z.enum(RSVP_ANSWERS) }) }) },
  },
  {
    method: 'post',
    path: '/parties/:token/end',
    tag,
    auth: true,
    summary: 'The DJ ends the party for everyone, without being in the room (e.g. streaming from OBS); once started',
    params: PartyTokenSchema,
    response: { status: 200, schema: z.object({ wrap: WrapSchema }) },
  },
  {
    method: 'get',
    path: '/parties/:token/setlist.csv',
    tag,
    auth: true,
    summary: 'The played song requests as CSV (host or DJ)',
    params: PartyTokenSchema,
    response: { status: 200, contentType: 'text/csv' },
  },
  {
    method: 'get',
    path: '/parties/:token/calendar.ics',
    tag,
    summary: 'Add-to-calendar file',
    params: PartyTokenSchema,
    query: PartyQuerySchema,
    response: { status: 200, contentType: 'text/calendar' },
  },
];
