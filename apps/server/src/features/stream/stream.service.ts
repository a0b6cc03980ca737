/**
 * Who may stream and watch, and when. The SFU (packages/media) knows rooms only; this maps a party to its room
 * (the party id) and authorises callers:
 * - publish: the booked DJ only — by session in the browser, or by the per-party stream key OBS sends as
 *   `Authorization: Bearer <key>` — from SOUNDCHECK_MINUTES before the start until GRACE_MINUTES after the end;
 * - watch: the host, the DJ and invited guests (party.resolveAccess); a revoked invite ends that guest's sessions.
 * Stream keys are 256 random bits; only their SHA-256 is stored; regenerating replaces the old one.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Sfu } from '@partystream/media/sfu';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { PartyService } from '../party/party.service.ts';
import * as repo from './stream.repo.ts';

export const SOUNDCHECK_MINUTES = 60;
export const GRACE_MINUTES = 30;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function createStreamService(d: { db: Db; clock: Clock; sfu: Sfu; party: PartyService; publicUrl: string }) {
  /** WHEP sessions of invited guests, so revoking an invite ends them. */
  const guestSessions = new Map<string, Set<string>>();
  d.party.onInviteRevoked(({ inviteId }) => {
    for (const s of guestSessions.get(inviteId) ?? []) void d.sfu.end(s).catch(() => {});
    guestSessions.delete(inviteId);
  });

  function assertWindow(startsAt: Date, endsAt: Date) {
    const now = d.clock.now().getTime();
    if (now < startsAt.getTime() - SOUNDCHECK_MINUTES * 60_000) {
      throw new AppError('FORBIDDEN', { detail: `You can go live from ${SOUNDCHECK_MINUTES} minutes before the party (soundcheck).` });
    }
    if (now > endsAt.getTime() + GRACE_MINUTES * 60_000) throw new AppError('FORBIDDEN', { detail: 'This party is over.' });
  }

  return {
    /** Browser go-live: the logged-in DJ of this party. Returns the SFU room id. */
    async authorizePublisher(token: string, user: User | null): Promise<string> {
      const access = await d.party.resolveAccess({ partyToken: token, user });
      if (access.role !== 'dj') throw new AppError('NOT_FOUND', { detail: 'No such party.' });
      assertWindow(access.startsAt, access.endsAt);
      return access.partyId;
    },

    /** OBS go-live: the bearer stream key. 401 for a missing or unknown key (WHIP §4.2). */
    async authorizeStreamKey(authorization: string | undefined): Promise<string> {
      const key = /^Bearer\s+([A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')?.[1];
      if (!key) throw new AppError('AUTH_REQUIRED', { detail: 'Send the stream key as Authorization: Bearer <key>.', headers: { 'WWW-Authenticate': 'Bearer' } });
      const p = await repo.findByStreamKeyHash(d.db, sha256(key));
      if (!p) throw new AppError('AUTH_REQUIRED', { detail: 'This stream key is not valid (it may have been regenerated).', headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
      assertWindow(p.startsAt, p.endsAt);
      return p.partyId;
    },

    async regenerateKey(token: string, user: User): Promise<{ whipUrl: string; streamKey: string }> {
      const access = await d.party.resolveAccess({ partyToken: token, user });
      if (access.role !== 'dj') throw new AppError('NOT_FOUND', { detail: 'No such party.' });
      const streamKey = randomBytes(32).toString('base64url');
      await repo.setStreamKeyHash(d.db, access.partyId, sha256(streamKey));
      return { whipUrl: `${d.publicUrl}/api/streams/whip`, streamKey };
    },

    async authorizeViewer(token: string, user: User | null, invite?: string): Promise<{ roomId: string; inviteId: string | null }> {
      const access = await d.party.resolveAccess({ partyToken: token, user, inviteCode: invite });
      return { roomId: access.partyId, inviteId: access.inviteId ?? null };
    },

    trackGuestSession(inviteId: string, sessionId: string) {
      const set = guestSessions.get(inviteId) ?? new Set<string>();
      set.add(sessionId);
      guestSessions.set(inviteId, set);
    },

    status(roomId: string) {
      return { live: d.sfu.hasPublisher(roomId), viewers: d.sfu.viewerCount(roomId) };
    },
  };
}

export type StreamService = ReturnType<typeof createStreamService>;
