import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { card, createDj, createUser, loginAs, signedIn } from '../support/factories.ts';
import type { TestClient } from '../support/client.ts';

// Tuesday noon UTC. Test DJs play Fri and Sat 20:00–02:00 Berlin (19:00–01:00 UTC in December).
const NOW = '2026-12-01T12:00:00Z';
const app = useTestApp({ now: NOW });
const DAY = 86_400_000;

afterEach(() => app.clock.set(NOW));

type Dj = Awaited<ReturnType<typeof createDj>>;
type Host = Awaited<ReturnType<typeof signedIn>>;

/** Books and pays a party of `dj` by a new host (or `host`) at [startsAt, startsAt + 3 h). */
async function bookParty(dj: Dj, startsAt: string, host?: Host, guests = ['Ana']) {
  const h = host ?? (await signedIn(app, 'host'));
  const endsAt = new Date(new Date(startsAt).getTime() + 3 * 3_600_000).toISOString();
  const b = await h.client.post('/api/bookings', { djProfileId: dj.profile.id, startsAt, endsAt });
  assert.equal(b.status, 201, b.text);
  const paid = await h.client.post(`/api/bookings/${b.body.booking.id}/pay`, card());
  assert.equal(paid.status, 200, paid.text);
  const token = paid.body.booking.partyToken as string;
  const invites: string[] = [];
  for (const label of guests) {
    const inv = await h.client.post(`/api/parties/${token}/invites`, { label });
    invites.push(new URL(inv.body.invite.link).searchParams.get('invite')!);
  }
  return { host: h, bookingId: b.body.booking.id as string, token, invites, startsAt, endsAt };
}

/** Runs the party: live at the start (the guests open their links then), completed at the end. */
async function runParty(p: Awaited<ReturnType<typeof bookParty>>) {
  app.clock.set(p.startsAt);
  await app.deps.jobs.drain();
  for (const code of p.invites) assert.equal((await app.client().get(`/api/parties/${p.token}?invite=${code}`)).status, 200);
  app.clock.set(p.endsAt);
  await app.deps.jobs.drain();
  const state = (await p.host.client.get(`/api/bookings/${p.bookingId}`)).body.booking.state;
  assert.ok(['completed', 'paid_out'].includes(state), state);
}

async function completedParty(guests?: string[]) {
  const dj = await createDj(app, { profile: { autoAccept: true } });
  const p = await bookParty(dj, '2026-12-04T19:00:00Z', undefined, guests);
  await runParty(p);
  return { dj, ...p };
}

const hostReview = {
  stars: 5,
  text: 'Packed dance floor all night.',
  subRatings: { music_selection: 5, punctuality: 4 },
  tags: ['great_vibes'],
};
const djReview = { stars: 4, text: 'Lovely host, great guests.' };

/** Drizzle wraps the driver's error: match the database's own message. */
const causeMatches = (re: RegExp) => (e: unknown) => {
  const msg = String((e as { cause?: { message?: string } }).cause?.message ?? e);
  assert.match(msg, re);
  return true;
};

/** Templates of every outbox mail to `to`, newest first. */
async function templatesTo(to: string): Promise<(string | null)[]> {
  const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
  return res.body.messages.map((m: { template: string | null }) => m.template);
}
const count = (xs: unknown[], x: unknown) => xs.filter((y) => y === x).length;

async function reviewCount(bookingId: string): Promise<number> {
  const res = await app.deps.db.execute(sql`select count(*)::int as n from reviews where booking_id = ${bookingId}`);
  return Number((res as unknown as { rows: { n: number }[] }).rows[0]!.n);
}

describe('two-sided blind reviews', () => {
  test('a review stays hidden until both are in; then both publish at once', async () => {
    const p = await completedParty(['Ana', 'Ben']);
    const dj = p.dj.client;
    app.clock.advance(60 * 60_000);

    const first = await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, hostReview);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.review.status, 'pending');

    const djView = (await dj.get(`/api/reviews/bookings/${p.bookingId}`)).body;
    assert.equal(djView.status, 'open');
    assert.equal(djView.theirsSubmitted, true, 'the DJ learns that the host wrote');
    assert.equal(djView.theirs, null, 'but not what');
    assert.equal(djView.canReview, true);
    const page0 = (await app.client().get(`/api/reviews/djs/${p.dj.profile.id}`)).body;
    assert.equal(page0.total, 0, 'nothing public yet');
    assert.equal(page0.summary.count, 0);

    const second = await dj.post(`/api/reviews/bookings/${p.bookingId}`, djReview);
    assert.equal(second.status, 201, second.text);
    assert.equal(second.body.review.status, 'published', 'the second review publishes both');

    const hostView = (await p.host.client.get(`/api/reviews/bookings/${p.bookingId}`)).body;
    assert.equal(hostView.status, 'closed');
    assert.equal(hostView.mine.status, 'published');
    assert.equal(hostView.theirs.stars, 4);
    assert.equal(hostView.theirs.text, djReview.text);

    const page = (await app.client().get(`/api/reviews/djs/${p.dj.profile.id}`)).body;
    assert.equal(page.total, 1);
    assert.deepEqual(page.summary.histogram, [0, 0, 0, 0, 1]);
    assert.equal(page.summary.average, 5);
    assert.equal(page.summary.count, 1);
    assert.equal(page.summary.score, Math.round(((5 * 4 + 5) / 6) * 100) / 100);
    assert.deepEqual(page.summary.subRatings, {
      music_selection: { average: 5, count: 1 },
      punctuality: { average: 4, count: 1 },
    });
    const [item] = page.items;
    assert.equal(item.text, hostReview.text);
    assert.deepEqual(item.tags, ['great_vibes']);
    // The clock moved the booking through live and completed, but the DJ never went on air (review-facts.test.ts
    // streams one): the platform measured nothing, so there is no verified line.
    assert.equal(item.verified, null);

    const profile = (await app.client().get(`/api/djs/${p.dj.profile.id}`)).body.profile;
    assert.equal(profile.rating.count, 1, 'the stored aggregate was recomputed with the publication');
    assert.equal(profile.rating.average, 5);

    await app.deps.jobs.drain();
    assert.equal(count(await templatesTo(p.dj.user.email), 'review.published'), 1, 'the DJ is told the host’s review is out');
    assert.equal(count(await templatesTo(p.host.user.email), 'review.published'), 1, 'and the host about the DJ’s');
    const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(p.dj.user.email)}`);
    const mail = res.body.messages.find((m: { template: string }) => m.template === 'review.published');
    assert.match(mail.text, new RegExp(`/bookings/${p.bookingId}/review`));
  });

  test('with one review in, nothing publishes before the deadline; at the deadline it publishes alone and the other side is too late', async () => {
    const p = await completedParty();
    await app.deps.review.scan();
    await app.deps.jobs.drain();
    assert.equal(count(await templatesTo(p.host.user.email), 'review.request'), 1, 'both are asked to review, once');
    assert.equal(count(await templatesTo(p.dj.user.email), 'review.request'), 1);

    assert.equal((await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, hostReview)).status, 201);
    const closesAt = new Date((await p.host.client.get(`/api/reviews/bookings/${p.bookingId}`)).body.closesAt);
    assert.equal(closesAt.getTime(), new Date(p.endsAt).getTime() + 14 * DAY);

    app.clock.set(new Date(closesAt.getTime() - 2 * DAY + 60_000));
    await app.deps.jobs.drain();
    assert.equal(count(await templatesTo(p.dj.user.email), 'review.reminder'), 1, 'the DJ is reminded two days before');
    assert.equal(count(await templatesTo(p.host.user.email), 'review.reminder'), 0, 'the host, who wrote, is not');

    app.clock.set(new Date(closesAt.getTime() - 60_000));
    await app.deps.jobs.drain();
    await app.deps.review.scan();
    assert.equal((await app.client().get(`/api/reviews/djs/${p.dj.profile.id}`)).body.total, 0, 'still hidden a minute before');

    app.clock.set(new Date(closesAt.getTime() + 1000));
    await app.deps.jobs.drain();
    const page = (await app.client().get(`/api/reviews/djs/${p.dj.profile.id}`)).body;
    assert.equal(page.total, 1, 'published when the window closed');
    assert.equal((await app.client().get(`/api/djs/${p.dj.profile.id}`)).body.profile.rating.count, 1);

    const late = await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, djReview);
    assert.equal(late.status, 409);
    assert.equal(late.body.code, 'REVIEW_WINDOW_CLOSED');
    assert.equal(await reviewCount(p.bookingId), 1, 'nothing written');
  });

  test('bad input is refused with a 4xx naming the problem, and nothing is written', async () => {
    // Before completion.
    const dj = await createDj(app, { profile: { autoAccept: true } });
    const early = await bookParty(dj, '2026-12-04T19:00:00Z');
    const notYet = await early.host.client.post(`/api/reviews/bookings/${early.bookingId}`, hostReview);
    assert.equal(notYet.status, 409);
    assert.equal(notYet.body.code, 'REVIEW_NOT_OPEN');
    assert.match(notYet.body.detail, /confirmed/);
    assert.equal((await early.host.client.get(`/api/reviews/bookings/${early.bookingId}`)).body.status, 'not_open');

    const p = await completedParty();
    const url = `/api/reviews/bookings/${p.bookingId}`;
    for (const [body, path] of [
      [{ ...hostReview, stars: 0 }, 'body.stars'],
      [{ ...hostReview, stars: 6 }, 'body.stars'],
      [{ ...hostReview, stars: 4.5 }, 'body.stars'],
      [{ ...hostReview, text: 'x'.repeat(2001) }, 'body.text'],
      [{ ...hostReview, subRatings: { punctuality: 9 } }, 'body.subRatings.punctuality'],
      [{ ...hostReview, tags: ['not_a_tag'] }, 'body.tags.0'],
    ] as const) {
      const res = await p.host.client.post(url, body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${path} named in ${JSON.stringify(res.body.errors)}`,
      );
    }
    const djTags = await p.dj.client.post(url, { ...djReview, subRatings: { punctuality: 5 } });
    assert.equal(djTags.status, 400);
    assert.equal(djTags.body.errors[0].path, 'body.subRatings');

    const stranger = await signedIn(app, 'host');
    const notYours = await stranger.client.post(url, hostReview);
    assert.equal(notYours.status, 404, 'someone else’s booking is not found');
    assert.equal((await stranger.client.get(url)).status, 404);
    assert.equal((await app.client().post(url, hostReview)).status, 401);
    assert.equal(await reviewCount(p.bookingId), 0, 'nothing written by any of these');

    assert.equal((await p.host.client.post(url, hostReview)).status, 201);
    const twice = await p.host.client.post(url, { ...hostReview, stars: 1 });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'REVIEW_ALREADY_SUBMITTED');
    assert.equal(await reviewCount(p.bookingId), 1);
  });

  test('published reviews cannot be changed, even by SQL', async () => {
    const p = await completedParty();
    await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, hostReview);
    await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, djReview);
    await assert.rejects(
      app.deps.db.execute(sql`update reviews set stars = 1 where booking_id = ${p.bookingId}`),
      causeMatches(/published and cannot be changed/),
    );
    await assert.rejects(
      app.deps.db.execute(sql`delete from reviews where booking_id = ${p.bookingId}`),
      causeMatches(/published/),
    );
    await assert.rejects(
      app.deps.db
        .execute(sql`insert into reviews (booking_id, direction, author_user_id, subject_user_id, dj_profile_id, stars, created_at)
        select booking_id, direction, author_user_id, subject_user_id, dj_profile_id, 7, created_at from reviews limit 1`),
      causeMatches(/reviews_stars_valid|reviews_booking_direction_key/),
    );
  });
});

describe('review mails', () => {
  /** Mails of one template to `to`, oldest first, with subject and text. */
  async function mailsTo(to: string, template: string): Promise<{ subject: string; text: string }[]> {
    const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
    return (res.body.messages as { template: string; subject: string; text: string }[])
      .filter((m) => m.template === template)
      .reverse();
  }

  test('the request at completion, the reminder two days before the close and the "published" note come from jobs on the test clock, in each recipient’s language', async () => {
    const p = await completedParty();
    // No API sets a user's language yet (the mail settings of issue 18 will): the stored tag is what mails read.
    await app.deps.db.execute(sql`update users set locale = 'es-MX' where id = ${p.host.user.id}`);
    await app.deps.db.execute(sql`update users set locale = 'fr' where id = ${p.dj.user.id}`);
    const djName = p.dj.profile.stageName as string;

    // As at server start: the periodic scan is scheduled, and the job runner (drained here) does the rest.
    await app.deps.review.scheduleScan();
    await app.deps.jobs.drain();
    const [hostAsk] = await mailsTo(p.host.user.email, 'review.request');
    const [djAsk] = await mailsTo(p.dj.user.email, 'review.request');
    assert.equal(hostAsk?.subject, `¿Qué tal tu fiesta con ${djName}?`);
    assert.match(hostAsk!.text, /^Hola, /);
    assert.match(hostAsk!.text, new RegExp(`/bookings/${p.bookingId}/review`));
    assert.match(djAsk?.subject ?? '', /^Comment s’est passée votre soirée avec .+ \?$/);

    const closesAt = new Date((await p.host.client.get(`/api/reviews/bookings/${p.bookingId}`)).body.closesAt).getTime();
    app.clock.set(new Date(closesAt - 2 * DAY - 60_000));
    await app.deps.jobs.drain();
    assert.equal((await mailsTo(p.host.user.email, 'review.reminder')).length, 0, 'no reminder before two days are left');
    app.clock.set(new Date(closesAt - 2 * DAY + 60_000));
    await app.deps.jobs.drain();
    assert.deepEqual(
      (await mailsTo(p.host.user.email, 'review.reminder')).map((m) => m.subject),
      [`Quedan dos días para reseñar a ${djName}`],
    );
    assert.equal((await mailsTo(p.dj.user.email, 'review.reminder'))[0]?.subject.startsWith('Plus que deux jours'), true);

    assert.equal((await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, hostReview)).status, 201);
    assert.equal((await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, djReview)).status, 201);
    await app.deps.jobs.drain();
    assert.deepEqual(
      (await mailsTo(p.dj.user.email, 'review.published')).map((m) => m.subject),
      [`${p.host.user.displayName} vous a laissé un avis`],
      'the DJ is told, in French, that the host’s review is out',
    );
    assert.deepEqual(
      (await mailsTo(p.host.user.email, 'review.published')).map((m) => m.subject),
      [`${djName} te ha reseñado`],
    );
    // Each mail went once: the scan rescheduled itself, and running the due jobs again sends nothing new.
    app.clock.set(new Date(closesAt + DAY));
    await app.deps.jobs.drain();
    for (const [to, t] of [
      [p.host.user.email, 'review.request'],
      [p.host.user.email, 'review.reminder'],
      [p.dj.user.email, 'review.published'],
    ] as const)
      assert.equal((await mailsTo(to, t)).length, 1, `${t} to ${to} once`);
  });
});

describe('replies and reports', () => {
  test('the reviewed side replies once, publicly; nobody else can', async () => {
    const p = await completedParty();
    const mine = (await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, hostReview)).body.review;
    const pendingReply = await p.dj.client.post(`/api/reviews/${mine.id}/reply`, { text: 'Thanks!' });
    assert.equal(pendingReply.status, 404, 'a review still hidden cannot be answered');
    const theirs = (await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, djReview)).body.review;

    assert.equal((await p.host.client.post(`/api/reviews/${mine.id}/reply`, { text: 'Me?' })).status, 404, 'not about the host');
    assert.equal((await p.dj.client.post(`/api/reviews/${mine.id}/reply`, { text: '' })).status, 400);
    const reply = await p.dj.client.post(`/api/reviews/${mine.id}/reply`, { text: 'Thank you, what a crowd!' });
    assert.equal(reply.status, 201, reply.text);
    const again = await p.dj.client.post(`/api/reviews/${mine.id}/reply`, { text: 'One more thing' });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'REVIEW_ALREADY_REPLIED');
    const item = (await app.client().get(`/api/reviews/djs/${p.dj.profile.id}`)).body.items[0];
    assert.equal(item.reply.text, 'Thank you, what a crowd!');

    assert.equal((await p.host.client.post(`/api/reviews/${theirs.id}/reply`, { text: 'Thanks DJ' })).status, 201);
  });

  test('anyone signed in can report a published review once, with a reason; the moderators see it', async () => {
    const p = await completedParty();
    const r = (await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, hostReview)).body.review;
    const reporter = await signedIn(app, 'host');
    assert.equal((await reporter.client.post(`/api/reviews/${r.id}/reports`, { reason: 'spam' })).status, 404, 'hidden yet');
    await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, djReview);

    assert.equal((await app.client().post(`/api/reviews/${r.id}/reports`, { reason: 'spam' })).status, 401);
    const bad = await reporter.client.post(`/api/reviews/${r.id}/reports`, { reason: 'boring' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].path, 'body.reason');
    const ok = await reporter.client.post(`/api/reviews/${r.id}/reports`, {
      reason: 'false_information',
      note: 'Never happened',
    });
    assert.equal(ok.status, 201, ok.text);
    const twice = await reporter.client.post(`/api/reviews/${r.id}/reports`, { reason: 'spam' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'REVIEW_ALREADY_REPORTED');

    assert.equal((await reporter.client.get('/api/reviews/reports')).status, 403);
    const admin = await loginAs(app, await createUser(app, { role: 'admin' }));
    const queue = (await admin.get('/api/reviews/reports')).body.reports;
    assert.ok(queue.some((q: { reviewId: string; reason: string }) => q.reviewId === r.id && q.reason === 'false_information'));
  });

  test('the DJ of a booking request sees the host’s published reviews from other DJs', async () => {
    const p = await completedParty();
    await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, hostReview);
    await p.dj.client.post(`/api/reviews/bookings/${p.bookingId}`, djReview);

    app.clock.set(NOW);
    const other = await createDj(app, { profile: { autoAccept: false } });
    const req = await p.host.client.post('/api/bookings', {
      djProfileId: other.profile.id,
      startsAt: '2026-12-05T19:00:00Z',
      endsAt: '2026-12-05T22:00:00Z',
    });
    assert.equal(req.status, 201, req.text);
    const seen = await other.client.get(`/api/reviews/bookings/${req.body.booking.id}/host-reviews`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.body.count, 1);
    assert.equal(seen.body.items[0].text, djReview.text);
    assert.equal((await p.host.client.get(`/api/reviews/bookings/${req.body.booking.id}/host-reviews`)).status, 404);
  });
});

describe('reputation in search', () => {
  test('"Top rated" and the min-rating filter use the Bayesian score: one 5★ does not outrank many 4.8★', async () => {
    const genre = 'trance';
    const one = await createDj(app, { profile: { autoAccept: true, stageName: 'One Hit', genres: [genre] } });
    const many = await createDj(app, { profile: { autoAccept: true, stageName: 'Steady', genres: [genre] } });
    const none = await createDj(app, { profile: { autoAccept: true, stageName: 'Newcomer', genres: [genre] } });
    const dates = ['2026-12-04', '2026-12-05', '2026-12-11', '2026-12-12', '2026-12-18'];
    const starsOfMany = [5, 5, 5, 5, 4];
    const parties = [await bookParty(one, '2026-12-04T19:00:00Z', undefined, [])];
    for (const d of dates) parties.push(await bookParty(many, `${d}T19:00:00Z`, undefined, []));
    for (const [i, p] of parties.entries()) {
      await runParty(p);
      const stars = i === 0 ? 5 : starsOfMany[i - 1]!;
      assert.equal((await p.host.client.post(`/api/reviews/bookings/${p.bookingId}`, { stars, text: '' })).status, 201);
    }
    // No DJ writes back: every review publishes alone at its deadline.
    app.clock.set('2027-01-10T00:00:00Z');
    await app.deps.jobs.drain();

    const oneRating = (await app.client().get(`/api/djs/${one.profile.id}`)).body.profile.rating;
    const manyRating = (await app.client().get(`/api/djs/${many.profile.id}`)).body.profile.rating;
    assert.deepEqual(oneRating, { average: 5, count: 1, score: 4.2 });
    assert.deepEqual(manyRating, { average: 4.8, count: 5, score: 4.4 });

    const sorted = (await app.client().get(`/api/djs?genres=${genre}&sort=rating`)).body.items;
    assert.deepEqual(
      sorted.map((c: { stageName: string }) => c.stageName),
      ['Steady', 'One Hit', 'Newcomer'],
    );
    assert.deepEqual(sorted[0].rating, manyRating, 'the card shows the same figures');
    const filtered = (await app.client().get(`/api/djs?genres=${genre}&minRating=4.3`)).body.items;
    assert.deepEqual(
      filtered.map((c: { stageName: string }) => c.stageName),
      ['Steady'],
    );
    void none;
  });
});

export type { TestClient };
