/**
 * The end of the party (issue 19, decision 033). The DJ ends it from the console (`party.end`, once the party has
 * started), or its stream window closes (the stream's `stream.end_party` job at the end plus the grace period).
 * Either way, once: the party row records when and why (parties.ended_at / ended_by), the stream's room closes
 * (every session ends), the booking takes the system rows that are due by now (`start` at the start, `complete`
 * at the end — so a DJ who ends after the booked end completes the party, one who ends early leaves it to the
 * end's own timer), and the room is told `party.ended` with the wrap: when, why, and the set list (song
 * requests marked played, in the order they were played). Later snapshots carry the same wrap, and a party that
 * has ended cannot go live again.
 */
import type { PartyWrap, PlayedSong } from '@partystream/shared/party/party.events';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import * as repo from './party-room.repo.ts';

export interface PartyEndDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Closes the party's media room: the DJ's and every guest's sessions end (streaming provider). */
  closeStream(partyId: string): Promise<void>;
  /** The booking feature's system rows whose timers are due for this booking, taken now (booking.due.ts). */
  takeDueBookingRows(bookingId: string): Promise<void>;
  emit(room: string, event: string, payload: unknown): void;
}

/** What the DJ's room access says about the party (party.resolveAccess). */
export interface EndingParty {
  partyId: string;
  bookingId: string;
  role: 'dj' | 'host' | 'guest';
  startsAt: Date;
}

export function createPartyEnd(d: PartyEndDeps) {
  /** The set list: played requests in the order they were played. */
  async function setListOf(partyId: string): Promise<PlayedSong[]> {
    return (await repo.listRequests(d.db, partyId))
      .filter(({ r }) => r.status === 'played')
      .sort((a, b) => (a.r.playedAt?.getTime() ?? 0) - (b.r.playedAt?.getTime() ?? 0))
      .map(({ r }) => ({
        title: r.title,
        artist: r.artist,
        requestedByName: r.requestedByName,
        playedAt: r.playedAt?.toISOString() ?? null,
      }));
  }

  /** The wrap of a party that has ended; null while it is on. */
  async function wrapOf(partyId: string): Promise<PartyWrap | null> {
    const ending = await repo.findEnding(d.db, partyId);
    if (!ending) return null;
    return { endedAt: ending.endedAt.toISOString(), endedBy: ending.endedBy, setList: await setListOf(partyId) };
  }

  async function end(partyId: string, bookingId: string | null, by: PartyWrap['endedBy']): Promise<PartyWrap> {
    const first = await repo.markEnded(d.db, partyId, d.clock.now(), by);
    if (first) {
      // The end is recorded first: a failure below leaves an ended party whose stream the end_party job still
      // closes and whose booking its own timers still move; neither is retried here.
      await d.closeStream(partyId).catch((err: unknown) => d.log.warn({ err, partyId }, 'could not close the ended stream'));
      if (bookingId)
        await d
          .takeDueBookingRows(bookingId)
          .catch((err: unknown) => d.log.warn({ err, bookingId }, 'could not move the booking of an ended party'));
    }
    const wrap = (await wrapOf(partyId))!;
    if (first) d.emit(`party:${partyId}`, 'party.ended', wrap);
    return wrap;
  }

  return {
    wrapOf,

    /** The DJ ends the party for everyone. Idempotent: a second call answers the same wrap. */
    async endByDj(p: EndingParty): Promise<PartyWrap> {
      if (p.role !== 'dj') throw new AppError('FORBIDDEN', { detail: 'Only the DJ can end the party.' });
      if (d.clock.now() < p.startsAt) {
        throw new AppError('CONFLICT', {
          detail: 'The party has not started yet. Stop the stream instead; you can end the party once it has started.',
        });
      }
      return end(p.partyId, p.bookingId, 'dj');
    },

    /** The party's stream window closed (the stream's end_party job); the booking's own timers moved it already. */
    endByTime: (partyId: string) => end(partyId, null, 'time'),

    /** Going live is refused once the party has ended. */
    async assertNotEnded(partyId: string): Promise<void> {
      if (await repo.findEnding(d.db, partyId)) throw new AppError('FORBIDDEN', { detail: 'This party is over.' });
    },
  };
}

export type PartyEnd = ReturnType<typeof createPartyEnd>;
