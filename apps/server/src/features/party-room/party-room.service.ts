/**
 * The party room's rules: who may say, request, vote, moderate and theme; counts done on the server. Socket
 * plumbing lives in party-room.socket.ts; this file knows nothing of Socket.io.
 */
import type { ChatMessage, PollView, RoomSnapshot, SongRequestView } from '@partystream/shared/party/party.events';
import type { THEMES } from '@partystream/shared/party/party.events';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob, enqueueJob } from '../../jobs/jobs.ts';
import { z } from 'zod';
import * as repo from './party-room.repo.ts';

export interface Participant {
  partyId: string;
  role: 'dj' | 'host' | 'guest';
  name: string;
  /** Stable identity for votes and rate limits: `user:<id>` or `invite:<id>`. */
  key: string;
  inviteId: string | null;
}

/**
 * What a room snapshot and a queue broadcast list at most (issue 17: one guest's 1,000 requests made every
 * newcomer's snapshot 174 KB): the playing and queued ones by votes come first; messages are the last 50.
 */
const MAX_LISTED_REQUESTS = 100;
const MAX_LISTED_POLLS = 20;
const CHAT_BURST = 10;
const CHAT_WINDOW_MS = 10_000;

const POLL_CLOSE_JOB = 'party-room.poll-close';

/**
 * `emit` broadcasts to a Socket.io room through the realtime provider, so a poll closed by its timer reaches
 * guests on every server process. Mutes and the chat rate limit live in Postgres for the same reason.
 */
export function createPartyRoomService(d: {
  db: Db;
  clock: Clock;
  emit?: (room: string, event: string, payload: unknown) => void;
}) {
  // The moderation queue (features/admin) learns of reports through this listener, set once at start-up.
  let chatReported: ((messageId: string, reporterKey: string) => Promise<void>) | null = null;
  const requireStaff = (p: Participant) => {
    if (p.role === 'guest') throw new AppError('FORBIDDEN', { detail: 'Only the DJ or the host can do that.' });
  };

  const toMessage = (m: Awaited<ReturnType<typeof repo.insertMessage>>): ChatMessage => ({
    id: m.id,
    authorName: m.authorName,
    authorRole: m.authorRole as ChatMessage['authorRole'],
    authorInviteId: m.authorKey.startsWith('invite:') ? m.authorKey.slice('invite:'.length) : null,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
  });

  async function requestsView(partyId: string, voterKey?: string): Promise<SongRequestView[]> {
    const rows = await repo.listRequests(d.db, partyId);
    const mine = voterKey ? await repo.votesBy(d.db, partyId, voterKey) : new Set<string>();
    const order = { playing: 0, queued: 1, played: 2, declined: 3 } as const;
    return rows
      .map(({ r, votes }) => ({
        id: r.id,
        title: r.title,
        artist: r.artist,
        link: r.link,
        requestedByName: r.requestedByName,
        status: r.status as SongRequestView['status'],
        votes: Number(votes),
        votedByMe: mine.has(r.id),
      }))
      .sort((a, b) => order[a.status] - order[b.status] || b.votes - a.votes)
      .slice(0, MAX_LISTED_REQUESTS);
  }

  async function pollView(p: Awaited<ReturnType<typeof repo.findPoll>> & object, voterKey?: string): Promise<PollView> {
    const options = p.options as string[];
    const counts = options.map(() => 0);
    for (const c of await repo.pollCounts(d.db, p.id)) counts[c.option] = Number(c.n);
    const closed = !!p.closedAt || (!!p.closesAt && p.closesAt <= d.clock.now());
    return {
      id: p.id,
      question: p.question,
      options,
      counts,
      closesAt: p.closesAt?.toISOString() ?? null,
      closed,
      ...(voterKey ? { myVote: await repo.myPollVote(d.db, p.id, voterKey) } : {}),
    };
  }

  return {
    /** Where a device joining with an invite stands among that invite's seats: higher is newer. */
    seatOrder: () => repo.nextSeatOrder(d.db),
    async snapshot(
      p: Participant,
      presence: RoomSnapshot['presence'],
      about: Pick<RoomSnapshot, 'party' | 'ended'>,
    ): Promise<RoomSnapshot> {
      const [messages, requests, polls, theme, muted] = await Promise.all([
        repo.recentMessages(d.db, p.partyId),
        requestsView(p.partyId, p.key),
        repo.listPolls(d.db, p.partyId),
        repo.getTheme(d.db, p.partyId),
        repo.mutedKeys(d.db, p.partyId),
      ]);
      return {
        role: p.role,
        me: { name: p.name, inviteId: p.inviteId, muted: muted.includes(p.key) },
        muted: p.role === 'guest' ? [] : muted.filter((k) => k.startsWith('invite:')).map((k) => k.slice('invite:'.length)),
        theme: theme as RoomSnapshot['theme'],
        messages: messages.map(toMessage),
        requests,
        polls: await Promise.all(polls.slice(-MAX_LISTED_POLLS).map((x) => pollView(x, p.key))),
        presence,
        ...about,
      };
    },

    async sendChat(p: Participant, text: string): Promise<ChatMessage> {
      const now = d.clock.now();
      const row = await d.db.transaction(async (tx) => {
        // One participant's sends are serialised (advisory lock), so the count below is exact even when the
        // same guest has sockets on two server processes.
        await repo.lockParticipant(tx, p.partyId, p.key);
        if (await repo.isMuted(tx, p.partyId, p.key)) throw new AppError('FORBIDDEN', { detail: 'You are muted in this party.' });
        const recent = await repo.countMessagesSince(tx, p.partyId, p.key, new Date(now.getTime() - CHAT_WINDOW_MS));
        if (recent >= CHAT_BURST)
          throw new AppError('RATE_LIMITED', { detail: 'Slow down a little — too many messages at once.' });
        return repo.insertMessage(tx, {
          partyId: p.partyId,
          authorKey: p.key,
          authorName: p.name,
          authorRole: p.role,
          text,
          createdAt: now,
        });
      });
      return toMessage(row);
    },

    async deleteChat(p: Participant, id: string): Promise<void> {
      requireStaff(p);
      if (!(await repo.deleteMessage(d.db, p.partyId, id, d.clock.now())))
        throw new AppError('NOT_FOUND', { detail: 'No such message.' });
    },

    async reportChat(p: Participant, id: string): Promise<void> {
      if (!(await repo.reportMessage(d.db, p.partyId, id))) throw new AppError('NOT_FOUND', { detail: 'No such message.' });
      await chatReported?.(id, p.key);
    },

    onChatReported(fn: (messageId: string, reporterKey: string) => Promise<void>): void {
      chatReported = fn;
    },

    /** For moderation: the message, its party and its author's user id (null for guests). */
    async findMessage(id: string): Promise<{ partyId: string; authorUserId: string | null; text: string } | null> {
      const m = await repo.findMessageById(d.db, id);
      if (!m) return null;
      return { partyId: m.partyId, authorUserId: m.authorKey.startsWith('user:') ? m.authorKey.slice(5) : null, text: m.text };
    },

    /** Moderation removed it: hidden from the room at once. */
    async removeByModeration(id: string): Promise<boolean> {
      const m = await repo.findMessageById(d.db, id);
      if (!m || !(await repo.deleteMessage(d.db, m.partyId, id, d.clock.now()))) return false;
      d.emit?.(`party:${m.partyId}`, 'chat.message_deleted', { id });
      return true;
    },

    async mute(p: Participant, inviteId: string): Promise<void> {
      requireStaff(p);
      if (!(await repo.inviteOfParty(d.db, p.partyId, inviteId)))
        throw new AppError('NOT_FOUND', { detail: 'No such guest in this party.' });
      await repo.mute(d.db, p.partyId, `invite:${inviteId}`, p.key, d.clock.now());
    },

    async unmute(p: Participant, inviteId: string): Promise<void> {
      requireStaff(p);
      if (!(await repo.unmute(d.db, p.partyId, `invite:${inviteId}`)))
        throw new AppError('NOT_FOUND', { detail: 'This guest is not muted.' });
    },

    async requestSong(p: Participant, r: { title: string; artist: string; link?: string }): Promise<SongRequestView[]> {
      if (await repo.isMuted(d.db, p.partyId, p.key)) throw new AppError('FORBIDDEN', { detail: 'You are muted in this party.' });
      await repo.insertRequest(d.db, {
        partyId: p.partyId,
        title: r.title,
        artist: r.artist,
        link: r.link ?? null,
        requestedBy: p.key,
        requestedByName: p.name,
        createdAt: d.clock.now(),
      });
      return requestsView(p.partyId);
    },

    async voteSong(p: Participant, id: string): Promise<SongRequestView[]> {
      const r = await repo.findRequest(d.db, p.partyId, id);
      if (!r) throw new AppError('NOT_FOUND', { detail: 'No such request.' });
      if (r.status !== 'queued') throw new AppError('CONFLICT', { detail: 'Voting is over for this song.' });
      if (!(await repo.addVote(d.db, id, p.key))) throw new AppError('CONFLICT', { detail: 'You already voted for this song.' });
      return requestsView(p.partyId);
    },

    async setSongStatus(p: Participant, id: string, status: 'playing' | 'played' | 'declined'): Promise<SongRequestView[]> {
      if (p.role !== 'dj') throw new AppError('FORBIDDEN', { detail: 'Only the DJ manages the queue.' });
      if (!(await repo.setRequestStatus(d.db, p.partyId, id, status, d.clock.now())))
        throw new AppError('NOT_FOUND', { detail: 'No such request.' });
      return requestsView(p.partyId);
    },

    requestsView,

    async createPoll(p: Participant, v: { question: string; options: string[]; durationSeconds?: number }): Promise<PollView> {
      requireStaff(p);
      const now = d.clock.now();
      const closesAt = v.durationSeconds ? new Date(now.getTime() + v.durationSeconds * 1000) : null;
      const row = await d.db.transaction(async (tx) => {
        const poll = await repo.insertPoll(tx, {
          partyId: p.partyId,
          question: v.question,
          options: v.options,
          createdBy: p.key,
          createdAt: now,
          closesAt,
        });
        // The timer's end is a job, so the closing broadcast happens even if this process restarts meanwhile.
        if (closesAt)
          await enqueueJob(
            tx,
            POLL_CLOSE_JOB,
            { partyId: p.partyId, pollId: poll.id },
            { runAt: closesAt, key: `poll-close:${poll.id}` },
          );
        return poll;
      });
      return pollView(row);
    },

    async votePoll(p: Participant, id: string, option: number): Promise<PollView> {
      const poll = await repo.findPoll(d.db, p.partyId, id);
      if (!poll) throw new AppError('NOT_FOUND', { detail: 'No such poll.' });
      if (option >= (poll.options as string[]).length) throw new AppError('VALIDATION_FAILED', { detail: 'No such option.' });
      if (poll.closedAt || (poll.closesAt && poll.closesAt <= d.clock.now()))
        throw new AppError('CONFLICT', { detail: 'This poll is closed.' });
      await repo.upsertPollVote(d.db, id, p.key, option);
      return pollView(poll, p.key);
    },

    async closePoll(p: Participant, id: string): Promise<PollView> {
      requireStaff(p);
      if (!(await repo.closePoll(d.db, p.partyId, id, d.clock.now())))
        throw new AppError('CONFLICT', { detail: 'This poll is already closed.' });
      return pollView((await repo.findPoll(d.db, p.partyId, id))!);
    },

    async setTheme(p: Participant, theme: (typeof THEMES)[number]): Promise<void> {
      if (p.role !== 'host') throw new AppError('FORBIDDEN', { detail: 'Only the host picks the theme.' });
      await repo.setTheme(d.db, p.partyId, theme);
    },

    jobs: [
      defineJob({
        name: POLL_CLOSE_JOB,
        schema: z.object({ partyId: z.uuid(), pollId: z.uuid() }),
        async handle({ partyId, pollId }) {
          // Idempotent: a poll already closed (by staff, or by an earlier run) is left alone and not re-announced.
          const closed = await repo.closeExpiredPoll(d.db, pollId, d.clock.now());
          if (closed) d.emit?.(`party:${partyId}`, 'poll.updated', await pollView(closed));
        },
      }),
    ],

    /** How many song requests the DJ marked played at the booking's party (reviews' verified line, issue 15). */
    playedCountOfBooking: (bookingId: string) => repo.countPlayedOfBooking(d.db, bookingId),

    /** Played songs as CSV (set list for rights reporting). */
    async playedCsv(partyId: string): Promise<string> {
      const rows = (await repo.listRequests(d.db, partyId))
        .filter(({ r }) => r.status === 'played')
        .sort((a, b) => (a.r.playedAt?.getTime() ?? 0) - (b.r.playedAt?.getTime() ?? 0));
      const cell = (s: string) => `"${s.replace(/"/g, '""').replace(/^[=+\-@]/, "'$&")}"`;
      return (
        [
          'played_at,title,artist,requested_by',
          ...rows.map(({ r }) => [r.playedAt?.toISOString() ?? '', r.title, r.artist, r.requestedByName].map(cell).join(',')),
        ].join('\n') + '\n'
      );
    },
  };
}

export type PartyRoomService = ReturnType<typeof createPartyRoomService>;
