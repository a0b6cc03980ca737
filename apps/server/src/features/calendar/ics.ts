/**
 * iCalendar (RFC 5545 / iTIP RFC 5546) for parties: the subscription feed and the .ics attached to booking mails.
 * Built with `ical-generator`. One stable UID per booking, so a calendar that imported the request updates the
 * same entry on a change or cancellation instead of adding a second one; SEQUENCE grows with every change.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface PartyEvent {
  bookingId: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description?: string;
  url?: string;
  /** Revision of the booking as the calendar should see it (the number of its transitions). */
  sequence: number;
  cancelled?: boolean;
}

/** UID of a booking's calendar entry, the same in feeds and mails. */
export const partyUid = (bookingId: string) => `booking-${bookingId}@partystream`;

function add(cal: ReturnType<typeof ical>, e: PartyEvent, stamp: Date) {
  cal.createEvent({
    id: partyUid(e.bookingId),
    sequence: e.sequence,
    stamp,
    start: e.startsAt,
    end: e.endsAt,
    summary: e.summary,
    description: e.description,
    url: e.url,
    status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

/** A single-event invitation for a mail: METHOD:REQUEST for a confirmation or change, CANCEL for a cancellation. */
export function buildPartyInvite(e: PartyEvent, stamp: Date, organizerEmail: string): string {
  const cal = ical({
    prodId: { company: 'PartyStream', product: 'bookings', language: 'EN' },
    method: e.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  add(cal, e, stamp);
  cal.events()[0]!.organizer({ name: 'PartyStream', email: organizerEmail });
  return cal.toString();
}

/** A subscription feed of many parties (no METHOD: it is published, not an invitation). */
export function buildFeed(name: string, events: PartyEvent[], stamp: Date): string {
  const cal = ical({ name, prodId: { company: 'PartyStream', product: 'feed', language: 'EN' }, ttl: 3600 });
  for (const e of events) add(cal, e, stamp);
  return cal.toString();
}
