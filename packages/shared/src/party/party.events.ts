/**
 * Socket.io contract of the party room. Client intents are imperative (`chat.send`), server broadcasts past
 * tense (`chat.message_created`). Every intent is acknowledged with Ack<T> from problem.ts.
 */
import { z } from 'zod';

export const THEMES = ['neon', 'disco', 'birthday', 'corporate', 'sunset'] as const;
export const REACTIONS = ['🔥', '🎉', '❤️', '🙌', '😂', '💃'] as const;

export const JoinRoomSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  invite: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/)
    .optional(),
});
export const ChatSendSchema = z.object({ text: z.string().trim().min(1, 'Say something.').max(500, 'At most 500 characters.') });
export const IdSchema = z.object({ id: z.uuid() });
export const RemoveGuestSchema = z.object({ inviteId: z.uuid() });
export const SongRequestSchema = z.object({
  title: z.string().trim().min(1).max(120),
  artist: z.string().trim().min(1).max(120),
  link: z
    .url()
    .max(300)
    .refine((u) => /^https:\/\//.test(u), 'Use an https link.')
    .optional(),
});
export const SongStatusSchema = z.object({ id: z.uuid(), status: z.enum(['playing', 'played', 'declined']) });
export const PollCreateSchema = z.object({
  question: z.string().trim().min(1).max(140),
  options: z.array(z.string().trim().min(1).max(60)).min(2, 'At least 2 options.').max(6, 'At most 6 options.'),
  durationSeconds: z.number().int().min(15).max(3600).optional(),
});
export const PollVoteSchema = z.object({ id: z.uuid(), option: z.number().int().min(0).max(5) });
export const ReactionSchema = z.object({ emoji: z.enum(REACTIONS) });
export const ThemeSchema = z.object({ theme: z.enum(THEMES) });

export interface ChatMessage {
  id: string;
  authorName: string;
  authorRole: 'dj' | 'host' | 'guest';
  /** Set for guests' messages, so the DJ or host can mute or remove the author. */
  authorInviteId: string | null;
  text: string;
  createdAt: string;
}
export interface SongRequestView {
  id: string;
  title: string;
  artist: string;
  link: string | null;
  requestedByName: string;
  status: 'queued' | 'playing' | 'played' | 'declined';
  votes: number;
  votedByMe?: boolean;
}
export interface PollView {
  id: string;
  question: string;
  options: string[];
  counts: number[];
  closesAt: string | null;
  closed: boolean;
  myVote?: number | null;
}
export interface RoomSnapshot {
  role: 'dj' | 'host' | 'guest';
  me: { name: string; inviteId: string | null; muted: boolean };
  /** Guests the DJ or host muted (invite ids); only sent to staff. */
  muted: string[];
  theme: (typeof THEMES)[number];
  messages: ChatMessage[];
  requests: SongRequestView[];
  polls: PollView[];
  presence: { count: number; names: string[] };
  /** Whose party it is, for the screen; `bookingId` only for the host and the DJ (the review link). */
  party: { djStageName: string; hostName: string; bookingId: string | null };
  /** Set once the party has ended (then the room shows the wrap screen instead of the stage). */
  ended: PartyWrap | null;
}

/** One played song of the set list on the wrap screen, in the order it was played. */
export interface PlayedSong {
  title: string;
  artist: string;
  requestedByName: string;
  playedAt: string | null;
}
/**
 * The end of the party (issue 19, decision 033): the DJ ends it (`party.end`, DJ only, once the party has started),
 * or its stream window closes (`time`). Broadcast once to `party:<id>` as `party.ended`, and in every later snapshot.
 */
export interface PartyWrap {
  endedAt: string;
  endedBy: 'dj' | 'time';
  setList: PlayedSong[];
}
export const PARTY_END_EVENTS = { end: 'party.end', ended: 'party.ended' } as const;

/**
 * Crowd rating (issue 15; schemas in review/review.schemas.ts). Client intents: `crowd.status` (ack: CrowdStatus)
 * and `crowd.rate` `{ stars }` (ack: CrowdStatus); server → an eligible guest's `invite:<id>` room:
 * `crowd.rating_opened` (CrowdStatus) when the party completes.
 */
export const CROWD_EVENTS = { status: 'crowd.status', rate: 'crowd.rate', opened: 'crowd.rating_opened' } as const;
