/**
 * Socket.io handlers of the party room. A socket joins with the party token and (for guests) the invite code;
 * everything after that is checked against that participant. Each intent is validated with the shared schema
 * and acknowledged `{ ok, data } | { ok: false, problem }`; broadcasts go to `party:<id>`.
 */
import { z } from 'zod';
import {
  ChatSendSchema,
  IdSchema,
  JoinRoomSchema,
  PARTY_END_EVENTS,
  PollCreateSchema,
  PollVoteSchema,
  ReactionSchema,
  RemoveGuestSchema,
  SongRequestSchema,
  SongStatusSchema,
  ThemeSchema,
} from '@partystream/shared/party/party.events';
import type { Ack } from '@partystream/shared/problem';
import { AppError } from '../../errors.ts';
import type { Limits } from '../../http/limits.ts';
import type { Logger } from '../../logger.ts';
import { ackError, type AppSocket, type Realtime } from '../../realtime/realtime.ts';
import type { PartyService } from '../party/party.service.ts';
import type { Participant, PartyRoomService } from './party-room.service.ts';
import type { PartyEnd } from './party-end.ts';

const REACTION_WINDOW_MS = 250;
const SEAT_TAKEN = 'This invite was opened on another device.';
const EmptySchema = z.object({}).optional();

/** What a participant joined with, kept in `socket.data` so a recovered connection can be re-authorised. */
interface JoinedWith {
  token: string;
  invite?: string;
}

export function registerPartyRoomSockets(
  realtime: Realtime,
  room: PartyRoomService,
  party: PartyService,
  log: Logger,
  opts: { limits?: Limits; inviteMaxSeats?: number; partyEnd?: PartyEnd } = {},
): void {
  const { limits, inviteMaxSeats = 1, partyEnd } = opts;
  const reactions = new Map<string, Record<string, number>>();
  const roomOf = (partyId: string) => `party:${partyId}`;

  async function presence(partyId: string) {
    const sockets = (await realtime.io?.in(roomOf(partyId)).fetchSockets()) ?? [];
    const names = [
      ...new Set(sockets.map((s) => (s.data as { participant?: Participant }).participant?.name).filter(Boolean) as string[]),
    ];
    return { count: sockets.length, names };
  }
  /** Runs from timers: a failed count (a peer process gone mid-request) is logged, never an unhandled rejection. */
  async function broadcastPresence(partyId: string) {
    try {
      // Guests get the count; the names are for the host and the DJ (a guest list is the host's to share).
      const who = await presence(partyId);
      realtime.emit(roomOf(partyId), 'presence.updated', { count: who.count, names: [] });
      realtime.emit(`${roomOf(partyId)}:staff`, 'presence.updated', who);
    } catch (e) {
      log.warn({ err: e, partyId }, 'presence not broadcast');
    }
  }

  party.onInviteRevoked(({ partyId, inviteId }) => {
    const io = realtime.io;
    if (!io) return;
    io.in(`invite:${inviteId}`).emit('room.removed', { reason: 'Your invite was revoked by the host.' });
    io.in(`invite:${inviteId}`).disconnectSockets(true);
    setTimeout(() => void broadcastPresence(partyId), 50);
  });

  // A recovered connection keeps its `participant`: re-ask the party whether this person may still be in it (issue 17:
  // a guest whose invite was revoked while their connection was down must not come back through recovery).
  realtime.onRecovery(async (stored) => {
    const d = stored as { participant?: Participant; joinedWith?: JoinedWith; user?: { id: string } | null };
    if (!d.participant) return true;
    if (!d.joinedWith) return false;
    const access = await party
      .resolveAccess({ partyToken: d.joinedWith.token, user: (d.user ?? null) as never, inviteCode: d.joinedWith.invite })
      .catch(() => null);
    return access !== null && access.partyId === d.participant.partyId && access.role === d.participant.role;
  });

  realtime.onConnection((socket: AppSocket) => {
    const data = socket.data as unknown as {
      participant?: Participant;
      joinedWith?: JoinedWith;
      user: { id: string; displayName: string } | null;
    };

    /**
     * One seat per invite (INVITE_MAX_SEATS; issue 17: 300 sockets joined with one code): the newest devices keep
     * the seats and the older ones are told why and disconnected, on every process. Join first, look second: of two
     * devices joining at the same instant (on two servers), the later look sees both, and every look ranks by the
     * same shared sequence, so they agree on who goes. False when this device itself was outranked.
     */
    async function takeSeat(inviteId: string): Promise<boolean> {
      (data as { seat?: number }).seat = await room.seatOrder();
      await socket.join(`invite:${inviteId}`);
      const seated = ((await realtime.io?.in(`invite:${inviteId}`).fetchSockets()) ?? []).sort(
        (a, b) => ((b.data as { seat?: number }).seat ?? 0) - ((a.data as { seat?: number }).seat ?? 0),
      );
      const outranked = seated.slice(inviteMaxSeats);
      for (const old of outranked) {
        if (old.id === socket.id) continue;
        old.emit('room.removed', { reason: SEAT_TAKEN });
        old.disconnect(true);
      }
      return !outranked.some((s) => s.id === socket.id);
    }

    function on<S extends z.ZodType, T>(event: string, schema: S, fn: (p: Participant, input: z.infer<S>) => Promise<T>) {
      socket.on(event, async (payload: unknown, ack?: (a: Ack<T>) => void) => {
        try {
          const p = data.participant;
          if (!p) throw new AppError('AUTH_REQUIRED', { detail: 'Join the party first.' });
          const result = await fn(p, schema.parse(payload));
          if (typeof ack === 'function') ack({ ok: true, data: result });
        } catch (e) {
          if (typeof ack === 'function') ack(ackError(e, log));
        }
      });
    }

    socket.on('room.join', async (payload: unknown, ack?: (a: Ack<unknown>) => void) => {
      try {
        const { token, invite } = JoinRoomSchema.parse(payload);
        const access = await party.resolveAccess({ partyToken: token, user: data.user as never, inviteCode: invite });
        const participant: Participant = {
          partyId: access.partyId,
          role: access.role,
          name: access.displayName,
          key: access.inviteId ? `invite:${access.inviteId}` : `user:${data.user!.id}`,
          inviteId: access.inviteId ?? null,
        };
        data.participant = participant;
        data.joinedWith = { token, invite };
        await socket.join(roomOf(access.partyId));
        if (access.role !== 'guest') await socket.join(`${roomOf(access.partyId)}:staff`);
        if (access.inviteId && !(await takeSeat(access.inviteId))) {
          if (typeof ack === 'function') ack(ackError(new AppError('CONFLICT', { detail: SEAT_TAKEN }), log));
          socket.disconnect(true);
          return;
        }
        const who = await presence(access.partyId);
        const snapshot = await room.snapshot(participant, access.role === 'guest' ? { count: who.count, names: [] } : who, {
          party: {
            djStageName: access.djStageName,
            hostName: access.hostName,
            bookingId: access.role === 'guest' ? null : access.bookingId,
          },
          ended: (await partyEnd?.wrapOf(access.partyId)) ?? null,
        });
        if (typeof ack === 'function') ack({ ok: true, data: snapshot });
        await broadcastPresence(access.partyId);
      } catch (e) {
        if (typeof ack === 'function') ack(ackError(e, log));
      }
    });

    socket.on('disconnect', () => {
      if (data.participant) setTimeout(() => void broadcastPresence(data.participant!.partyId), 20);
    });

    on('chat.send', ChatSendSchema, async (p, { text }) => {
      const msg = await room.sendChat(p, text);
      realtime.emit(roomOf(p.partyId), 'chat.message_created', msg);
      return msg;
    });
    on('chat.delete', IdSchema, async (p, { id }) => {
      await room.deleteChat(p, id);
      realtime.emit(roomOf(p.partyId), 'chat.message_deleted', { id });
      return { id };
    });
    on('chat.report', IdSchema, async (p, { id }) => {
      await room.reportChat(p, id);
      return { id };
    });
    on('guest.mute', RemoveGuestSchema, async (p, { inviteId }) => {
      await room.mute(p, inviteId);
      realtime.emit(`invite:${inviteId}`, 'room.muted', {});
      realtime.emit(`${roomOf(p.partyId)}:staff`, 'guest.muted', { inviteId, muted: true });
      return { inviteId };
    });
    on('guest.unmute', RemoveGuestSchema, async (p, { inviteId }) => {
      await room.unmute(p, inviteId);
      realtime.emit(`invite:${inviteId}`, 'room.unmuted', {});
      realtime.emit(`${roomOf(p.partyId)}:staff`, 'guest.muted', { inviteId, muted: false });
      return { inviteId };
    });
    on('guest.remove', RemoveGuestSchema, async (p, { inviteId }) => {
      if (p.role === 'guest') throw new AppError('FORBIDDEN', { detail: 'Only the DJ or the host can remove a guest.' });
      await party.revokeInviteAsStaff(p.partyId, inviteId);
      return { inviteId };
    });
    on('request.create', SongRequestSchema, async (p, r) => {
      await limits?.consume('songRequest', `${p.partyId}:${p.key}`);
      const list = await room.requestSong(p, r);
      realtime.emit(roomOf(p.partyId), 'request.queue_updated', list);
      return list;
    });
    on('request.vote', IdSchema, async (p, { id }) => {
      const list = await room.voteSong(p, id);
      realtime.emit(roomOf(p.partyId), 'request.queue_updated', list);
      return list;
    });
    on('request.set_status', SongStatusSchema, async (p, { id, status }) => {
      const list = await room.setSongStatus(p, id, status);
      realtime.emit(roomOf(p.partyId), 'request.queue_updated', list);
      return list;
    });
    on('poll.create', PollCreateSchema, async (p, v) => {
      const poll = await room.createPoll(p, v);
      realtime.emit(roomOf(p.partyId), 'poll.updated', poll);
      return poll;
    });
    on('poll.vote', PollVoteSchema, async (p, { id, option }) => {
      const poll = await room.votePoll(p, id, option);
      realtime.emit(roomOf(p.partyId), 'poll.updated', { ...poll, myVote: undefined });
      return poll;
    });
    on('poll.close', IdSchema, async (p, { id }) => {
      const poll = await room.closePoll(p, id);
      realtime.emit(roomOf(p.partyId), 'poll.updated', poll);
      return poll;
    });
    on('reaction.send', ReactionSchema, async (p, { emoji }) => {
      await limits?.consume('reaction', `${p.partyId}:${p.key}`);
      // Aggregated per party in short windows: 100 guests tapping fast cost one broadcast per 250 ms.
      const bucket = reactions.get(p.partyId);
      if (bucket) bucket[emoji] = (bucket[emoji] ?? 0) + 1;
      else {
        reactions.set(p.partyId, { [emoji]: 1 });
        setTimeout(() => {
          const counts = reactions.get(p.partyId);
          reactions.delete(p.partyId);
          if (counts) realtime.emit(roomOf(p.partyId), 'reaction.burst', counts);
        }, REACTION_WINDOW_MS);
      }
      return { emoji };
    });
    // The DJ ends the party for everyone (party-end.ts); access is asked again, as the party may have moved on.
    on(PARTY_END_EVENTS.end, EmptySchema, async (p) => {
      if (!partyEnd || !data.joinedWith) throw new AppError('FORBIDDEN', { detail: 'Only the DJ can end the party.' });
      const access = await party.resolveAccess({
        partyToken: data.joinedWith.token,
        user: data.user as never,
        inviteCode: data.joinedWith.invite,
      });
      if (access.partyId !== p.partyId) throw new AppError('FORBIDDEN', { detail: 'Only the DJ can end the party.' });
      return partyEnd.endByDj(access);
    });
    on('theme.set', ThemeSchema, async (p, { theme }) => {
      await room.setTheme(p, theme);
      realtime.emit(roomOf(p.partyId), 'theme.changed', { theme });
      return { theme };
    });
  });
}
