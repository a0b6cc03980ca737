import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { handleWhep, handleWhip, type WhipResponse } from '@partystream/media/whip';
import type { Sfu } from '@partystream/media/sfu';
import type { IceServer } from '@partystream/shared/stream/stream.schemas';
import { PartyQuerySchema, PartyTokenSchema } from '@partystream/shared/party/party.schemas';
import { requireUser } from '../../http/require-user.ts';
import { resource } from '../../http/route.ts';
import { AppError } from '../../errors.ts';
import { parseInput } from '../../http/validate.ts';
import type { Limits } from '../../http/limits.ts';
import type { StreamService } from './stream.service.ts';
import type { IceRole } from './ice-servers.ts';

/** Wrong methods are refused before any authorisation, with the methods the resource does take. */
function onlyMethods(req: Request, allowed: string[]) {
  if (!allowed.includes(req.method)) {
    throw new AppError('METHOD_NOT_ALLOWED', {
      detail: `${req.method} is not supported here; use ${allowed.join(', ')}.`,
      headers: { Allow: allowed.join(', ') },
    });
  }
}
const ENDPOINT = ['POST', 'OPTIONS'];
// PATCH (trickle ICE / ICE restart) is not offered: answers carry every candidate (RFC 9725 §4.3 allows 405).
const SESSION = ['DELETE', 'OPTIONS'];

const SessionParams = z.object({
  session: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[\w-]+$/, 'Not a session id.'),
});

function send(res: Response, r: WhipResponse) {
  // A Buffer body keeps the Content-Type exactly as set (a string would gain "; charset=utf-8").
  res.status(r.status).set(r.headers).send(Buffer.from(r.body));
}
/** A Map that forgets its oldest entries beyond `max` (sessions that ended without a DELETE). */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }
}

const toWhipRequest = (req: Request, sessionId?: string) => ({
  method: req.method,
  contentType: req.get('content-type') ?? null,
  body: typeof req.body === 'string' ? req.body : null,
  sessionId,
});

/**
 * /api/streams — WHIP ingest for OBS (bearer stream key) and the browser (session), WHEP playback for guests
 * (party access). Authorisation happens here; the protocol itself (201 + Location, 415, 409, DELETE, 405 for
 * PATCH) is packages/media's handleWhip/handleWhep. With STREAMING_PROVIDER=ivs the SFU routes answer 409 and
 * the web app uses publish-credentials / view-credentials (IVS stage tokens) instead.
 *
 * OPTIONS is answered before any authorisation: it is a browser's CORS preflight as much as RFC 9725's way to
 * learn `Accept-Post`, `Allow` and the ICE servers, and preflights carry no credentials. It gets the STUN servers
 * only; TURN credentials go out with the 201 of an authorised POST.
 */
export function createStreamRouter(
  stream: StreamService,
  sfu: Sfu,
  iceServers: (role: IceRole) => IceServer[] = () => [],
  limits?: Limits,
): Router {
  const r = Router();
  /** WHEP session id → who opened it (`invite:<id>` or `user:<id>`); sessions live in this process's SFU. */
  const viewerSessions = new BoundedMap<string, string>(20_000);
  const viewerKey = (inviteId: string | null, req: Request) =>
    inviteId ? `invite:${inviteId}` : `user:${req.auth?.user?.id ?? 'anonymous'}`;
  // RFC 9725 §4.6: STUN/TURN servers go to the client as Link headers on 201 (OBS reads them).
  const dj = () => iceServers('dj');
  const withoutCredentials = () => iceServers('guest').filter((s) => !s.credential);
  const endpointOptions = async (res: Response, basePath: string) =>
    send(res, await handleWhip(sfu, { method: 'OPTIONS' }, { roomId: '', basePath, iceServers: withoutCredentials() }));
  const sessionOptions = (res: Response) => res.status(204).set('Allow', SESSION.join(', ')).end();
  /** What authorises a guest on the endpoint authorises the DELETE of their session: keep it in the Location. */
  const inviteQuery = (invite: string | undefined) => (invite ? `?invite=${encodeURIComponent(invite)}` : '');

  // OBS / DJ software: one endpoint for every party; the key says which.
  r.all('/whip', async (req, res) => {
    onlyMethods(req, ENDPOINT);
    if (req.method === 'OPTIONS') return endpointOptions(res, '/api/streams/whip');
    const roomId = await stream.authorizeStreamKey(req.get('authorization'));
    await limits?.consume('whipOffer', `${roomId}:${req.ip}`);
    send(res, await handleWhip(sfu, toWhipRequest(req), { roomId, basePath: '/api/streams/whip', iceServers: dj() }));
  });
  r.all('/whip/:session', async (req, res) => {
    onlyMethods(req, SESSION);
    if (req.method === 'OPTIONS') return sessionOptions(res);
    const roomId = await stream.authorizeStreamKey(req.get('authorization'));
    const { session } = parseInput(SessionParams, req.params, 'params');
    send(res, await handleWhip(sfu, toWhipRequest(req, session), { roomId, basePath: '/api/streams/whip', iceServers: dj() }));
  });

  // Browser go-live (the DJ's session cookie).
  r.all('/:token/whip', async (req, res) => {
    onlyMethods(req, ENDPOINT);
    const { token } = parseInput(PartyTokenSchema, req.params, 'params');
    if (req.method === 'OPTIONS') return endpointOptions(res, `/api/streams/${token}/whip`);
    const roomId = await stream.authorizePublisher(token, req.auth?.user ?? null);
    await limits?.consume('whipOffer', `${roomId}:${req.ip}`);
    send(res, await handleWhip(sfu, toWhipRequest(req), { roomId, basePath: `/api/streams/${token}/whip`, iceServers: dj() }));
  });
  r.all('/:token/whip/:session', async (req, res) => {
    onlyMethods(req, SESSION);
    if (req.method === 'OPTIONS') return sessionOptions(res);
    const { token } = parseInput(PartyTokenSchema, req.params, 'params');
    const { session } = parseInput(SessionParams, req.params, 'params');
    const roomId = await stream.authorizePublisher(token, req.auth?.user ?? null);
    send(
      res,
      await handleWhip(sfu, toWhipRequest(req, session), { roomId, basePath: `/api/streams/${token}/whip`, iceServers: dj() }),
    );
  });

  // Watching: host, DJ or invited guest.
  r.all('/:token/whep', async (req, res) => {
    onlyMethods(req, ENDPOINT);
    stream.requireEmbedded();
    const { token } = parseInput(PartyTokenSchema, req.params, 'params');
    if (req.method === 'OPTIONS') return endpointOptions(res, `/api/streams/${token}/whep`);
    const { invite } = parseInput(PartyQuerySchema, req.query, 'query');
    const { roomId, inviteId, role } = await stream.authorizeViewer(token, req.auth?.user ?? null, invite, {
      starting: req.method === 'POST',
    });
    // Each offer holds UDP sockets until its ICE fails (issue 17: 500 offers that never completed held 500 sockets),
    // so new viewing sessions are budgeted per party and address.
    await limits?.consume('whepOffer', `${roomId}:${req.ip}`);
    const out = await handleWhep(sfu, toWhipRequest(req), {
      roomId,
      basePath: `/api/streams/${token}/whep`,
      sessionQuery: inviteQuery(invite),
      iceServers: iceServers(role),
    });
    if (out.status === 201) {
      const sessionId = new URL(out.headers.Location!, 'http://x').pathname.split('/').pop()!;
      viewerSessions.set(sessionId, viewerKey(inviteId, req));
      if (inviteId) stream.trackGuestSession(inviteId, sessionId, roomId);
    }
    send(res, out);
  });
  r.all('/:token/whep/:session', async (req, res) => {
    onlyMethods(req, SESSION);
    if (req.method === 'OPTIONS') return sessionOptions(res);
    stream.requireEmbedded();
    const { token } = parseInput(PartyTokenSchema, req.params, 'params');
    const { session } = parseInput(SessionParams, req.params, 'params');
    const { invite } = parseInput(PartyQuerySchema, req.query, 'query');
    const { roomId, inviteId } = await stream.authorizeViewer(token, req.auth?.user ?? null, invite);
    // Only the viewer who opened a session may end it (issue 17: a guest who learnt another viewer's session id
    // could end their stream). Someone else's session is answered like an unknown one.
    if (viewerSessions.get(session) !== viewerKey(inviteId, req))
      throw new AppError('NOT_FOUND', { detail: 'No such viewing session.' });
    const out = await handleWhep(sfu, toWhipRequest(req, session), { roomId, basePath: `/api/streams/${token}/whep` });
    if (req.method === 'DELETE') viewerSessions.delete(session);
    send(res, out);
  });

  resource(r, '/:token/key', {
    post: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      res.json(await stream.regenerateKey(token, requireUser(req)));
    },
  });
  resource(r, '/:token/status', {
    get: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const { invite } = parseInput(PartyQuerySchema, req.query, 'query');
      res.set('Cache-Control', 'no-store').json(await stream.status(token, req.auth?.user ?? null, invite));
    },
  });
  // The DJ's pre-show check and letting the guests in.
  resource(r, '/:token/preshow', {
    get: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      res.set('Cache-Control', 'no-store').json(await stream.preshow(token, requireUser(req)));
    },
  });
  resource(r, '/:token/doors', {
    post: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const user = requireUser(req);
      const doors = await stream.openDoors(token, user);
      req.log.info({ userId: user.id, token: token.slice(0, 6) }, 'party doors opened');
      res.json(doors);
    },
  });
  // How to publish / watch with the configured provider (WHIP/WHEP paths here, or an IVS stage token).
  resource(r, '/:token/publish-credentials', {
    get: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      res.set('Cache-Control', 'no-store').json(await stream.publishCredentials(token, requireUser(req)));
    },
  });
  resource(r, '/:token/view-credentials', {
    get: async (req, res) => {
      const { token } = parseInput(PartyTokenSchema, req.params, 'params');
      const { invite } = parseInput(PartyQuerySchema, req.query, 'query');
      res.set('Cache-Control', 'no-store').json(await stream.viewCredentials(token, req.auth?.user ?? null, invite));
    },
  });
  return r;
}
