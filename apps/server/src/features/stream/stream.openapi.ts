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
