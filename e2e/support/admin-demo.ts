/**
 * What the admin console's README screenshots show (issue 16), on top of the demo seed: three parties played
 * yesterday and not yet paid out — one with an open card dispute, one partly refunded, one still refundable —,
 * two reported reviews and a reported profile in the moderation queue, and one review already removed.
 */
import { sql } from 'drizzle-orm';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { isAwaitingAnswer } from '@partystream/shared/booking/booking.process';
import type { OffsetClock } from '../../apps/server/src/clock.ts';
import { DEMO_DJS, slug } from '../../apps/server/src/scripts/seed/users.seed.ts';
import type { E2E } from './fixtures.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The sections photographed: the nav tab's index and what shows the section has loaded. */
export const ADMIN_SECTIONS = [
  ['overview', { tab: 0, selector: '.admin-charts svg' }],
  ['moderation', { tab: 4, selector: '[data-testid="admin-removal"]' }],
  ['money', { tab: 2, selector: '[data-testid="admin-money-issue"]' }],
] as const;

export async function adminDemo(e: E2E, clock: OffsetClock): Promise<{ admin: User }> {
  const { auth, dj, booking, admin: console, review, money, db, jobs, availability } = e.deps;
  const byEmail = async (email: string) => auth.getUser((await auth.findUserIdByEmail(email))!);
  const admin = await byEmail('admin@partystream.local');
  const hosts = await Promise.all(
    ['Maya Chen', 'Tom Becker', 'Sofia García'].map((n) => byEmail(`${slug(n)}@host.partystream.local`)),
  );
  const djs = await Promise.all(DEMO_DJS.map((n) => byEmail(`${slug(n)}@dj.partystream.local`)));

  // Three parties booked two days ago, played yesterday: completed, paid out only a day after their end.
  const realNow = Date.now();
  const played: { id: string; endsAt: number }[] = [];
  try {
    for (const [i, d] of djs.slice(1).entries()) {
      if (played.length === 3) break;
      clock.set(new Date(realNow - 2 * DAY));
      const profile = (await dj.getMine(d))!;
      // Open all day for the demo, so yesterday had a slot whatever the DJ's usual hours.
      await availability.setWeekly(d.id, {
        ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:30' })),
      });
      const minutes = profile.pricing.kind === 'hourly' ? profile.pricing.minHours * 60 : profile.pricing.eventMinutes;
      const from = realNow - 2 * DAY + DAY + HOUR;
      const onTheHour = (t: number) => Math.ceil(t / HOUR) * HOUR;
      const windows = await availability.openIntervals(profile.id, from, realNow - HOUR);
      const w = windows.find((x) => x.end - onTheHour(x.start) >= minutes * 60_000);
      if (!w) continue;
      const startsAt = onTheHour(w.start);
      const host = hosts[i % hosts.length]!;
      const { booking: b } = await booking.request(host, {
        djProfileId: profile.id,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + minutes * 60_000).toISOString(),
        note: 'Birthday party',
      });
      const paid = await booking.pay(host, b.id, {
        cardNumber: '4242424242424242',
        expiry: '12/40',
        cvc: '123',
        name: host.displayName,
      });
      if (isAwaitingAnswer(paid.state)) await booking.accept(d, b.id);
      played.push({ id: b.id, endsAt: startsAt + minutes * 60_000 });
    }
    clock.set(new Date(Math.max(...played.map((p) => p.endsAt)) + 30 * 60_000));
    await jobs.drain(50);
  } finally {
    clock.reset();
  }
  const [disputed, refunded] = played;
  if (disputed) {
    const { rows } = (await db.execute(
      sql`select provider_payment_id from payments where booking_id = ${disputed.id}`,
    )) as unknown as { rows: { provider_payment_id: string }[] };
    await db.transaction((tx) =>
      money.applyProviderDispute(tx, {
        id: 'dp_demo_1',
        providerPaymentId: rows[0]!.provider_payment_id,
        amountMinor: 5000,
        status: 'needs_response',
      }),
    );
  }
  if (refunded) await console.decideRefund(admin, refunded.id, 2500, 'The stream dropped for twenty minutes.');

  // The moderation queue: two reported reviews (one then removed) and a reported profile.
  const { rows: published } = (await db.execute(
    sql`select id, author_user_id from reviews where status = 'published' and direction = 'host_to_dj' order by published_at desc limit 2`,
  )) as unknown as { rows: { id: string; author_user_id: string }[] };
  for (const [i, r] of published.entries()) {
    const reporter = hosts.find((h) => h.id !== r.author_user_id)!;
    await review.report(reporter, r.id, i === 0 ? 'private_information' : 'spam', i === 0 ? 'It names a guest.' : '');
  }
  const reportedProfile = (await dj.getMine(djs[0]!))!;
  await console.reportProfile(hosts[0]!, reportedProfile.id, 'The photos seem to be of another DJ.');
  const first = (await console.moderationQueue()).find((m) => m.kind === 'review');
  if (first) await console.decideReport(admin, 'review', first.id, 'remove', 'Names a guest without their consent.');
  return { admin };
}
