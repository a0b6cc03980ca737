/**
 * CORS for /api when CORS_ORIGINS is set (browser players and encoders on another origin).
 *
 * WHIP/WHEP (RFC 9725) make OPTIONS part of the protocol: its answer carries `Accept-Post`, `Allow` and the ICE
 * servers as `Link`, and a browser's CORS preflight is that same request. So on the WHIP/WHEP endpoints and
 * session URLs the CORS headers are set and the route answers the OPTIONS itself (`preflightContinue`); everywhere
 * else the cors middleware answers preflights as usual. `Location`, `ETag` and `Link` are exposed so a client on
 * another origin can read the session URL (to DELETE it) and the ICE servers (issue 19).
 */
import cors, { type CorsOptions } from 'cors';
import type { RequestHandler } from 'express';

/** Paths under /api that speak WHIP or WHEP: endpoints and their session resources. */
const STREAM_PROTOCOL_PATH = /^\/streams\/(?:[\w-]+\/)?wh[ie]p(?:\/[\w-]+)?\/?$/;

export const EXPOSED_HEADERS = ['Location', 'ETag', 'Link', 'Accept-Post', 'Allow', 'Retry-After', 'X-Request-Id'];

export function apiCors(origins: string[]): RequestHandler {
  const base: CorsOptions = {
    origin: origins,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  };
  const api = cors(base);
  const streamProtocol = cors({ ...base, preflightContinue: true });
  return (req, res, next) => (STREAM_PROTOCOL_PATH.test(req.path) ? streamProtocol : api)(req, res, next);
}
