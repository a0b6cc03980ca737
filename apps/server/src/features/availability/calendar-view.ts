/**
 * The DJ's calendar page between two local dates of their zone (inclusive): weekly hours, date overrides, blocks of
 * every source (manual, recurring ones expanded, imported from other calendars) and their bookings, holds marked.
 */
import { DateTime } from 'luxon';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { isAwaitingPayment } from '@partystream/shared/booking/booking.process';
import type { CalendarBlock, CalendarQuery, CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import type { Queryable } from '../../db/client.ts';
import * as repo from './availability.repo.ts';
import { expandRecurring } from './recurring.ts';

export async function calendarView(
  q: Queryable,
  id: string,
  zone: string,
  query: CalendarQuery,
  djBookings: Booking[],
): Promise<CalendarView> {
  const from = DateTime.fromISO(query.from, { zone }).startOf('day');
  const to = DateTime.fromISO(query.to, { zone }).plus({ days: 1 }).startOf('day');
  const [a, b] = [from.toJSDate(), to.toJSDate()];
  const weekly = await repo.listWeekly(q, id);
  const overrides = await repo.listOverrides(q, id, query.from, query.to);
  const manual = await repo.listBlocked(q, id, a, b);
  const imported = await repo.listImportedBusy(q, id, a, b);
  const recurring = await repo.listRecurring(q, id);
  const blocks: CalendarBlock[] = [
    ...manual.map((m) => ({
      id: m.id,
      source: 'manual' as const,
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt.toISOString(),
      reason: m.reason,
      recurringBlockId: null,
      calendarSourceId: null,
    })),
    ...recurring.flatMap((r) =>
      expandRecurring(r, zone, a.getTime(), b.getTime()).map((o) => ({
        id: `${r.id}:${new Date(o.start).toISOString()}`,
        source: 'recurring' as const,
        startsAt: new Date(o.start).toISOString(),
        endsAt: new Date(o.end).toISOString(),
        reason: r.reason,
        recurringBlockId: r.id,
        calendarSourceId: null,
      })),
    ),
    ...imported.map((m) => ({
      id: m.id,
      source: 'import' as const,
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt.toISOString(),
      reason: null,
      recurringBlockId: null,
      calendarSourceId: m.sourceId,
    })),
  ].sort((x, y) => x.startsAt.localeCompare(y.startsAt));
  const bookings = djBookings
    .filter((x) => Date.parse(x.startsAt) < b.getTime() && Date.parse(x.endsAt) > a.getTime())
    .map((x) => ({
      id: x.id,
      state: x.state,
      isHold: isAwaitingPayment(x.state),
      startsAt: x.startsAt,
      endsAt: x.endsAt,
      hostName: x.hostName,
    }));
  return {
    timeZone: zone,
    from: query.from,
    to: query.to,
    weekly,
    overrides,
    blocks,
    recurring: recurring.map((r) => ({
      id: r.id,
      rrule: r.rrule,
      startDate: r.startDate,
      start: r.startTime,
      end: r.endTime,
      reason: r.reason,
    })),
    bookings,
  };
}
