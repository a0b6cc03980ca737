/** One Socket.io connection per tab, shared by every feature; the session cookie authenticates it. */
import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import { registerSocket } from './socket-identity';

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
  if (!socket) {
    socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], withCredentials: true });
    registerSocket(socket);
  }
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
