import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import type { SeedStep } from './seed.ts';
import { DEMO_PASSWORD } from './users.seed.ts';
import { isPartyOn } from '@partystream/shared/booking/booking.states';

export const LIVE_DJ_EMAIL = 'live.demo@dj.partystream.local';
export const LIVE_HOST_EMAIL = 'maya.chen@host.partystream.local';
const HOUR = 3_600_000;

/**
 * A party that starts within the hour, so going live and watching can be tried right after seeding: the DJ may
 * publish from 60 minutes before the start (soundcheck), guests get in when the DJ opens the doors. The demo DJ
 * "DJ Demo Live" plays any time at no notice (the dozen marketplace DJs need 24 hours). Idempotent: a party of
 * this DJ that has not ended yet is reused; once it is over, the next run books a new one.
 */
export const partySeed: SeedStep = {
  name: 'a party starting within the hour (to try going live)',
  async run(deps, ctx) {
    const hostId = ctx.users.get(LIVE_HOST_EMAIL);
    if (!hostId) return;
    const djId =
      (await deps.auth.findUserIdByEmail(LIVE_DJ_EMAIL)) ??
      (await deps.auth.createUserDirect({ email: LIVE_DJ_EMAIL, displayName: 'Demo Live', role: 'dj', password: DEMO_PASSWORD }))
        .id;
    ctx.users.set(LIVE_DJ_EMAIL, djId);
    ctx.logins.push({ role: 'dj', email: LIVE_DJ_EMAIL, password: DEMO_PASSWORD, name: 'DJ Demo Live — the party below' });
    const dj = await deps.auth.getUser(djId);
    const host = await deps.auth.getUser(hostId);
    const profile =
      (await deps.dj.getMine(dj)) ??
      (await deps.dj.saveMine(
        dj,
        DjProfileInputSchema.parse({
          stageName: 'DJ Demo Live',
          cityId: 'london',
          timeZone: 'UTC',
          currency: 'EUR',
          genres: ['house', 'open-format'],
          languages: ['en'],
          yearsExperience: 3,
          pricing: { kind: 'hourly', hourlyRateMinor: 5000, minHours: 1, maxHours: 4 },
          minNoticeHours: 0,
          bufferMinutes: 0,
          autoAccept: true,
          bio: 'The demo DJ: bookable at any hour with no notice, so you can try a live party right now.',
        }),
      ));
    // Every hour of the week (two touching ranges a day; a range cannot start and end at the same minute).
    await deps.availability.setWeekly(djId, {
      ranges: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
        { weekday, start: '00:00', end: '12:00' },
        { weekday, start: '12:00', end: '00:00' },
      ]),
    });
    if (deps.payments.kind !== 'local') {
      ctx.notes.push(
        'No demo party booked: the payment provider is not the embedded one (book one in the app with a test card).',
      );
      return;
    }
    await deps.paymentService.startPayoutOnboarding(dj);

    const now = deps.clock.now().getTime();
    let party = (await deps.booking.listMine(host)).find(
      (b) => b.djProfileId === profile.id && b.partyToken && isPartyOn(b.state) && new Date(b.endsAt).getTime() > now,
    );
    if (!party) {
      const start = Math.ceil((now + 20 * 60_000) / (15 * 60_000)) * 15 * 60_000;
      const { booking } = await deps.booking.request(host, {
        djProfileId: profile.id,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 2 * HOUR).toISOString(),
        note: 'Demo party from npm run seed:demo',
      });
      party = await deps.booking.pay(host, booking.id, {
        cardNumber: '4242424242424242',
        expiry: '12/40',
        cvc: '123',
        name: 'Maya Chen',
      });
    }
    const token = party.partyToken!;
    const invites = await deps.party.listInvites(token, host);
    const invite = invites.find((i) => !i.revokedAt) ?? (await deps.party.createInvite(token, host, 'Demo guest'));
    const base = deps.config.PUBLIC_URL;
    ctx.notes.push(
      `A party with DJ Demo Live starts at ${party.startsAt} (UTC) and runs two hours:`,
      `  DJ (${LIVE_DJ_EMAIL}) goes live at  ${base}/party/${token}/live`,
      `  host (${LIVE_HOST_EMAIL}) opens     ${base}/party/${token}`,
      `  a guest (no account) opens        ${invite.link}`,
    );
  },
};
