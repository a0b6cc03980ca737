import { z } from 'zod';
import { PartyQuerySchema, PartyTokenSchema } from '@partystream/shared/party/party.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'Streaming';
const Sdp = z.string().describe('SDP offer');
export const streamOperations: ApiOperation[] = [
  { method: 'post', path: '/streams/whip', tag, summary: 'WHIP ingest for OBS/DJ software (Authorization: Bearer <stream key>); 201 + Location + SDP answer', body: Sdp, bodyType: 'application/sdp', response: { status: 201, contentType: 'application/sdp' } },
  { method: 'post', path: '/streams/:token/whip', tag, auth: true, summary: 'WHIP ingest from the browser (the booked DJ, inside the party window)', params: PartyTokenSchema, body: Sdp, bodyType: 'application/sdp', response: { status: 201, contentType: 'application/sdp' } },
  { method: 'post', path: '/streams/:token/whep', tag, summary: 'WHEP playback for the host, the DJ and invited guests (?invite=)', params: PartyTokenSchema, query: PartyQuerySchema, body: Sdp, bodyType: 'application/sdp', response: { status: 201, contentType: 'application/sdp' } },
  { method: 'post', path: '/streams/:token/key', tag, auth: true, summary: 'Generate (or replace) the DJ’s stream key for OBS', params: PartyTokenSchema, response: { status: 200, schema: z.object({ whipUrl: z.string(), streamKey: z.string() }) } },
  { method: 'get', path: '/streams/:token/status', tag, summary: 'Live or not, and how many are watching', params: PartyTokenSchema, query: PartyQuerySchema, response: { status: 200, schema: z.object({ live: z.boolean(), viewers: z.number() }) } },
];
