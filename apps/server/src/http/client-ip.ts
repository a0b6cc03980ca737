import type { IncomingMessage } from 'node:http';

/**
 * The client's address for limits outside Express (Socket.io handshakes): the peer address, or with TRUST_PROXY the
 * left-most X-Forwarded-For entry, as Express' `req.ip` does with `trust proxy` = true.
 */
export function clientIpOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0]!.trim();
  return req.socket.remoteAddress ?? 'unknown';
}
