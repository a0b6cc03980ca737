/**
 * The wire error contract. Every non-2xx answer of the API is an RFC 9457 problem document
 * (`application/problem+json`) carrying one of the codes below, so the web app can switch on `code`
 * instead of parsing messages. Socket.io acks use the same shape: `{ ok: false, problem }`.
 *
 * Codes are domain-prefixed UPPER_SNAKE. The server maps each to an HTTP status in one place
 * (apps/server/src/errors.ts); adding a code here without a mapping there fails the type check.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  /** A body, query, param or header did not match its schema; `errors[]` lists each field. Fix the input. */
  'VALIDATION_FAILED',
  /** The body is not parseable JSON (or not the declared content type). Send valid JSON. */
  'MALFORMED_BODY',
  /** The body is larger than the configured limit. Send less. */
  'PAYLOAD_TOO_LARGE',
  /** The request's Content-Type is not one this endpoint accepts. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** No route matches the path. */
  'ROUTE_NOT_FOUND',
  /** The path exists but not for this HTTP method; see the Allow header. */
  'METHOD_NOT_ALLOWED',
  /** No valid session: log in (again). */
  'AUTH_REQUIRED',
  /** Logged in, but the role or ownership does not allow this. Only used where hiding existence is pointless. */
  'FORBIDDEN',
  /** A cookie-authenticated write came from another origin (CSRF defence). Reload the app and retry. */
  'CSRF_ORIGIN_MISMATCH',
  /** Too many attempts; retry after the `Retry-After` seconds. */
  'RATE_LIMITED',
  /** Email or password wrong (deliberately not saying which). */
  'AUTH_INVALID_CREDENTIALS',
  /** The email is already registered. Log in or reset the password instead. */
  'AUTH_EMAIL_TAKEN',
  /** The verification or reset token is unknown, used or expired. Ask for a new one. */
  'AUTH_TOKEN_INVALID',
  /** The current password given to change-password is wrong. */
  'AUTH_PASSWORD_MISMATCH',
  /**
   * The account cannot be deleted yet: a booking or payment of it is still open (`detail` names it and its
   * state). Finish or cancel it, or wait for the payout, then delete again.
   */
  'ACCOUNT_HAS_OPEN_BOOKINGS',
  /** The resource does not exist or is not the caller's (not-yours is reported as not-found on purpose). */
  'NOT_FOUND',
  /** The resource changed state in a way that makes this request impossible now; reload and retry. */
  'CONFLICT',
  /** A DJ tried to set availability (or similar) before creating a profile. Create the profile first. */
  'DJ_PROFILE_REQUIRED',
  /** The requested time is not open (outside hours, blocked, too soon, too far ahead, or taken); `detail` says which. */
  'BOOKING_SLOT_UNAVAILABLE',
  /** The new blocked period overlaps one the DJ already has; `detail` names it. Edit or remove that one instead. */
  'AVAILABILITY_BLOCK_OVERLAPS',
  /**
   * The period to block holds a booking (confirmed, awaiting acceptance or a payment hold); `detail` names it and
   * `meta.bookingId` carries its id. Cancel that booking first, or block around it.
   */
  'AVAILABILITY_BLOCK_HAS_BOOKING',
  /**
   * Another calendar's ICS address could not be read (unreachable, not an ICS file, or unparseable); `detail` says
   * which. Nothing was imported; the refresh job tries again later.
   */
  'CALENDAR_SOURCE_UNREADABLE',
  /** Another booking holds an overlapping time of this DJ (the database's exclusion constraint said so). Pick another slot. */
  'BOOKING_SLOT_TAKEN',
  /** The booking is not in a state that allows this action (e.g. accepting twice, cancelling a completed party). Reload it. */
  'BOOKING_INVALID_TRANSITION',
  /** The payment window of this booking has passed and the slot was released. Book again. */
  'BOOKING_HOLD_EXPIRED',
  /**
   * The booking's charge has a card dispute (chargeback) open or lost: the bank is returning that money to the
   * host, so a refund would return it twice. Wait for the dispute to close (won), or answer it at the provider.
   */
  'BOOKING_DISPUTED',
  /** The length does not fit the DJ's pricing rules (minimum/maximum hours or set length); `detail` says which. */
  'BOOKING_LENGTH_INVALID',
  /** The card was declined; `detail` says why. Try another card. */
  'PAYMENT_DECLINED',
  /**
   * The DJ cannot be paid yet (payout setup with the payments provider not finished, or the provider restricted
   * the account). Hosts cannot book them; the DJ cannot accept paid bookings. The DJ finishes payout setup on the
   * Payouts section of their dashboard.
   */
  'DJ_PAYOUTS_NOT_READY',
  /** A payment webhook's signature did not verify; nothing was processed. */
  'PAYMENT_WEBHOOK_SIGNATURE_INVALID',
  /** An uploaded file is not an accepted image or is too large. */
  'UPLOAD_INVALID',
  /** The DJ's gallery already holds GALLERY_MAX photos; nothing was stored. Remove one first. */
  'DJ_GALLERY_FULL',
  /** The streaming service (Amazon IVS Real-Time) failed or refused a call; nothing changed. Retry in a moment. */
  'STREAMING_UNAVAILABLE',
  /** The party's doors are not open yet: the DJ is still doing the pre-show check. `opensAt` says when they open by themselves; the status endpoint says when they open earlier. */
  'PARTY_DOORS_CLOSED',
  /** The party already has MAX_INVITES invites (revoked ones count: each was a seat handed out). Nothing was sent. */
  'PARTY_INVITES_FULL',
  /**
   * The invite was revoked by the host: it no longer opens the party and its RSVP cannot change. Ask the host for
   * a new one.
   */
  'PARTY_INVITE_REVOKED',
  /**
   * WHIP: the party's publisher is live (connected and sending) — another encoder or browser tab is on air. Stop it
   * first; a publisher that never connected or went quiet is replaced by the next publish at once.
   */
  'STREAM_ROOM_HAS_PUBLISHER',
  /** WHIP/WHEP: the body is not an SDP offer the server can apply (structure, payload types). Send a valid offer. */
  'STREAM_SDP_INVALID',
  /**
   * WHIP/WHEP: the offer has no audio or video, or no codec the server forwards; `detail` names what it takes
   * (Opus audio; VP8 or H.264 packetization-mode 1 video). Change the encoder's codec.
   */
  'STREAM_CODEC_UNSUPPORTED',
  /** The party has not completed yet (or ended without completing), so it cannot be reviewed. Review after the party. */
  'REVIEW_NOT_OPEN',
  /** The review window (14 days after the party) has closed. Nothing was written. */
  'REVIEW_WINDOW_CLOSED',
  /** This side has already reviewed this booking; reviews cannot be changed. */
  'REVIEW_ALREADY_SUBMITTED',
  /** The review already has its one reply. */
  'REVIEW_ALREADY_REPLIED',
  /** The caller has already reported this review; the moderators have it. */
  'REVIEW_ALREADY_REPORTED',
  /** Only guests of this party who watched at least 15 minutes may give the crowd rating, after the party. */
  'CROWD_RATING_NOT_ALLOWED',
  /** This invite has already given its crowd rating. */
  'CROWD_RATING_ALREADY_GIVEN',
  /**
   * An admin session without a verified second factor (TOTP or a recovery code). Enrol or enter a code on the
   * console's sign-in step (`/admin`), then retry.
   */
  'ADMIN_SECOND_FACTOR_REQUIRED',
  /** The authenticator or recovery code is wrong, expired or already used. Enter a fresh code. */
  'ADMIN_SECOND_FACTOR_INVALID',
  /** The account is suspended (`detail` says why); it cannot log in, be booked or go live. Contact support. */
  'ACCOUNT_SUSPENDED',
  /** An admin tried to suspend or demote themself, or the last admin. Ask another admin, or invite one first. */
  'ADMIN_ACTION_REFUSED',
  /**
   * Going live needs an approved music licence (LICENCE_POLICY=required); `detail` says where to upload one
   * (dashboard → Music licence).
   */
  'LICENCE_REQUIRED',
  /** This report (or licence) was already decided; reload the queue. Nothing changed. */
  'MODERATION_ALREADY_DECIDED',
  /** The content is not removed (it was already restored, e.g. by another admin): reload. Nothing changed. */
  'MODERATION_NOT_REMOVED',
  /** Something broke on our side; the `instance` id identifies the log entry. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ProblemFieldErrorSchema = z.object({
  /** Dotted path of the offending field, e.g. `body.email` or `query.page`. */
  path: z.string(),
  /** English, for logs and API users; apps show their own sentence chosen by `path` and `code` (issue 20). */
  message: z.string(),
  /**
   * Stable kind of the problem: the zod issue code (`too_small`, `too_big`, `invalid_format`, `invalid_value`,
   * `custom`, …) or `required` for a missing value. With `params` (`minimum`, `maximum`, `origin`, `format`) a
   * client can say it in the viewer's language.
   */
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ProblemFieldError = z.infer<typeof ProblemFieldErrorSchema>;

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  instance: z.string().optional(),
  errors: z.array(ProblemFieldErrorSchema).optional(),
});
export type Problem = z.infer<typeof ProblemSchema> & { code: ErrorCode };

/** Stable `type` URI for a code (a relative URI resolved against the API origin; documented at /api/docs). */
export function problemType(code: ErrorCode): string {
  return `/api/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Socket.io acknowledgement shape, shared by every client intent. */
export type Ack<T> = { ok: true; data: T } | { ok: false; problem: Problem };
