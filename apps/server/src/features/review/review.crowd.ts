/**
 * The crowd's voice (issue 15, decision 018 §7): a one-tap rating per invite from guests who watched at least
 * CROWD_MIN_WATCH_MINUTES of a completed party, within the review window. Shown apart from the host's stars and
 * never mixed into the Bayesian score. Reached over the party room's Socket.io (review.socket.ts) and offered by the
 * review scan when a window opens.
 */
import { CROWD_MIN_WATCH_MINUTES, REVIEW_WINDOW_DAYS, type CrowdStatus } from '@partystream/shared/review/review.schemas';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import * as repo from './review.repo.ts';

const DAY = 86_400_000;

/** Who is in the party room (the party-room feature's participant, as the socket knows it). */
export interface CrowdParticipant {
  partyId: string;
  role: 'dj' | 'host' | 'guest';
  inviteId: string | null;
}

/** How long a guest watched: from their first join (or the start of the live party) to the completion. */
function guestWatchMinutes(c: { firstJoinedAt: Date | null; liveAt: Date | null; completedAt: Date | null }): number {
  if (!c.firstJoinedAt || !c.liveAt || !c.completedAt) return 0;
  const from = Math.max(c.firstJoinedAt.getTime(), c.liveAt.getTime());
  return Math.max(0, (c.completedAt.getTime() - from) / 60_000);
}

export function createCrowdRating(d: { db: Db; clock: Clock }) {
  /** The party behind the participant when they may rate it now; null otherwise. */
  async function context(p: CrowdParticipant) {
    if (p.role !== 'guest' || !p.inviteId) return null;
    const c = await repo.findCrowdContext(d.db, p.partyId, p.inviteId);
    if (!c || c.revokedAt || !repo.REVIEWABLE_STATES.includes(c.state) || !c.completedAt) return null;
    if (d.clock.now().getTime() > c.completedAt.getTime() + REVIEW_WINDOW_DAYS * DAY) return null;
    if (guestWatchMinutes(c) < CROWD_MIN_WATCH_MINUTES) return null;
    return c;
  }

  async function status(p: CrowdParticipant): Promise<CrowdStatus> {
    if (p.role !== 'guest' || !p.inviteId) return { eligible: false, rated: null };
    const rated = await repo.findCrowdRating(d.db, p.inviteId);
    if (rated !== null) return { eligible: false, rated };
    return { eligible: (await context(p)) !== null, rated: null };
  }

  async function rate(p: CrowdParticipant, stars: number): Promise<CrowdStatus> {
    if (p.inviteId && (await repo.findCrowdRating(d.db, p.inviteId)) !== null)
      throw new AppError('CROWD_RATING_ALREADY_GIVEN', { detail: 'This invite has already rated the party.' });
    const c = await context(p);
    if (!c || !p.inviteId)
      throw new AppError('CROWD_RATING_NOT_ALLOWED', {
        detail: `Only guests who watched at least ${CROWD_MIN_WATCH_MINUTES} minutes can rate, once the party is over.`,
      });
    await repo.insertCrowdRating(d.db, {
      inviteId: p.inviteId,
      bookingId: c.bookingId,
      djProfileId: c.djProfileId,
      stars,
      createdAt: d.clock.now(),
    });
    return { eligible: false, rated: stars };
  }

  return { status, rate };
}
