/**
 * The review rules and lists, without zod (issue 20): a DJ's public profile shows reviews with these lists, and a
 * public page should not load the validation library for them. review.schemas.ts re-exports them.
 */
/** Days after completion in which both sides may write their review. */
export const REVIEW_WINDOW_DAYS = 14;
/** Days before the window closes when a reminder goes to whoever has not written yet. */
export const REVIEW_REMINDER_DAYS_BEFORE = 2;
/** Longest review text (characters). */
export const REVIEW_TEXT_MAX = 2000;
/** Longest reply text (characters). */
export const REPLY_TEXT_MAX = 1000;
/** Guests who watched at least this long may give the crowd rating. */
export const CROWD_MIN_WATCH_MINUTES = 15;
/** Bayesian prior of the ranking score (decision 018): C pseudo-reviews of M stars. */
export const RATING_PRIOR_WEIGHT = 5;
export const RATING_PRIOR_MEAN = 4;

/** What a host rates besides the overall stars. */
export const SUB_RATING_ASPECTS = ['music_selection', 'sound_and_picture', 'interaction', 'punctuality'] as const;
export type SubRatingAspect = (typeof SUB_RATING_ASPECTS)[number];

/** Tags a host may pin on a DJ review (at most {@link REVIEW_TAGS_MAX}). */
export const REVIEW_TAGS = [
  'great_vibes',
  'read_the_room',
  'took_requests',
  'smooth_mixing',
  'great_sound',
  'on_time',
  'friendly',
  'would_book_again',
] as const;
export const REVIEW_TAGS_MAX = 4;

export const REPORT_REASONS = ['spam', 'offensive', 'false_information', 'private_information', 'other'] as const;
