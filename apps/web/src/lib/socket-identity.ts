/**
 * Keeps the shared Socket.io connection's login in step with the app's (issue 18): the server puts a socket in its
 * user's room at the handshake, so after logging in (or out) an open connection is re-opened with the new session
 * cookie — otherwise the bell would stay silent after a login, or a logged-out tab keep hearing the last user's news.
 * Apart from lib/realtime.ts so the app shell can use it without loading Socket.io (issue 20: public pages load only
 * what they use); realtime.ts registers the connection when it opens one.
 */
import { useEffect } from 'react';

interface Reconnectable {
  disconnect(): { connect(): unknown };
}

let socket: Reconnectable | null = null;
/** The login the shared connection was opened with, as far as the app knows (undefined: not known yet). */
let socketIdentity: string | null | undefined;

export function registerSocket(s: Reconnectable): void {
  socket = s;
}

/** `userId` undefined while the session is still loading. */
export function useSocketIdentity(userId: string | null | undefined): void {
  useEffect(() => {
    if (userId === undefined) return;
    if (socket && socketIdentity !== undefined && socketIdentity !== userId) socket.disconnect().connect();
    socketIdentity = userId;
  }, [userId]);
}
