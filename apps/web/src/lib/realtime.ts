/** One Socket.io connection per tab, shared by every feature; the session cookie authenticates it. */
import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';

let socket: Socket | null = null;

/** A ref that always holds the latest callback, so effects need not re-subscribe when it changes. */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  }, [value]);
  return ref;
}

export function getSocket(): Socket {
  socket ??= io({ path: '/socket.io', transports: ['websocket', 'polling'], withCredentials: true });
  return socket;
}

/** Calls `onChange` whenever the DJ's open slots may have changed (availability edited, a booking took a slot). */
export function useDjSlotUpdates(djProfileId: string, onChange: () => void): void {
  const cb = useLatest(onChange);
  useEffect(() => {
    const s = getSocket();
    const watch = () => s.emit('dj.watch', { djProfileId });
    const handler = (p: { djProfileId: string }) => {
      if (p.djProfileId === djProfileId) cb.current();
    };
    watch();
    s.on('connect', watch); // re-join after a reconnect
    s.on('availability.changed', handler);
    return () => {
      s.off('connect', watch);
      s.off('availability.changed', handler);
      s.emit('dj.unwatch', { djProfileId });
    };
  }, [djProfileId, cb]); // cb is a stable ref
}

/** Calls `onChange` when one of my bookings changes state (I am host or DJ of it). */
export function useBookingUpdates(onChange: (p: { bookingId: string; state: string }) => void): void {
  const cb = useLatest(onChange);
  useEffect(() => {
    const s = getSocket();
    const handler = (p: { bookingId: string; state: string }) => cb.current(p);
    s.on('booking.updated', handler);
    return () => {
      s.off('booking.updated', handler);
    };
  }, [cb]); // cb is a stable ref
}

/** The login the shared connection was opened with, as far as the app knows (undefined: not known yet). */
let socketIdentity: string | null | undefined;

/**
 * Keeps the shared connection's login in step with the app's (issue 18): the server puts a socket in its user's
 * room at the handshake, so after logging in (or out) an open connection is re-opened with the new session cookie —
 * otherwise the bell would stay silent after a login, or a logged-out tab keep hearing the last user's news.
 * `userId` undefined while the session is still loading.
 */
export function useSocketIdentity(userId: string | null | undefined): void {
  useEffect(() => {
    if (userId === undefined) return;
    if (socket && socketIdentity !== undefined && socketIdentity !== userId) socket.disconnect().connect();
    socketIdentity = userId;
  }, [userId]);
}
