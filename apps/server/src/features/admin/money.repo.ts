/**
 * The console's money read models (decision 021: operator reports read other features' tables, never write
 * them): bookings that need a person — an open card dispute, a no-show claim, or a completed party an admin may
 * still refund before its pay-out — with their lifecycle history and what the stream measured.
 */
import { asc, desc, eq, inArray, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { availableTransitions, isNoShow } from '@partystream/shared/booking/booking.process';
import { statesWhere } from '@partystream/shared/booking/booking.states';
import type { Queryable } from '../../db/client.ts';
import { bookingEvents, bookings } from '../../db/schema/booking.ts';
import { djProfiles } from '../../db/schema/dj.ts';
import { parties } from '../../db/schema/party.ts';
import { streamFacts } from '../../db/schema/stream.ts';
import { users } from '../../db/schema/user.ts';

const hosts = alias(users, 'host');
/** Where an admin may still decide a refund (a completed party not yet paid out), from the process table. */
const refundable = statesWhere((s) => availableTransitions(s, 'admin').includes('refund_by_admin'));

export async function openMoneyIssues(q: Queryable, limit = 200) {
  return q
    .select({
      id: bookings.id,
      state: bookings.state,
      disputeStatus: bookings.disputeStatus,
      disputeMinor: bookings.disputeMinor,
      totalMinor: bookings.totalMinor,
      refundedMinor: bookings.refundedMinor,
      currency: bookings.currency,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      stageName: djProfiles.stageName,
      hostName: hosts.displayName,
      facts: streamFacts,
    })
    .from(bookings)
    .innerJoin(djProfiles, eq(djProfiles.id, bookings.djProfileId))
    .innerJoin(hosts, eq(hosts.id, bookings.hostUserId))
    .leftJoin(parties, eq(parties.bookingId, bookings.id))
    .leftJoin(streamFacts, eq(streamFacts.partyId, parties.id))
    .where(
      or(eq(bookings.disputeStatus, 'open'), inArray(bookings.state, statesWhere(isNoShow)), inArray(bookings.state, refundable)),
    )
    .orderBy(desc(bookings.startsAt))
    .limit(limit);
}

/** The lifecycle rows of these bookings, oldest first. */
export async function historyOf(q: Queryable, bookingIds: string[]) {
  if (!bookingIds.length) return [];
  return q
    .select()
    .from(bookingEvents)
    .where(inArray(bookingEvents.bookingId, bookingIds))
    .orderBy(asc(bookingEvents.at), asc(bookingEvents.seq));
}
