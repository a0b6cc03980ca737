import type { IncomingMessage } from 'node:http';

/**
 * Whether a request comes straight from this machine: a loopback peer and no proxy header. A reverse proxy on the
 * same machine connects over loopback for everyone, but adds a forwarding header, so such requests do not count.
 */
export function isDirectLoopback(req: Pick<IncomingMessage, 'socket' | 'headers'>): boolean {
  const peer = req.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || /^(::ffff:)?127\./.test(peer);
  const proxied = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host'].some((h) => req.headers[h] !== undefined);
  return loopback && !proxied;
}
