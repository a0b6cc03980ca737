import type { User } from '@partystream/shared/auth/auth.schemas';
import type { CreateReview } from '@partystream/shared/review/review.schemas';
import { isSettable, OffsetClock } from '../../clock.ts';
import type { Deps } from '../../deps.ts';
import type { SeedStep } from './seed.ts';
import { DEMO_DJS, slug } from './users.seed.ts';
import { isAwaitingAnswer } from '@partystream/shared/booking/booking.process';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** How many past parties each marketplace DJ gets (in DEMO_DJS order), and the stars their hosts gave. */
const HISTORY: number[][] = [
  [5, 5, 4],
  [5, 4, 5, 5],
  [4, 5, 4],
  [5, 5],
  [5, 5, 5, 4, 5],
  [4, 3, 5],
  [5, 4, 5],
  [4, 4],
  [5, 5, 4],
  [5],
  [3, 4, 5],
  [5, 5],
];
const TEXTS = [
  'The dance floor never emptied — our guests are still talking about it.',
  'Read the room perfectly and took every request that fit the vibe.',
  'Great sound on the stream, smooth transitions, super friendly in the chat.',
  'Started right on time and kept the energy up for three hours.',
  'A bit loud at first, but the set got better and better.',
  'Exactly the music we asked for. Would book again.',
  'Made my sister’s birthday. The shout-outs were a lovely touch.',
];
const DJ_TEXTS = [
  'Lovely host, great guests who kept the chat busy.',
  'Clear brief, on time, a pleasure to play for.',
  'Fun crowd, lots of requests — thank you!',
];
const TAGS = [
  ['great_vibes', 'took_requests'],
  ['smooth_mixing', 'great_sound'],
  ['on_time', 'would_book_again'],
  ['read_the_room'],
];

/**
 * Past parties with real reviews (issue 15): every marketplace DJ gets a few completed parties, booked, paid,
 * played and completed through the services on a clock moved into the past, then reviewed by the host (and mostly
 * by the DJ) through the review service — so ratings, histograms and counts come from published reviews only.
 * Guests join and some give the crowd rating. Idempotent: a DJ who already has reviews is skipped.
 */
export const reviewsSeed: SeedStep = {
  name: 'past parties with reviews',
  async run(deps, ctx) {
    if (!isSettable(deps.clock) || deps.payments.kind !== 'local') {
      ctx.notes.push('No past reviews seeded (needs the embedded payments provider and a movable clock).');
      return;
    }
    const clock = deps.clock;
    const realNow = deps.clock.now();
    const hostIds = [...ctx.users].filter(([email]) => email.endsWith('@host.partystream.local')).map(([, id]) => id);
    if (!hostIds.length) return;
    const hosts = await Promise.all(hostIds.map((id) => deps.auth.getUser(id)));
    let n = 0;
    try {
      for (const [i, name] of DEMO_DJS.entries()) {
        const djId = ctx.users.get(`${slug(name)}@dj.partystream.local`);
        if (!djId) continue;
        const dj = await deps.auth.getUser(djId);
        const profile = await deps.dj.getMine(dj);
        if (!profile?.bookable || profile.rating.count > 0) continue;
        const history = HISTORY[i % HISTORY.length]!;
        for (const [k, stars] of history.entries()) {
          // Oldest first, a week apart, the last one ending a little over two weeks ago (its window has closed).
          const bookAt = new Date(realNow.getTime() - (20 + 7 * (history.length - k)) * DAY);
          await pastParty(deps, clock, {
            dj,
            profileId: profile.id,
            host: hosts[(i + k) % hosts.length]!,
            bookAt,
            stars,
            seq: n++,
          });
        }
      }
    } finally {
      // Back to the present (the machine's time for the seed script's clock, the test's time for a manual one).
      if (clock instanceof OffsetClock) clock.reset();
      else clock.set(realNow);
    }
    // Back in the present: publish the windows that closed with one review, pay out, send what is due.
    await deps.jobs.drain(50);
  },
};

async function pastParty(
  deps: Deps,
  clock: { set(t: Date): void },
  o: { dj: User; profileId: string; host: User; bookAt: Date; stars: number; seq: number },
): Promise<void> {
  clock.set(o.bookAt);
  // From a day and an hour ahead, on the hour: the clock moves on while the seed works, and a start exactly one day
  // ahead would fall short of a DJ's 24 hours' notice whenever the seed runs inside that DJ's hours.
  const from = o.bookAt.getTime() + DAY + HOUR;
  const windows = await deps.availability.openIntervals(o.profileId, from, from + 7 * DAY);
  const profile = (await deps.dj.getMine(o.dj))!;
  const minutes = profile.pricing.kind === 'hourly' ? profile.pricing.minHours * 60 : profile.pricing.eventMinutes;
  const onTheHour = (t: number) => Math.ceil(t / HOUR) * HOUR;
  const w = windows.find((x) => x.end - onTheHour(x.start) >= minutes * 60_000);
  if (!w) return;
  const startsAt = new Date(onTheHour(w.start));
  const endsAt = new Date(startsAt.getTime() + minutes * 60_000);
  const { booking } = await deps.booking.request(o.host, {
    djProfileId: o.profileId,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    note: 'Demo party (seed)',
  });
  let b = await deps.booking.pay(o.host, booking.id, {
    cardNumber: '4242424242424242',
    expiry: '12/40',
    cvc: '123',
    name: o.host.displayName,
  });
  if (isAwaitingAnswer(b.state)) b = await deps.booking.accept(o.dj, b.id);
  const token = b.partyToken;
  if (!token) return;
  const guests = [];
  for (const label of ['Ana', 'Ben', 'Chiara', 'Dev'].slice(0, 2 + (o.seq % 3))) {
    const inv = await deps.party.createInvite(token, o.host, label);
    guests.push(new URL(inv.link).searchParams.get('invite')!);
  }

  clock.set(startsAt);
  await deps.jobs.drain(50);
  const participants = [];
  for (const code of guests) {
    await deps.party.view(token, null, code);
    participants.push(await deps.party.resolveAccess({ partyToken: token, inviteCode: code }));
  }
  clock.set(endsAt);
  await deps.jobs.drain(50);

  clock.set(new Date(endsAt.getTime() + 10 * 60_000));
  for (const [g, p] of participants.entries())
    if (g < 2)
      await deps.review.crowdRate(
        { partyId: p.partyId, role: p.role, inviteId: p.inviteId ?? null },
        g === 0 ? o.stars : Math.max(3, o.stars - (o.seq % 2)),
      );

  clock.set(new Date(endsAt.getTime() + 20 * HOUR));
  const review: CreateReview = {
    stars: o.stars,
    text: TEXTS[o.seq % TEXTS.length]!,
    subRatings: {
      music_selection: o.stars,
      sound_and_picture: Math.max(3, o.stars - (o.seq % 2)),
      interaction: o.stars,
      punctuality: o.seq % 4 === 0 ? Math.max(3, o.stars - 1) : 5,
    },
    tags: TAGS[o.seq % TAGS.length] as CreateReview['tags'],
  };
  await deps.review.submit(o.host, b.id, review);
  // Most DJs write back (then both publish at once); the others' host review publishes when the window closes.
  if (o.seq % 4 !== 3) {
    clock.set(new Date(endsAt.getTime() + 30 * HOUR));
    await deps.review.submit(o.dj, b.id, { stars: 5 - (o.seq % 5 === 0 ? 1 : 0), text: DJ_TEXTS[o.seq % DJ_TEXTS.length]! });
  }
}
