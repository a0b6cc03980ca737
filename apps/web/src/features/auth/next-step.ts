/**
 * Where a person lands after signing up or logging in without a `?next=` (issue 20: not /account). A DJ without a
 * profile goes to onboarding, a DJ with one to their bookings; a host to their next party if one is coming,
 * else their bookings if they have any, else search. Asked of the API, so it is right on any device.
 */
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { isFinal } from '@partystream/shared/booking/booking.process';
import { api } from '../../lib/api-client';
import { paths } from '../../config/paths';

export async function nextStepFor(user: User, nowMs: number): Promise<string> {
  try {
    if (user.role === 'dj') {
      const { profile } = await api.get<{ profile: unknown }>('/djs/me');
      return profile ? paths.bookings.to() : paths.onboarding.to();
    }
    if (user.role === 'host') {
      const { bookings } = await api.get<{ bookings: Booking[] }>('/bookings');
      const next = bookings
        .filter((b) => !isFinal(b.state) && Date.parse(b.endsAt) > nowMs)
        .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0];
      if (next) return paths.booking.to(next.id);
      return bookings.length ? paths.bookings.to() : paths.search.to();
    }
  } catch {
    // A failed look-up must not block signing in: the account page is always a fine place to be.
  }
  return paths.account.to();
}
