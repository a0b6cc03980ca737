/**
 * A party booked with a DJ who may go live now (doors open), its host and a guest invite — what the go-live specs
 * (virtual background on either streaming provider) start from.
 */
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import type { OffsetClock } from '../../apps/server/src/clock.ts';
import type { E2E } from './fixtures.ts';

export async function bookedParty(env: E2E, clock: OffsetClock, tag: string) {
  const { auth, dj: djs, availability, booking, party, stream } = env.deps;
  const djUser = await auth.createUserDirect({
    email: `mira-${tag}@example.test`,
    displayName: 'Mira',
    role: 'dj',
    password: 'mira dj password 12',
  });
  const profile = await djs.saveMine(
    djUser,
    DjProfileInputSchema.parse({
      stageName: 'DJ Mira',
      genres: ['house'],
      yearsExperience: 5,
      languages: ['en'],
      cityId: 'berlin',
      timeZone: 'UTC',
      currency: 'EUR',
      pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 1, maxHours: 4 },
      minNoticeHours: 0,
      autoAccept: true,
      bufferMinutes: 0,
    }),
  );
  await availability.setWeekly(djUser.id, {
    ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:45' })),
  });
  await env.deps.paymentService.startPayoutOnboarding(djUser);
  const host = await auth.createUserDirect({
    email: `lu-${tag}@example.test`,
    displayName: 'Lu',
    role: 'host',
    password: 'lu host password 12',
  });
  const start = new Date(Math.ceil((clock.now().getTime() + 20 * 60_000) / 900_000) * 900_000);
  const { booking: b } = await booking.request(host, {
    djProfileId: profile.id,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    note: '',
  });
  const token = (await booking.pay(host, b.id, { cardNumber: '4242424242424242', expiry: '12/30', cvc: '123', name: 'Lu' }))
    .partyToken!;
  await stream.openDoors(token, djUser);
  const invite = new URL((await party.createInvite(token, host, 'Pat')).link).searchParams.get('invite')!;
  return { djUser, host, token, invite };
}
