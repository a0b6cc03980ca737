import { z } from 'zod';
import { PartyQuerySchema, PartyTokenSchema } from '@partystream/shared/party/party.schemas';
import {
  DoorsSchema,
  PreshowSchema,
  PublishCredentialsSchema,
  StreamKeySchema,
  StreamStatusSchema,
  ViewCredentialsSchema,
} from '@partystream/shared/stream/stream.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'Streaming';
const Sdp = z.string().describe('SDP offer');
export const streamOperations: ApiOperation[] = [
  {
    method: 'post',
    path: '/streams/whip',
    tag,
    summary: 'WHIP ingest for OBS/DJ software (Authorization: Bearer <stream key>); 201 + Location + SDP answer',
    body: Sdp,
    bodyType: 'application/sdp',
    response: { status: 201, contentType: 'application/sdp' },
  },
  {
    method: 'post',
    path: '/streams/:token/whip',
    tag,
    auth: true,
    summary: 'WHIP ingest from the browser (the booked DJ, inside the party window)',
    params: PartyTokenSchema,
    body: Sdp,
    bodyType: 'application/sdp',
    response: { status: 201, contentType: 'application/sdp' },
  },
  {
    method: 'post',
    path: '/streams/:token/whep',
    tag,
    summary: 'WHEP playback for the host, the DJ and invited guests (?invite=)',
    params: PartyTokenSchema,
    query: PartyQuerySchema,
    body: Sdp,
    bodyType: 'application/sdp',
    response: { status: 201, contentType: 'application/sdp' },
  },
  ...whipSessionOperations('/streams/whip', 'OBS/DJ software (Authorization: Bearer <stream key>)', false),
  ...whipSessionOperations('/streams/:token/whip', 'the browser (the booked DJ)', true),
  ...whipSessionOperations('/streams/:token/whep', 'a viewer (host, DJ or invited guest with ?invite=)', false, true),
  {
    method: 'post',
    path: '/streams/:token/key',
    tag,
    auth: true,
    summary:
      'OBS settings: embedded — generate (or replace) the DJ’s stream key; IVS — the stage’s WHIP endpoint and a publish token (inside the party window)',
    params: PartyTokenSchema,
    response: { status: 200, schema: StreamKeySchema },
  },
  {
    method: 'get',
    path: '/streams/:token/status',
    tag,
    summary: 'Live or not, how many are watching, and whether the doors are open to guests',
    params: PartyTokenSchema,
    query: PartyQuerySchema,
    response: { status: 200, schema: StreamStatusSchema },
  },
  {
    method: 'get',
    path: '/streams/:token/preshow',
    tag,
    auth: true,
    summary:
      'The DJ’s pre-show check: bitrate, frame rate, loss, audio level and round trip as the server receives them, and the doors',
    params: PartyTokenSchema,
    response: { status: 200, schema: PreshowSchema },
  },
  {
    method: 'post',
    path: '/streams/:token/doors',
    tag,
    auth: true,
    summary: 'The DJ lets the guests in (they may watch from now on; otherwise the doors open at the start)',
    params: PartyTokenSchema,
    response: { status: 200, schema: DoorsSchema },
  },
  {
    method: 'get',
    path: '/streams/:token/publish-credentials',
    tag,
    auth: true,
    summary: 'How the booked DJ publishes (inside the party window): embedded WHIP path, or an IVS stage token with PUBLISH',
    params: PartyTokenSchema,
    response: { status: 200, schema: PublishCredentialsSchema },
  },
  {
    method: 'get',
    path: '/streams/:token/view-credentials',
    tag,
    summary:
      'How the host, the DJ or an invited guest (?invite=) watches: embedded WHEP path, or an IVS stage token with SUBSCRIBE only',
    params: PartyTokenSchema,
    query: PartyQuerySchema,
    response: { status: 200, schema: ViewCredentialsSchema },
  },
];

/**
 * The rest of a WHIP/WHEP resource (RFC 9725 §4.2–4.4): OPTIONS on the endpoint (CORS preflight, answered before
 * authorisation), PATCH on the session (trickle ICE / ICE restart, `application/trickle-ice-sdpfrag`; the embedded
 * SFU answers 405 as it does not take trickle) and DELETE on the session (ends it).
 */
function whipSessionOperations(endpoint: string, who: string, auth: boolean, viewer = false): ApiOperation[] {
  const tokenParams = endpoint.includes(':token') ? PartyTokenSchema : z.object({});
  const sessionParams = tokenParams.extend({
    session: z.string().min(8).max(100).describe('Session id from the Location header'),
  });
  const query = viewer ? { query: PartyQuerySchema } : {};
  return [
    {
      method: 'options',
      path: endpoint,
      tag,
      summary: `Allowed methods of the ${viewer ? 'WHEP' : 'WHIP'} endpoint for ${who}`,
      ...(endpoint.includes(':token') ? { params: PartyTokenSchema } : {}),
      response: { status: 204 },
    },
    {
      method: 'patch',
      path: `${endpoint}/:session`,
      tag,
      auth,
      summary: `Trickle ICE on a ${viewer ? 'WHEP' : 'WHIP'} session of ${who} (the embedded SFU answers 405: no trickle)`,
      params: sessionParams,
      ...query,
      body: z.string().describe('SDP fragment'),
      bodyType: 'application/trickle-ice-sdpfrag',
      response: { status: 405 },
    },
    {
      method: 'delete',
      path: `${endpoint}/:session`,
      tag,
      auth,
      summary: `End a ${viewer ? 'WHEP' : 'WHIP'} session of ${who}`,
      params: sessionParams,
      ...query,
      response: { status: 200 },
    },
  ];
}
