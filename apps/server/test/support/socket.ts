/** Real socket.io-client connections to a test app, optionally carrying a logged-in client's cookie. */
import { io, type Socket } from 'socket.io-client';
import type { TestClient } from './client.ts';

export async function connectSocket(url: string, as?: TestClient): Promise<Socket> {
  const cookie = as ? [...as.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: cookie ? { Cookie: cookie } : undefined,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Emits with an ack and resolves with the ack payload. */
export function emitAck<T = any>(socket: Socket, event: string, payload: unknown, timeoutMs = 3000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** Resolves with the next `event` payload (that `match` accepts, when given), or rejects after `timeoutMs`. */
export function nextEvent<T = any>(
  socket: Socket,
  event: string,
  timeoutMs = 3000,
  match: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const on = (payload: T) => {
      if (!match(payload)) return;
      socket.off(event, on);
      clearTimeout(timer);
      resolve(payload);
    };
    socket.on(event, on);
  });
}

/** Asserts that `event` does NOT arrive within `ms`. */
export function noEvent(socket: Socket, event: string, ms = 300): Promise<void> {
  return new Promise((resolve, reject) => {
    const on = () => reject(new Error(`unexpected ${event}`));
    socket.once(event, on);
    setTimeout(() => {
      socket.off(event, on);
      resolve();
    }, ms);
  });
}
