/**
 * Private calendar feeds (issue 18): each DJ and host can subscribe to their parties from any calendar app at
 * /api/calendar/feeds/<token>.ics. The token is 256 random bits; revoking deletes it (the address answers 404),
 * and a new address can be made at any time (the old one stops working).
 */
import { randomBytes } from 'node:crypto';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import * as repo from './calendar.repo.ts';
import { buildFeed, type PartyEvent } from './ics.ts';
import { isCalledOff, isPaid, statesWhere } from '@partystream/shared/booking/booking.states';
import { isAwaitingAnswer } from '@partystream/shared/booking/booking.process';

/** States shown in a feed: parties that are on (or were), and cancelled ones so subscribed calendars drop them. */
const SHOWN = new Set<Booking['state']>(statesWhere((s) => isAwaitingAnswer(s) || isPaid(s)));

export interface CalendarServiceDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  /** A user's bookings through the booking service's public read. */
  bookingsOf(user: { id: string; role: 'dj' | 'host' | 'admin' }): Promise<Booking[]>;
}

export function createCalendarService(d: CalendarServiceDeps) {
  const urlOf = (token: string) => `${d.publicUrl}/api/calendar/feeds/${token}.ics`;

  /** A booking as a feed entry (shared with the mails' .ics so UIDs and sequences agree). */
  function eventOf(b: Booking, forRole: 'dj' | 'host' | 'admin'): PartyEvent {
    const other = forRole === 'dj' ? b.hostName : b.djStageName;
    return {
      bookingId: b.id,
      startsAt: new Date(b.startsAt),
      endsAt: new Date(b.endsAt),
      summary: `PartyStream: ${other}${isAwaitingAnswer(b.state) ? ' (awaiting acceptance)' : ''}`,
      url: `${d.publicUrl}/bookings/${b.id}`,
      sequence: b.events?.length ?? 0,
      cancelled: isCalledOff(b.state),
    };
  }

  return {
    eventOf,

    async getFeed(userId: string): Promise<{ url: string | null }> {
      const t = await repo.findFeedToken(d.db, userId);
      return { url: t ? urlOf(t) : null };
    },

    /** Makes a new feed address (replacing any previous one, which then answers 404). */
    async createFeed(userId: string): Promise<{ url: string }> {
      const token = randomBytes(32).toString('base64url');
      await repo.putFeedToken(d.db, userId, token, d.clock.now());
      return { url: urlOf(token) };
    },

    async revokeFeed(userId: string): Promise<void> {
      if (!(await repo.deleteFeedToken(d.db, userId))) throw new AppError('NOT_FOUND', { detail: 'No calendar feed to revoke.' });
    },

    /** The .ics text of a feed, or 404 for an unknown or revoked token. */
    async renderFeed(token: string): Promise<string> {
      const owner = /^[A-Za-z0-9_-]{43}$/.test(token) ? await repo.findFeedOwner(d.db, token) : null;
      if (!owner) throw new AppError('NOT_FOUND', { detail: 'No such calendar feed (it may have been revoked).' });
      const bookings = await d.bookingsOf({ id: owner.id, role: owner.role });
      const events = bookings
        .filter((b) => SHOWN.has(b.state) || b.state.startsWith('cancel'))
        .map((b) => eventOf(b, owner.role));
      return buildFeed(`PartyStream — ${owner.displayName}`, events, d.clock.now());
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
