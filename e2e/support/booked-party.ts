/**
 * A party booked with a DJ who may go live now, its host and a guest invite (named "Pat") — what the go-live specs
 * start from. By default the DJ is "DJ Mira", the host "Lu", and the doors are open (guests may watch before the
 * start); `o` names them otherwise, or keeps the doors shut for a spec that opens them itself.
 */
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import type { OffsetClock } from '../../apps/server/src/clock.ts';
import type { E2E } from './fixtures.ts';

export async function bookedParty(
  env: E2E,
  clock: OffsetClock,
  tag: string,
  o: { dj?: string; host?: string; genre?: string; languages?: string[]; openDoors?: boolean } = {},
) {
  const { auth, dj: djs, availability, booking, party, stream } = env.deps;
  const djName = o.dj ?? 'Mira';
  const hostName = o.host ?? 'Lu';
  const djUser = await auth.createUserDirect({
    email: `${djName.toLowerCase()}-${tag}@example.test`,
    displayName: djName,
    role: 'dj',
    password: `${djName.toLowerCase()} dj password 12`,
  });
  const profile = await djs.saveMine(
    djUser,
    DjProfileInputSchema.parse({
      stageName: `DJ ${djName}`,
      genres: [o.genre ?? 'house'],
      yearsExperience: 5,
      languages: o.languages ?? ['en'],
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
    email: `${hostName.toLowerCase()}-${tag}@example.test`,
    displayName: hostName,
    role: 'host',
    password: `${hostName.toLowerCase()} host password 12`,
  });
  const start = new Date(Math.ceil((clock.now().getTime() + 20 * 60_000) / 900_000) * 900_000);
  const { booking: b } = await booking.request(host, {
    djProfileId: profile.id,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    note: '',
  });
  const token = (await booking.pay(host, b.id, { cardNumber: '4242424242424242', expiry: '12/30', cvc: '123', name: hostName }))
    .partyToken!;
  if (o.openDoors ?? true) await stream.openDoors(token, djUser);
  const invite = new URL((await party.createInvite(token, host, 'Pat')).link).searchParams.get('invite')!;
  return { djUser, host, token, invite, start, bookingId: b.id };
}
