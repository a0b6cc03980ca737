import { and, asc, desc, eq, gt, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { SLOT_HOLDING_STATES, type BookingState } from '@partystream/shared/booking/booking.states';
import { PLAYED_STATES } from '@partystream/shared/booking/booking.process';
import { pgConstraint, pgErrorCode, type Queryable } from '../../db/client.ts';
import { bookingEvents, bookings, platformSettings } from '../../db/schema/booking.ts';
import { djProfiles } from '../../db/schema/dj.ts';
import { users } from '../../db/schema/user.ts';
import { AppError } from '../../errors.ts';

export type BookingRow = typeof bookings.$inferSelect;
export type NewBookingRow = typeof bookings.$inferInsert;

export async function insertBooking(q: Queryable, v: NewBookingRow): Promise<BookingRow> {
  try {
    const [row] = await q.insert(bookings).values(v).returning();
    return row!;
  } catch (e) {
    if (pgErrorCode(e) === '23P01' || pgConstraint(e) === 'bookings_no_overlap') {
      throw new AppError('BOOKING_SLOT_TAKEN', {
        detail: 'Someone just booked an overlapping time with this DJ. Pick another slot.',
      });
    }
    throw e;
  }
}

export async function findByRequestKey(q: Queryable, hostUserId: string, key: string): Promise<BookingRow | null> {
  const [row] = await q
    .select()
    .from(bookings)
    .where(and(eq(bookings.hostUserId, hostUserId), eq(bookings.requestKey, key)));
  return row ?? null;
}

/** Locks the row for the rest of the transaction (serialises transitions of one booking). */
export async function lockBooking(q: Queryable, id: string): Promise<BookingRow | null> {
  const [row] = await q.select().from(bookings).where(eq(bookings.id, id)).for('update');
  return row ?? null;
}

export async function findBooking(q: Queryable, id: string): Promise<BookingRow | null> {
  const [row] = await q.select().from(bookings).where(eq(bookings.id, id));
  return row ?? null;
}

/** Compare-and-set: moves the booking from `from` to `to`; false when someone else changed it first. */
export async function setState(
  q: Queryable,
  id: string,
  from: BookingState,
  to: BookingState,
  set: Partial<BookingRow>,
  now: Date,
): Promise<boolean> {
  const rows = await q
    .update(bookings)
    .set({ ...set, state: to, updatedAt: now, version: sql`${bookings.version} + 1` })
    .where(and(eq(bookings.id, id), eq(bookings.state, from)))
    .returning({ id: bookings.id });
  return rows.length > 0;
}

/** Money refunded outside a transition (a refund made at the provider): the state stays, the version moves. */
export async function setRefunded(q: Queryable, id: string, refundedMinor: number, now: Date): Promise<void> {
  await q
    .update(bookings)
    .set({ refundedMinor, updatedAt: now, version: sql`${bookings.version} + 1` })
    .where(eq(bookings.id, id));
}

/** The dispute flag, as last read from the provider (the state stays, the version moves). */
export async function setDispute(
  q: Queryable,
  id: string,
  v: { disputeId: string; disputeStatus: 'open' | 'won' | 'lost'; disputeMinor: number },
  now: Date,
): Promise<void> {
  await q
    .update(bookings)
    .set({ ...v, updatedAt: now, version: sql`${bookings.version} + 1` })
    .where(eq(bookings.id, id));
}

export async function insertEvent(q: Queryable, v: typeof bookingEvents.$inferInsert): Promise<void> {
  await q.insert(bookingEvents).values(v);
}

/** How often the booking took `transition` (its audit rows), or how many audit rows it has (its revision). */
export async function countEvents(q: Queryable, bookingId: string, transition?: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<string>`count(*)` })
    .from(bookingEvents)
    .where(
      transition
        ? and(eq(bookingEvents.bookingId, bookingId), eq(bookingEvents.transition, transition))
        : eq(bookingEvents.bookingId, bookingId),
    );
  return Number(row?.n ?? 0);
}

export async function listEvents(q: Queryable, bookingId: string) {
  return q
    .select()
    .from(bookingEvents)
    .where(eq(bookingEvents.bookingId, bookingId))
    .orderBy(asc(bookingEvents.at), asc(bookingEvents.seq));
}

export async function listForUser(q: Queryable, userId: string, as: 'host' | 'dj') {
  return q
    .select({ b: bookings, stageName: djProfiles.stageName, djTimeZone: djProfiles.timeZone, hostName: users.displayName })
    .from(bookings)
    .innerJoin(djProfiles, eq(djProfiles.id, bookings.djProfileId))
    .innerJoin(users, eq(users.id, bookings.hostUserId))
    .where(as === 'host' ? eq(bookings.hostUserId, userId) : eq(bookings.djUserId, userId))
    .orderBy(desc(bookings.startsAt))
    .limit(200);
}

export async function findWithNames(q: Queryable, id: string) {
  const [row] = await q
    .select({ b: bookings, stageName: djProfiles.stageName, djTimeZone: djProfiles.timeZone, hostName: users.displayName })
    .from(bookings)
    .innerJoin(djProfiles, eq(djProfiles.id, bookings.djProfileId))
    .innerJoin(users, eq(users.id, bookings.hostUserId))
    .where(eq(bookings.id, id));
  return row ?? null;
}

/** How many parties each DJ has played (bookings in PLAYED_STATES); DJs with none are absent. */
export async function playedCounts(q: Queryable, djProfileIds: string[]): Promise<Map<string, number>> {
  if (!djProfileIds.length) return new Map();
  const rows = await q
    .select({ djProfileId: bookings.djProfileId, n: sql<number>`count(*)::int` })
    .from(bookings)
    .where(and(inArray(bookings.djProfileId, djProfileIds), inArray(bookings.state, [...PLAYED_STATES])))
    .groupBy(bookings.djProfileId);
  return new Map(rows.map((r) => [r.djProfileId, Number(r.n)]));
}

/** Parties played by the DJ whose id is `djId` (an SQL expression): the count of playedCounts() inside a query. */
export function playedCountSql(djId: SQL): SQL {
  const states = sql.join(
    PLAYED_STATES.map((s) => sql`${s}`),
    sql`, `,
  );
  return sql`(select count(*)::int from bookings b where b.dj_profile_id = ${djId} and b.state in (${states}))`;
}

/** Slot-holding bookings of a DJ overlapping [from, to), as raw times (availability adds the buffer). */
export async function busyRanges(q: Queryable, djProfileIds: string[], from: Date, to: Date) {
  if (!djProfileIds.length) return [];
  return q
    .select({ djProfileId: bookings.djProfileId, startsAt: bookings.startsAt, endsAt: bookings.endsAt })
    .from(bookings)
    .where(
      and(
        inArray(bookings.djProfileId, djProfileIds),
        inArray(bookings.state, [...SLOT_HOLDING_STATES]),
        lt(bookings.startsAt, to),
        gt(bookings.endsAt, from),
      ),
    );
}

/** Slot-holding bookings of the DJ `djId` (an SQL expression) near [from, to), widened by `buffer`, as one multirange. */
export function busyMultirangeSql(djId: SQL, buffer: SQL, from: string, to: string): SQL {
  const states = sql.join(
    SLOT_HOLDING_STATES.map((s) => sql`${s}`),
    sql`, `,
  );
  return sql`coalesce((select range_agg(tstzrange(b.starts_at - ${buffer}, b.ends_at + ${buffer})) from bookings b
    where b.dj_profile_id = ${djId} and b.state in (${states})
      and tstzrange(b.slot_from, b.slot_until, '[)') && tstzrange(${from}::timestamptz - interval '1 day', ${to}::timestamptz + interval '1 day')), '{}'::tstzmultirange)`;
}

export async function getSetting(q: Queryable, key: string): Promise<string | null> {
  const [row] = await q.select().from(platformSettings).where(eq(platformSettings.key, key));
  return row?.value ?? null;
}

export async function putSetting(q: Queryable, key: string, value: string, by: string, at: Date): Promise<void> {
  await q
    .insert(platformSettings)
    .values({ key, value, updatedBy: by, updatedAt: at })
    .onConflictDoUpdate({ target: platformSettings.key, set: { value, updatedBy: by, updatedAt: at } });
}
