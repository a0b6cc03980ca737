import { useEffect, useState } from 'react';
import {
  PARTY_END_EVENTS,
  type ChatMessage,
  type PartyWrap,
  type PollView,
  type RoomSnapshot,
  type SongRequestView,
} from '@partystream/shared/party/party.events';
import type { Ack } from '@partystream/shared/problem';
import { getSocket } from '../../lib/realtime';

export type Burst = { id: number; emoji: string; x: number };
/** Sends a room intent; resolves with its data, or null after showing the problem (see `useAct`). */
export type Act = <T>(event: string, payload: unknown) => Promise<T | null>;

/** Joins the party room over the shared socket and keeps its state in sync with server broadcasts. */
export function useRoom(token: string, invite: string | undefined) {
  const [snap, setSnap] = useState<RoomSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const [bursts, setBursts] = useState<Burst[]>([]);

  useEffect(() => {
    const s = getSocket();
    let seq = 0;
    const join = () =>
      s.emit('room.join', { token, invite }, (a: Ack<RoomSnapshot>) => {
        if (a.ok) {
          setSnap(a.data);
          setError(null);
        } else if (a.problem.status === 409)
          setRemoved(a.problem.detail ?? a.problem.title); // a newer device took the seat
        else setError(a.problem.detail ?? a.problem.title);
      });
    const patch = (f: (x: RoomSnapshot) => RoomSnapshot) => setSnap((x) => (x ? f(x) : x));
    const handlers: Record<string, (p: any) => void> = {
      'chat.message_created': (m: ChatMessage) => patch((x) => ({ ...x, messages: [...x.messages, m].slice(-200) })),
      'chat.message_deleted': (p: { id: string }) => patch((x) => ({ ...x, messages: x.messages.filter((m) => m.id !== p.id) })),
      'request.queue_updated': (list: SongRequestView[]) =>
        patch((x) => ({
          ...x,
          requests: list.map((r) => ({ ...r, votedByMe: x.requests.find((o) => o.id === r.id)?.votedByMe ?? false })),
        })),
      'poll.updated': (p: PollView) =>
        patch((x) => {
          const old = x.polls.find((o) => o.id === p.id);
          const merged = { ...p, myVote: p.myVote ?? old?.myVote ?? null };
          return { ...x, polls: old ? x.polls.map((o) => (o.id === p.id ? merged : o)) : [...x.polls, merged] };
        }),
      'theme.changed': (p: { theme: RoomSnapshot['theme'] }) => patch((x) => ({ ...x, theme: p.theme })),
      'presence.updated': (p: RoomSnapshot['presence']) => patch((x) => ({ ...x, presence: p })),
      'reaction.burst': (counts: Record<string, number>) => {
        const items = Object.entries(counts).flatMap(([emoji, n]) =>
          Array.from({ length: Math.min(n, 12) }, () => ({ id: ++seq, emoji, x: Math.random() * 90 + 5 })),
        );
        setBursts((b) => [...b, ...items].slice(-60));
        setTimeout(() => setBursts((b) => b.filter((i) => !items.includes(i))), 2200);
      },
      [PARTY_END_EVENTS.ended]: (w: PartyWrap) => patch((x) => ({ ...x, ended: w })),
      'room.removed': (p: { reason: string }) => setRemoved(p.reason),
      'room.muted': () => patch((x) => ({ ...x, me: { ...x.me, muted: true } })),
      'room.unmuted': () => patch((x) => ({ ...x, me: { ...x.me, muted: false } })),
      'guest.muted': (p: { inviteId: string; muted: boolean }) =>
        patch((x) => ({
          ...x,
          muted: p.muted ? [...new Set([...x.muted, p.inviteId])] : x.muted.filter((i) => i !== p.inviteId),
        })),
    };
    join();
    s.on('connect', join);
    for (const [e, h] of Object.entries(handlers)) s.on(e, h);
    return () => {
      s.off('connect', join);
      for (const [e, h] of Object.entries(handlers)) s.off(e, h);
    };
  }, [token, invite]);

  /** Emits an intent; resolves with data or throws the problem's detail. */
  function send<T>(event: string, payload: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      getSocket()
        .timeout(5000)
        .emit(event, payload, (err: Error | null, a: Ack<T>) => {
          if (err) reject(new Error('No answer from the server. Check your connection.'));
          else if (a.ok) resolve(a.data);
          else reject(new Error(a.problem.detail ?? a.problem.title));
        });
    });
  }

  return { snap, setSnap, error, removed, bursts, send };
}

/** `send` that turns a refusal into a message to show (`flash`) instead of throwing. */
export function useAct(send: <T>(event: string, payload: unknown) => Promise<T>, describe: (e: unknown) => string) {
  const [flash, setFlash] = useState<string | null>(null);
  const act: Act = async <T>(event: string, payload: unknown): Promise<T | null> => {
    try {
      setFlash(null);
      return await send<T>(event, payload);
    } catch (e) {
      setFlash(describe(e));
      return null;
    }
  };
  return { act, flash };
}
