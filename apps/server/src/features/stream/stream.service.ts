/**
 * Who may stream and watch, and when. The SFU (packages/media) knows rooms only; this maps a party to its room
 * (the party id) and authorises callers:
 * - publish: the booked DJ only — by session in the browser, or by the per-party stream key OBS sends as
 *   `Authorization: Bearer <key>` — from SOUNDCHECK_MINUTES before the start until GRACE_MINUTES after the end;
 * - watch: the host, the DJ and invited guests (party.resolveAccess); a revoked invite ends that guest's sessions.
 *   Guests only once the doors are open: the DJ lets them in after the pre-show check, or they open by themselves
 *   at the party's start (parties.doors_opened_at). The host and the DJ can watch the soundcheck.
 * Stream keys are 256 random bits; only their SHA-256 is stored; regenerating replaces the old one.
 *
 * What the media path is comes from the StreamingProvider (providers/streaming): the embedded SFU answers the
 * WHIP/WHEP routes here; with Amazon IVS the web app asks for publish/view credentials (stage tokens) instead,
 * OBS gets the stage's WHIP endpoint with a publish token, and the SFU routes refuse. Either way the first
 * credentials for a party enqueue `stream.end_party` at the end of the grace period (before the stage is
 * created, so a crash in between cannot leave a stage nobody deletes).
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type {
  Doors,
  Preshow,
  PublishCredentials,
  StreamKey,
  StreamStatus,
  ViewCredentials,
} from '@partystream/shared/stream/stream.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../errors.ts';
import { defineJob, enqueueJob, type JobDefinition } from '../../jobs/jobs.ts';
import type { StreamingProvider, PartyRoom } from '../../providers/streaming/streaming.ts';
import type { PartyAccess, PartyService } from '../party/party.service.ts';
import * as repo from './stream.repo.ts';

export const SOUNDCHECK_MINUTES = 60;
export const GRACE_MINUTES = 30;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const EndPartyJobSchema = z.object({ partyId: z.uuid() });
const DISCONNECT_JOB = 'stream.disconnect_guest';
const DisconnectJobSchema = z.object({ partyId: z.uuid(), inviteId: z.uuid() });

export function createStreamService(d: {
  db: Db;
  clock: Clock;
  streaming: StreamingProvider;
  party: PartyService;
  publicUrl: string;
  log: Logger;
  /** Admin rules on going live (issue 16: suspended DJ, music-licence policy); throws to refuse. */
  assertMayPublish?: (partyId: string) => Promise<void>;
  /** Viewing sessions one invite holds at once (INVITE_MAX_SEATS, like its party-room seats); the newest wins. */
  inviteMaxSeats?: number;
  /** The party's stream window has closed (after `stream.end_party` released the room): the party is over. */
  onWindowClosed?: (partyId: string) => Promise<unknown>;
}) {
  const seats = d.inviteMaxSeats ?? 1;
  /**
   * What revoking an invite must end. Embedded: the guest's WHEP sessions, in memory like the SFU that holds
   * them (a restart ends them anyway). IVS: the stage participants minted for the invite, in the database
   * (stream_guest_participants), because a stage outlives this process: another process, or this one after a
   * restart, must still be able to disconnect them.
   */
  const guestSessions = new Map<string, Set<string>>();
  d.party.onInviteRevoked(({ partyId, inviteId }) => {
    for (const s of guestSessions.get(inviteId) ?? []) void d.streaming.disconnect(partyId, s).catch(() => {});
    guestSessions.delete(inviteId);
    if (d.streaming.kind === 'ivs') {
      // Try at once; if IVS does not answer, a job retries with backoff (rows stay until IVS lets the guest go).
      disconnectStageGuests(partyId, inviteId).catch(async (e: unknown) => {
        d.log.warn({ err: e, partyId, inviteId }, 'could not disconnect a revoked guest from the stage; retrying in a job');
        await enqueueJob(
          d.db,
          DISCONNECT_JOB,
          { partyId, inviteId },
          { runAt: d.clock.now(), key: `${DISCONNECT_JOB}:${inviteId}:${d.clock.now().getTime()}` },
        ).catch((err: unknown) =>
          d.log.error({ err, partyId, inviteId }, 'could not schedule the stage disconnect of a revoked guest'),
        );
      });
    }
  });
  /** Disconnects every stage participant of the invite; a row is forgotten only once IVS has let its participant go. */
  async function disconnectStageGuests(partyId: string, inviteId: string) {
    const ids = await repo.findGuestParticipants(d.db, inviteId);
    const done: string[] = [];
    for (const id of ids) {
      await d.streaming.disconnect(partyId, id);
      done.push(id);
    }
    await repo.deleteGuestParticipants(d.db, done);
  }
  /**
   * The stream's facts (stream_facts, issue 19): on-air time from the provider's live/offline events, the viewer
   * peak from its counts, guests as distinct invites that started watching. Kept in memory only for the current
   * on-air stretch; every change is added to the row at once, so a restart loses at most the running stretch.
   */
  const liveSince = new Map<string, number>();
  const guestsOf = new Map<string, Set<string>>();
  const addFacts = (partyId: string, f: Parameters<typeof repo.addStreamFacts>[3]) =>
    repo
      .addStreamFacts(d.db, partyId, d.clock.now(), f)
      .catch((err: unknown) => d.log.warn({ err, partyId }, 'could not record the stream facts'));
  d.streaming.onActivity?.((e) => {
    const now = d.clock.now().getTime();
    if (e.type === 'live') {
      liveSince.set(e.partyId, now);
      void addFacts(e.partyId, { live: true });
    } else if (e.type === 'offline') {
      const since = liveSince.get(e.partyId);
      liveSince.delete(e.partyId);
      if (since !== undefined) void addFacts(e.partyId, { secondsLive: (now - since) / 1000 });
    } else if (e.count > 0) void addFacts(e.partyId, { viewers: e.count });
  });
  const trackGuest = (inviteId: string, id: string, partyId: string) => {
    const set = guestSessions.get(inviteId) ?? new Set<string>();
    set.add(id);
    guestSessions.set(inviteId, set);
    // One seat per invite (issue 17), the party room's rule: the newest viewing session takes it, the oldest end.
    for (const old of [...set].slice(0, Math.max(0, set.size - seats))) {
      set.delete(old);
      void d.streaming.disconnect(partyId, old).catch(() => {});
    }
    const guests = guestsOf.get(partyId) ?? new Set<string>();
    guests.add(inviteId);
    guestsOf.set(partyId, guests);
    void addFacts(partyId, { guests: guests.size });
  };

  const roomOf = (token: string, a: PartyAccess): PartyRoom => ({
    partyId: a.partyId,
    token,
    expiresAt: new Date(a.endsAt.getTime() + GRACE_MINUTES * 60_000),
  });

  /** Schedules the clean-up first (idempotent by key), then makes sure the provider's room exists. */
  async function prepare(room: PartyRoom) {
    await enqueueJob(
      d.db,
      'stream.end_party',
      { partyId: room.partyId },
      { runAt: room.expiresAt, key: `stream.end_party:${room.partyId}` },
    );
    await d.streaming.prepare(room);
  }

  async function requireDj(token: string, user: User | null) {
    const access = await d.party.resolveAccess({ partyToken: token, user });
    if (access.role !== 'dj') throw new AppError('NOT_FOUND', { detail: 'No such party.' });
    return access;
  }

  /** How the booked DJ publishes, inside the party window (soundcheck … end + grace). */
  async function publishCredentials(token: string, user: User | null): Promise<PublishCredentials> {
    const access = await requireDj(token, user);
    assertWindow(access.startsAt, access.endsAt);
    await d.assertMayPublish?.(access.partyId);
    const room = roomOf(token, access);
    await prepare(room);
    return d.streaming.publishCredentials(room, { userId: access.djUserId, role: 'dj', displayName: access.displayName });
  }

  /** The SFU routes only exist for the embedded provider. */
  function requireEmbedded() {
    if (d.streaming.kind !== 'embedded') {
      throw new AppError('CONFLICT', {
        detail: 'This server streams through Amazon IVS: use the publish/view credentials instead of WHIP/WHEP here.',
      });
    }
  }

  /** The stage and its participants go together; the rows only matter while the stage exists. */
  async function endParty(partyId: string) {
    await d.streaming.endParty(partyId);
    await repo.deletePartyGuestParticipants(d.db, partyId);
  }

  async function doorsOf(a: PartyAccess): Promise<Doors> {
    const openedAt = await repo.findDoorsOpenedAt(d.db, a.partyId);
    return {
      open: openedAt !== null || d.clock.now() >= a.startsAt,
      openedAt: openedAt?.toISOString() ?? null,
      opensAt: a.startsAt.toISOString(),
    };
  }

  /** Guests wait outside until the doors open; the host and the DJ do not. */
  async function assertMayWatch(a: PartyAccess) {
    if (a.role !== 'guest') return;
    const doors = await doorsOf(a);
    if (!doors.open) {
      throw new AppError('PARTY_DOORS_CLOSED', {
        detail: `The DJ is still getting ready. The doors open at ${doors.opensAt} at the latest.`,
      });
    }
  }

  function assertWindow(startsAt: Date, endsAt: Date) {
    const now = d.clock.now().getTime();
    if (now < startsAt.getTime() - SOUNDCHECK_MINUTES * 60_000) {
      throw new AppError('FORBIDDEN', {
        detail: `You can go live from ${SOUNDCHECK_MINUTES} minutes before the party (soundcheck).`,
      });
    }
    if (now > endsAt.getTime() + GRACE_MINUTES * 60_000) throw new AppError('FORBIDDEN', { detail: 'This party is over.' });
  }

  return {
    /** Browser go-live: the logged-in DJ of this party. Returns the SFU room id. */
    async authorizePublisher(token: string, user: User | null): Promise<string> {
      requireEmbedded();
      const access = await requireDj(token, user);
      assertWindow(access.startsAt, access.endsAt);
      await d.assertMayPublish?.(access.partyId);
      return access.partyId;
    },

    /** OBS go-live: the bearer stream key. 401 for a missing or unknown key (WHIP §4.2). */
    async authorizeStreamKey(authorization: string | undefined): Promise<string> {
      requireEmbedded();
      // The auth scheme is case-insensitive (RFC 9110 §11.1): OBS sends `Bearer`, other encoders `bearer`.
      const key = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/i.exec(authorization ?? '')?.[1];
      if (!key)
        throw new AppError('AUTH_REQUIRED', {
          detail: 'Send the stream key as Authorization: Bearer <key>.',
          headers: { 'WWW-Authenticate': 'Bearer' },
        });
      const p = await repo.findByStreamKeyHash(d.db, sha256(key));
      if (!p)
        throw new AppError('AUTH_REQUIRED', {
          detail: 'This stream key is not valid (it may have been regenerated).',
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        });
      assertWindow(p.startsAt, p.endsAt);
      await d.assertMayPublish?.(p.partyId);
      return p.partyId;
    },

    /**
     * What OBS needs. Embedded: a new PartyStream stream key (replacing the old one). IVS: the stage's WHIP
     * endpoint and a fresh publish token as the bearer key, which is why it needs the party window like going live.
     */
    async regenerateKey(token: string, user: User): Promise<StreamKey> {
      const access = await requireDj(token, user);
      if (d.streaming.kind !== 'embedded') {
        const creds = await publishCredentials(token, user);
        if (creds.provider !== 'ivs' || !creds.whipUrl)
          throw new AppError('STREAMING_UNAVAILABLE', {
            detail: 'The stage has no WHIP endpoint; go live from the browser instead.',
          });
        return { whipUrl: creds.whipUrl, streamKey: creds.token };
      }
      const streamKey = randomBytes(32).toString('base64url');
      await repo.setStreamKeyHash(d.db, access.partyId, sha256(streamKey));
      return { whipUrl: `${d.publicUrl}/api/streams/whip`, streamKey };
    },

    publishCredentials,

    /** How the host, the DJ or an invited guest watches, until the party is over. A revoked invite is 404. */
    async viewCredentials(token: string, user: User | null, invite?: string): Promise<ViewCredentials> {
      const access = await d.party.resolveAccess({ partyToken: token, user, inviteCode: invite });
      if (d.clock.now().getTime() > access.endsAt.getTime() + GRACE_MINUTES * 60_000)
        throw new AppError('FORBIDDEN', { detail: 'This party is over.' });
      await assertMayWatch(access);
      const room = roomOf(token, access);
      await prepare(room);
      const userId = access.role === 'guest' ? `guest:${access.inviteId}` : user!.id;
      const creds = await d.streaming.viewCredentials(room, { userId, role: access.role, displayName: access.displayName });
      if (creds.provider === 'ivs' && access.inviteId) {
        await repo.insertGuestParticipant(d.db, {
          participantId: creds.participantId,
          partyId: access.partyId,
          inviteId: access.inviteId,
          createdAt: d.clock.now(),
        });
        // A revoke that read the table before this row existed missed it: look again, and cut the token off if so.
        await d.party.resolveAccess({ partyToken: token, user, inviteCode: invite }).catch(async (e: unknown) => {
          await disconnectStageGuests(access.partyId, access.inviteId!);
          throw e;
        });
        // One seat per invite: the new token takes it; the oldest participants beyond the limit are cut off.
        const older = (await repo.findGuestParticipants(d.db, access.inviteId)).filter((id) => id !== creds.participantId);
        const unseated = older.slice(0, Math.max(0, older.length - (seats - 1)));
        for (const id of unseated) await d.streaming.disconnect(access.partyId, id);
        await repo.deleteGuestParticipants(d.db, unseated);
      }
      return creds;
    },

    /** Who is asking about a party's stream (any party access); `starting` a new viewing also needs open doors. */
    async authorizeViewer(
      token: string,
      user: User | null,
      invite?: string,
      o: { starting?: boolean } = {},
    ): Promise<{ roomId: string; inviteId: string | null; role: 'dj' | 'host' | 'guest' }> {
      const access = await d.party.resolveAccess({ partyToken: token, user, inviteCode: invite });
      if (o.starting) await assertMayWatch(access);
      return { roomId: access.partyId, inviteId: access.inviteId ?? null, role: access.role };
    },

    /** Embedded WHEP routes only (SFU session ids). */
    requireEmbedded,

    trackGuestSession: trackGuest,

    /** Live or not, the viewer count and the doors, for anyone with access to the party. */
    async status(token: string, user: User | null, invite?: string): Promise<StreamStatus> {
      const access = await d.party.resolveAccess({ partyToken: token, user, inviteCode: invite });
      const [s, doors] = await Promise.all([d.streaming.status(access.partyId), doorsOf(access)]);
      return { ...s, doors };
    },

    /** The DJ's pre-show check: what the server receives from them right now, and the doors. */
    async preshow(token: string, user: User | null): Promise<Preshow> {
      const access = await requireDj(token, user);
      const [s, doors, ingest] = await Promise.all([
        d.streaming.status(access.partyId),
        doorsOf(access),
        d.streaming.ingestStats(access.partyId),
      ]);
      return { ...s, doors, ingest };
    },

    /** The DJ lets the guests in (inside the party window). Opening open doors is fine and changes nothing. */
    async openDoors(token: string, user: User | null): Promise<Doors> {
      const access = await requireDj(token, user);
      assertWindow(access.startsAt, access.endsAt);
      await repo.openDoors(d.db, access.partyId, d.clock.now());
      return doorsOf(access);
    },

    /** Releases the provider's room after the party (IVS: deletes the stage). Idempotent. */
    endParty,

    /**
     * What the party's stream was, for receipts, reviews and payouts (the reviews feature calls this): minutes on
     * air (the running stretch included), the most viewers at once and how many invited guests joined. Zeros for a
     * party that never went live; NOT_FOUND for a booking without a party.
     */
    async getPartyFacts(bookingId: string): Promise<PartyFacts> {
      const row = await repo.findStreamFactsByBooking(d.db, bookingId);
      if (!row) throw new AppError('NOT_FOUND', { detail: 'This booking has no party.' });
      const since = liveSince.get(row.partyId);
      const running = since === undefined ? 0 : (d.clock.now().getTime() - since) / 1000;
      return {
        bookingId,
        minutesLive: Math.round(((row.secondsLive ?? 0) + running) / 60),
        peakViewers: row.peakViewers ?? 0,
        guestsJoined: row.guestsJoined ?? 0,
        firstLiveAt: row.firstLiveAt,
        lastLiveAt: row.lastLiveAt,
      };
    },

    jobs: [
      defineJob({
        name: 'stream.end_party',
        schema: EndPartyJobSchema,
        handle: async (p) => {
          await endParty(p.partyId);
          await d.onWindowClosed?.(p.partyId);
        },
      }),
      // Idempotent: only participants still on record are disconnected, and each row goes once IVS confirms.
      defineJob({
        name: DISCONNECT_JOB,
        schema: DisconnectJobSchema,
        maxAttempts: 8,
        handle: (p) => disconnectStageGuests(p.partyId, p.inviteId),
      }),
    ] as JobDefinition[],
  };
}

export type StreamService = ReturnType<typeof createStreamService>;

/** A party's stream in numbers (getPartyFacts). */
export interface PartyFacts {
  bookingId: string;
  minutesLive: number;
  peakViewers: number;
  guestsJoined: number;
  firstLiveAt: Date | null;
  lastLiveAt: Date | null;
}
