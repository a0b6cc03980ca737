/**
 * Reviews and reputation (issue 15). The booking lifecycle is only read: a booking with a `complete` event opens a
 * review window (by the periodic `review.scan` job, or on demand when one side opens or writes their review first).
 * Both sides write once; the reviews stay hidden until both are in or the window closes, then publish together in
 * one transaction that also rewrites the DJ's stored rating (mean, count, Bayesian score — decision 018).
 * Mails and the close timer are jobs enqueued in the transaction that causes them, with idempotent keys.
 */
import { z } from 'zod';
import {
  REVIEW_REMINDER_DAYS_BEFORE,
  REVIEW_WINDOW_DAYS,
  ratingScore,
  type BookingReviews,
  type CreateReview,
  type DjReviewsPage,
  type HostReviews,
  type PendingReview,
  type Review,
  type SubRatingAspect,
  type VerifiedFacts,
} from '@partystream/shared/review/review.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob, enqueueJob, type JobDefinition } from '../../jobs/jobs.ts';
import type { NoticeMail } from '../../jobs/mail.job.ts';
import * as repo from './review.repo.ts';
import { reviewMail, type ReviewMailKind } from './review.mail.ts';
import { createCrowdRating, type CrowdParticipant } from './review.crowd.ts';

export type { CrowdParticipant } from './review.crowd.ts';

const DAY = 86_400_000;
const SCAN_EVERY_MS = 60_000;
const SCAN_BATCH = 200;
const HOST_REVIEWS_SHOWN = 10;

export interface ReviewServiceDeps {
  db: Db;
  clock: Clock;
  publicUrl: string;
  sendMail(m: NoticeMail): Promise<unknown>;
  /** Tells a socket room something (the crowd rating prompt goes to `invite:<id>`). */
  emit(room: string, event: string, payload: unknown): void;
  /**
   * What the streaming provider measured of the booking's party (the stream feature's stream_facts): minutes on
   * air, invited guests who watched, and when it first went live (null: never on air). Null without a party.
   */
  streamFacts(bookingId: string): Promise<{ minutesLive: number; guestsJoined: number; firstLiveAt: Date | null } | null>;
  /** Song requests the DJ marked played in the booking's party room (the party-room feature). */
  requestsPlayed(bookingId: string): Promise<number>;
}

const MailJobSchema = z.object({
  kind: z.enum(['request', 'reminder', 'published']),
  bookingId: z.uuid(),
  toUserId: z.uuid(),
});
const BookingJobSchema = z.object({ bookingId: z.uuid() });

export function createReviewService(d: ReviewServiceDeps) {
  const now = () => d.clock.now();
  const link = (bookingId: string) => `${d.publicUrl}/bookings/${bookingId}/review`;

  const crowd = createCrowdRating(d);

  /**
   * The "verified party" line: only facts the platform measured. A booking the streaming provider never saw on air
   * gets none, whatever its state says (a party can be marked live and completed by the clock alone).
   */
  async function verifiedFacts(bookingId: string): Promise<VerifiedFacts> {
    const s = await d.streamFacts(bookingId);
    if (!s?.firstLiveAt) return null;
    return { minutesLive: s.minutesLive, guestsJoined: s.guestsJoined, requestsPlayed: await d.requestsPlayed(bookingId) };
  }

  function mailJob(tx: Tx, kind: ReviewMailKind, bookingId: string, toUserId: string, runAt: Date, key: string) {
    return enqueueJob(tx, 'review.mail', { kind, bookingId, toUserId }, { runAt, key });
  }

  /**
   * Opens the review window of a completed booking, with its effects: the request mails, the reminders and the
   * close timer. Idempotent (a second call changes nothing). Returns true when it opened the window.
   */
  async function openWindow(
    tx: Tx,
    b: { id: string; djProfileId: string; hostUserId: string; djUserId: string; completedAt: Date },
  ): Promise<boolean> {
    const closesAt = new Date(b.completedAt.getTime() + REVIEW_WINDOW_DAYS * DAY);
    const created = await repo.insertWindow(tx, {
      bookingId: b.id,
      djProfileId: b.djProfileId,
      hostUserId: b.hostUserId,
      djUserId: b.djUserId,
      completedAt: b.completedAt,
      closesAt,
    });
    if (!created) return false;
    const at = now();
    const remindAt = new Date(Math.max(at.getTime(), closesAt.getTime() - REVIEW_REMINDER_DAYS_BEFORE * DAY));
    for (const userId of [b.hostUserId, b.djUserId]) {
      // A window opened long after completion (a late scan) skips the request once the reminder is due.
      if (at < remindAt) await mailJob(tx, 'request', b.id, userId, at, `review.request:${b.id}:${userId}`);
      await mailJob(tx, 'reminder', b.id, userId, remindAt, `review.reminder:${b.id}:${userId}`);
    }
    await enqueueJob(tx, 'review.close', { bookingId: b.id }, { runAt: closesAt, key: `review.close:${b.id}` });
    return true;
  }

  /** Publishes the booking's reviews (both, or whichever exists) and rewrites the DJ's rating, in `tx`. */
  async function publish(tx: Tx, w: repo.WindowRow): Promise<void> {
    const published = await repo.publishWindow(tx, w.bookingId, now());
    if (!published) return;
    if (published.some((r) => r.direction === 'host_to_dj')) await repo.recomputeDjRating(tx, w.djProfileId);
    for (const r of published) await mailJob(tx, 'published', r.bookingId, r.subjectUserId, now(), `review.published:${r.id}`);
  }

  async function closeWindow(bookingId: string): Promise<void> {
    await d.db.transaction(async (tx) => {
      const w = await repo.findWindow(tx, bookingId, true);
      if (w && !w.publishedAt && w.closesAt <= now()) await publish(tx, w);
    });
  }

  async function requireParticipant(user: User, bookingId: string) {
    const b = await repo.findBooking(d.db, bookingId);
    if (!b || (b.hostUserId !== user.id && b.djUserId !== user.id))
      throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
    return { b, role: b.hostUserId === user.id ? ('host' as const) : ('dj' as const) };
  }

  /** The window of a booking, opening it if the booking has completed and nobody has yet. */
  async function ensureWindow(b: NonNullable<Awaited<ReturnType<typeof repo.findBooking>>>): Promise<repo.WindowRow | null> {
    const existing = await repo.findWindow(d.db, b.id);
    if (existing) return existing;
    if (!repo.REVIEWABLE_STATES.includes(b.state) || !b.completedAt) return null;
    const completedAt = b.completedAt;
    await d.db.transaction((tx) => openWindow(tx, { ...b, completedAt }));
    return repo.findWindow(d.db, b.id);
  }

  async function toReviews(rows: repo.ReviewRow[], q: Db | Tx = d.db): Promise<Review[]> {
    const det = await repo.detailsOf(q, rows);
    return rows.map((r) => {
      const reply = det.replies.get(r.id);
      return {
        id: r.id,
        bookingId: r.bookingId,
        direction: r.direction,
        authorName: det.names.get(r.id) ?? '',
        stars: r.stars,
        text: r.text,
        subRatings: det.subs.get(r.id) ?? {},
        tags: r.tags,
        status: r.status,
        createdAt: r.createdAt.toISOString(),
        publishedAt: r.publishedAt?.toISOString() ?? null,
        partyDate: (det.dates.get(r.bookingId) as Date | undefined)?.toISOString() ?? '',
        verified:
          r.verifiedMinutesLive === null
            ? null
            : {
                minutesLive: r.verifiedMinutesLive,
                guestsJoined: r.verifiedGuestsJoined ?? 0,
                requestsPlayed: r.verifiedRequestsPlayed ?? 0,
              },
        reply: reply ? { text: reply.text, createdAt: reply.createdAt.toISOString() } : null,
      };
    });
  }

  /**
   * Opens windows of newly completed bookings, offers the crowd rating to the guests who watched long enough,
   * and publishes windows whose close time has passed (a safety net for the per-booking close job).
   */
  async function scan(): Promise<{ opened: number; published: number }> {
    let opened = 0;
    for (const b of await repo.findCompletedWithoutWindow(d.db, SCAN_BATCH)) {
      if (!b.completedAt) continue;
      const created = await d.db.transaction((tx) => openWindow(tx, { ...b, completedAt: b.completedAt }));
      if (!created) continue;
      opened++;
      for (const inv of await repo.joinedInvites(d.db, b.id)) {
        const status = await crowd.status({ partyId: inv.partyId, role: 'guest', inviteId: inv.id });
        if (status.eligible) d.emit(`invite:${inv.id}`, 'crowd.rating_opened', status);
      }
    }
    const due = await repo.findDueWindows(d.db, now(), SCAN_BATCH);
    for (const w of due) await closeWindow(w.bookingId);
    return { opened, published: due.length };
  }

  const scheduleScan = (at: Date) =>
    enqueueJob(d.db, 'review.scan', {}, { runAt: at, key: `review.scan:${Math.floor(at.getTime() / SCAN_EVERY_MS)}` });

  const jobs: JobDefinition[] = [
    defineJob({
      name: 'review.scan',
      schema: z.object({}),
      handle: async () => {
        await scan();
        await scheduleScan(new Date(now().getTime() + SCAN_EVERY_MS));
      },
    }),
    defineJob({ name: 'review.close', schema: BookingJobSchema, handle: (p) => closeWindow(p.bookingId) }),
    defineJob({
      name: 'review.mail',
      schema: MailJobSchema,
      handle: async ({ kind, bookingId, toUserId }) => {
        const b = await repo.findBooking(d.db, bookingId);
        const w = await repo.findWindow(d.db, bookingId);
        if (!b || !w) return;
        if (kind !== 'published') {
          // Requests and reminders only while the recipient still has a review to write.
          if (w.publishedAt || w.closesAt <= now()) return;
          if ((await repo.reviewsOfBooking(d.db, bookingId)).some((r) => r.authorUserId === toUserId)) return;
        }
        const to = await repo.findContact(d.db, toUserId);
        if (!to) return;
        const other = toUserId === b.hostUserId ? b.djName : b.hostName;
        await d.sendMail(reviewMail(kind, toUserId, other, link(bookingId), REVIEW_WINDOW_DAYS));
      },
    }),
  ];

  return {
    jobs,
    scan,
    /** Starts the periodic scan (the server calls this with the job runner). */
    scheduleScan: () => scheduleScan(now()),

    async forBooking(user: User, bookingId: string): Promise<BookingReviews> {
      const { b, role } = await requireParticipant(user, bookingId);
      const w = await ensureWindow(b);
      const rows = w ? await repo.reviewsOfBooking(d.db, bookingId) : [];
      const mineRow = rows.find((r) => r.authorUserId === user.id) ?? null;
      const theirsRow = rows.find((r) => r.authorUserId !== user.id) ?? null;
      const mine = mineRow ? ((await toReviews([mineRow]))[0] ?? null) : null;
      const theirs = theirsRow?.status === 'published' ? ((await toReviews([theirsRow]))[0] ?? null) : null;
      const open = !!w && !w.publishedAt && w.closesAt > now();
      return {
        bookingId,
        role,
        status: !w ? 'not_open' : open ? 'open' : 'closed',
        closesAt: w?.closesAt.toISOString() ?? null,
        mine,
        theirs,
        theirsSubmitted: !!theirsRow,
        canReview: open && !mineRow,
        counterpartName: role === 'host' ? b.djName : b.hostName,
      };
    },

    async submit(user: User, bookingId: string, input: CreateReview): Promise<Review> {
      const { b, role } = await requireParticipant(user, bookingId);
      if (!repo.REVIEWABLE_STATES.includes(b.state) || !b.completedAt)
        throw new AppError('REVIEW_NOT_OPEN', {
          detail: `This party cannot be reviewed: it is ${b.state.replace(/_/g, ' ')}, not completed.`,
        });
      if (role === 'dj') {
        const errors = [
          ...(input.subRatings && Object.keys(input.subRatings).length
            ? [{ path: 'body.subRatings', message: 'Sub-ratings are for the host’s review of the DJ.' }]
            : []),
          ...(input.tags?.length ? [{ path: 'body.tags', message: 'Tags are for the host’s review of the DJ.' }] : []),
        ];
        if (errors.length) throw new AppError('VALIDATION_FAILED', { detail: errors.map((e) => e.message).join(' '), errors });
      }
      await ensureWindow(b);
      const facts = await verifiedFacts(bookingId);
      const row = await d.db.transaction(async (tx) => {
        const w = await repo.findWindow(tx, bookingId, true);
        if (!w) throw new AppError('REVIEW_NOT_OPEN', { detail: 'This party has not completed yet.' });
        if (w.publishedAt || w.closesAt <= now())
          throw new AppError('REVIEW_WINDOW_CLOSED', {
            detail: `Reviews could be written until ${w.closesAt.toISOString()} (${REVIEW_WINDOW_DAYS} days after the party).`,
          });
        const r = await repo.insertReview(
          tx,
          {
            bookingId,
            direction: role === 'host' ? 'host_to_dj' : 'dj_to_host',
            authorUserId: user.id,
            subjectUserId: role === 'host' ? b.djUserId : b.hostUserId,
            djProfileId: b.djProfileId,
            stars: input.stars,
            text: input.text,
            tags: role === 'host' ? (input.tags ?? []) : [],
            verifiedMinutesLive: facts?.minutesLive ?? null,
            verifiedGuestsJoined: facts?.guestsJoined ?? null,
            verifiedRequestsPlayed: facts?.requestsPlayed ?? null,
            createdAt: now(),
          },
          role === 'host' ? (Object.entries(input.subRatings ?? {}) as [SubRatingAspect, number][]) : [],
        );
        // Both in: publish both at once, in this transaction.
        if ((await repo.reviewsOfBooking(tx, bookingId)).length === 2) await publish(tx, w);
        return (await repo.findReview(tx, r.id))!;
      });
      return (await toReviews([row]))[0]!;
    },

    async pending(user: User): Promise<PendingReview[]> {
      const rows = await repo.findPendingFor(d.db, user.id, now());
      return rows.map((r) => ({
        bookingId: r.bookingId,
        role: r.hostUserId === user.id ? 'host' : 'dj',
        counterpartName: r.hostUserId === user.id ? r.djName : r.hostName,
        partyDate: r.startsAt.toISOString(),
        closesAt: r.closesAt.toISOString(),
      }));
    },

    async djPage(djProfileId: string, page: number, pageSize: number): Promise<DjReviewsPage> {
      const s = await repo.djSummary(d.db, djProfileId);
      if (!s.profile) throw new AppError('NOT_FOUND', { detail: 'No such DJ.' });
      const { rows, total } = await repo.listDjReviews(d.db, djProfileId, pageSize, (page - 1) * pageSize);
      const histogram = [0, 0, 0, 0, 0];
      for (const h of s.hist) histogram[h.stars - 1] = Number(h.n);
      const round = (x: number) => Math.round(x * 100) / 100;
      return {
        summary: {
          average: s.profile.avg === null ? null : round(s.profile.avg),
          count: s.profile.count,
          score: s.profile.score === null ? null : round(s.profile.score),
          histogram,
          subRatings: Object.fromEntries(
            s.subs.map((x) => [x.aspect, { average: round(Number(x.a)), count: Number(x.n) }]),
          ) as DjReviewsPage['summary']['subRatings'],
          crowd: { average: s.crowd.avg === null ? null : round(Number(s.crowd.avg)), count: s.crowd.n },
        },
        items: await toReviews(rows),
        total,
        page,
        pageSize,
      };
    },

    /** The host's published reviews from other DJs, for the DJ of one of the host's bookings. */
    async hostReviewsForBooking(user: User, bookingId: string): Promise<HostReviews> {
      const { b, role } = await requireParticipant(user, bookingId);
      if (role !== 'dj') throw new AppError('NOT_FOUND', { detail: 'No such booking.' });
      const r = await repo.listHostReviews(d.db, b.hostUserId, HOST_REVIEWS_SHOWN);
      return {
        average: r.average === null ? null : Math.round(r.average * 100) / 100,
        count: r.count,
        items: await toReviews(r.rows),
      };
    },

    async reply(user: User, reviewId: string, text: string): Promise<Review> {
      const r = await repo.findReview(d.db, reviewId);
      // Unpublished reviews are hidden even from their subject; someone else's review is not theirs to answer.
      if (!r || r.status !== 'published' || r.subjectUserId !== user.id)
        throw new AppError('NOT_FOUND', { detail: 'No such review to reply to.' });
      await repo.insertReply(d.db, reviewId, user.id, text, now());
      return (await toReviews([r]))[0]!;
    },

    async report(user: User, reviewId: string, reason: string, note: string) {
      const r = await repo.findReview(d.db, reviewId);
      if (!r || r.status !== 'published') throw new AppError('NOT_FOUND', { detail: 'No such review.' });
      const row = await repo.insertReport(d.db, { reviewId, reporterUserId: user.id, reason, note, createdAt: now() });
      return { id: row.id, reviewId, reason: row.reason, note: row.note, createdAt: row.createdAt.toISOString() };
    },

    /** The moderation queue: open reports, oldest first. */
    async openReports() {
      return (await repo.listOpenReports(d.db, 200)).map((r) => ({
        id: r.id,
        reviewId: r.reviewId,
        reason: r.reason,
        note: r.note,
        createdAt: r.createdAt.toISOString(),
      }));
    },

    crowdStatus: (p: CrowdParticipant) => crowd.status(p),
    crowdRate: (p: CrowdParticipant, stars: number) => crowd.rate(p, stars),

    /** Same maths as the stored score, for callers that only have a mean and a count. */
    ratingScore,
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
