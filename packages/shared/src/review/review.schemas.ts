/**
 * Reviews and reputation (issue 15): the wire contract. After a party completes, the host reviews the DJ and the
 * DJ reviews the host, once each, within {@link REVIEW_WINDOW_DAYS} days. Both stay hidden until both are in or the
 * window closes; then both publish at once and never change. The reviewed side may reply once, publicly.
 */
import { z } from 'zod';
import {
  RATING_PRIOR_MEAN,
  RATING_PRIOR_WEIGHT,
  REPLY_TEXT_MAX,
  REPORT_REASONS,
  REVIEW_TAGS,
  REVIEW_TAGS_MAX,
  REVIEW_TEXT_MAX,
  SUB_RATING_ASPECTS,
} from './review.constants.ts';

export * from './review.constants.ts';

export const StarsSchema = z
  .number({ error: 'Give 1 to 5 stars.' })
  .int('Give whole stars.')
  .min(1, 'Give at least 1 star.')
  .max(5, 'Give at most 5 stars.');

/** The body of a review. The host sends stars, text, sub-ratings and tags; the DJ sends stars and text only. */
export const CreateReviewSchema = z.object({
  stars: StarsSchema,
  text: z.string().trim().max(REVIEW_TEXT_MAX, `At most ${REVIEW_TEXT_MAX} characters.`).default(''),
  subRatings: z.partialRecord(z.enum(SUB_RATING_ASPECTS), StarsSchema).optional(),
  tags: z
    .array(z.enum(REVIEW_TAGS))
    .max(REVIEW_TAGS_MAX, `At most ${REVIEW_TAGS_MAX} tags.`)
    .refine((t) => new Set(t).size === t.length, 'Each tag once.')
    .optional(),
});
export type CreateReview = z.infer<typeof CreateReviewSchema>;

export const CreateReplySchema = z.object({
  text: z.string().trim().min(1, 'Write a reply.').max(REPLY_TEXT_MAX, `At most ${REPLY_TEXT_MAX} characters.`),
});
export const CreateReportSchema = z.object({
  reason: z.enum(REPORT_REASONS, { error: 'Pick a reason.' }),
  note: z.string().trim().max(500, 'At most 500 characters.').default(''),
});

export const BookingIdParamsSchema = z.object({ bookingId: z.uuid('Not a valid booking id.') });
export const ReviewIdParamsSchema = z.object({ id: z.uuid('Not a valid review id.') });
export const DjIdParamsSchema = z.object({ djProfileId: z.uuid('Not a valid DJ id.') });
export const ReviewPageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(5),
});

/**
 * What the platform measured about the party: null when the booking never went live (no "verified" line).
 */
export const VerifiedFactsSchema = z
  .object({ minutesLive: z.number(), guestsJoined: z.number(), requestsPlayed: z.number() })
  .nullable();
export type VerifiedFacts = z.infer<typeof VerifiedFactsSchema>;

export const ReviewSchema = z.object({
  id: z.string(),
  bookingId: z.string(),
  direction: z.enum(['host_to_dj', 'dj_to_host']),
  authorName: z.string(),
  stars: z.number(),
  text: z.string(),
  subRatings: z.partialRecord(z.enum(SUB_RATING_ASPECTS), z.number()),
  tags: z.array(z.string()),
  /** `removed`: hidden by a moderator after a report; only its author still sees it (with the reason, issue 16). */
  status: z.enum(['pending', 'published', 'removed']),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  partyDate: z.string(),
  verified: VerifiedFactsSchema,
  reply: z.object({ text: z.string(), createdAt: z.string() }).nullable(),
});
export type Review = z.infer<typeof ReviewSchema>;

/** The review state of one booking as its host or DJ sees it. */
export const BookingReviewsSchema = z.object({
  bookingId: z.string(),
  role: z.enum(['host', 'dj']),
  /** `not_open`: the party has not completed; `open`: reviews may be written until `closesAt`; `closed`: published. */
  status: z.enum(['not_open', 'open', 'closed']),
  closesAt: z.string().nullable(),
  mine: ReviewSchema.nullable(),
  /** The other side's review, once published (never before). */
  theirs: ReviewSchema.nullable(),
  /** Whether the other side has written theirs (without what it says). */
  theirsSubmitted: z.boolean(),
  canReview: z.boolean(),
  counterpartName: z.string(),
});
export type BookingReviews = z.infer<typeof BookingReviewsSchema>;

export const RatingSummarySchema = z.object({
  /** Plain mean of the published host reviews (null without any). */
  average: z.number().nullable(),
  count: z.number(),
  /** Bayesian ranking score (decision 018): what search sorts and filters by and what cards show. */
  score: z.number().nullable(),
  /** Counts of 1★ … 5★ (index 0 = 1★). */
  histogram: z.array(z.number()).length(5),
  subRatings: z.partialRecord(z.enum(SUB_RATING_ASPECTS), z.object({ average: z.number(), count: z.number() })),
  crowd: z.object({ average: z.number().nullable(), count: z.number() }),
});
export type RatingSummary = z.infer<typeof RatingSummarySchema>;

export const DjReviewsPageSchema = z.object({
  summary: RatingSummarySchema,
  items: z.array(ReviewSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type DjReviewsPage = z.infer<typeof DjReviewsPageSchema>;

/** A host's reputation as the DJ of one of their booking requests sees it. */
export const HostReviewsSchema = z.object({
  average: z.number().nullable(),
  count: z.number(),
  items: z.array(ReviewSchema),
});
export type HostReviews = z.infer<typeof HostReviewsSchema>;

export const PendingReviewSchema = z.object({
  bookingId: z.string(),
  role: z.enum(['host', 'dj']),
  counterpartName: z.string(),
  partyDate: z.string(),
  closesAt: z.string(),
});
export const PendingReviewsSchema = z.object({ items: z.array(PendingReviewSchema) });
export type PendingReview = z.infer<typeof PendingReviewSchema>;

export const ReportSchema = z.object({
  id: z.string(),
  reviewId: z.string(),
  reason: z.enum(REPORT_REASONS),
  note: z.string(),
  createdAt: z.string(),
});

// ---- crowd rating (Socket.io, party room) -------------------------------------------------------------------

/** `crowd.rate`: a guest's one-tap rating at the end of the party (one per invite). */
export const CrowdRateSchema = z.object({ stars: StarsSchema });
/** Ack of `crowd.status` and payload of `crowd.rating_opened`. */
export interface CrowdStatus {
  /** The guest may rate now. */
  eligible: boolean;
  /** The guest already rated (their stars). */
  rated: number | null;
}

/** Bayesian ranking score of n reviews averaging `avg` (decision 018); null without reviews. */
export function ratingScore(avg: number | null, n: number): number | null {
  if (!n || avg === null) return null;
  return (RATING_PRIOR_WEIGHT * RATING_PRIOR_MEAN + avg * n) / (RATING_PRIOR_WEIGHT + n);
}
