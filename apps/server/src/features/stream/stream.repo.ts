import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { parties } from '../../db/schema/party.ts';
import { bookings } from '../../db/schema/booking.ts';

export async function setStreamKeyHash(q: Queryable, partyId: string, hash: string): Promise<void> {
  await q.update(parties).set({ streamKeyHash: hash }).where(eq(parties.id, partyId));
}

export async function findByStreamKeyHash(q: Queryable, hash: string) {
  const [row] = await q
    .select({ partyId: parties.id, startsAt: bookings.startsAt, endsAt: bookings.endsAt, state: bookings.state })
    .from(parties)
    .innerJoin(bookings, eq(bookings.id, parties.bookingId))
    .where(eq(parties.streamKeyHash, hash));
  return row && ['confirmed', 'live', 'completed'].includes(row.state) ? row : null;
}
