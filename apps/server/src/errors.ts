/**
 * One error type for the whole server. Services throw `new AppError('BOOKING_SLOT_TAKEN', { detail })`;
 * the HTTP error handler (http/problem.ts) renders it as problem+json with the status mapped here.
 * The code list itself is the wire contract in packages/shared/src/problem.ts.
 */
import type { ErrorCode, ProblemFieldError } from '@partystream/shared/problem';

export const ERROR_STATUS: Record<ErrorCode, { status: number; title: string }> = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_BODY: { status: 400, title: 'The request body could not be parsed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  AUTH_REQUIRED: { status: 401, title: 'Log in to continue' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  CSRF_ORIGIN_MISMATCH: { status: 403, title: 'Request from another origin refused' },
  RATE_LIMITED: { status: 429, title: 'Too many attempts' },
  AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Wrong email or password' },
  AUTH_EMAIL_TAKEN: { status: 409, title: 'Email already registered' },
  AUTH_TOKEN_INVALID: { status: 400, title: 'Link invalid or expired' },
  AUTH_PASSWORD_MISMATCH: { status: 400, title: 'Current password is wrong' },
  ACCOUNT_HAS_OPEN_BOOKINGS: { status: 409, title: 'A booking or payment is still open' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflict' },
  DJ_PROFILE_REQUIRED: { status: 409, title: 'Create your DJ profile first' },
  BOOKING_SLOT_UNAVAILABLE: { status: 409, title: 'That time is not available' },
  AVAILABILITY_BLOCK_OVERLAPS: { status: 409, title: 'That overlaps a period you already blocked' },
  AVAILABILITY_BLOCK_HAS_BOOKING: { status: 409, title: 'A booking is in that time' },
  CALENDAR_SOURCE_UNREADABLE: { status: 422, title: 'That calendar could not be read' },
  BOOKING_SLOT_TAKEN: { status: 409, title: 'That time was just booked' },
  UPLOAD_INVALID: { status: 422, title: 'The file was not accepted' },
  DJ_GALLERY_FULL: { status: 409, title: 'The gallery is full' },
  BOOKING_INVALID_TRANSITION: { status: 409, title: 'Not possible in the booking’s current state' },
  BOOKING_HOLD_EXPIRED: { status: 409, title: 'The payment window has passed' },
  BOOKING_DISPUTED: { status: 409, title: 'A card dispute is open on this booking' },
  BOOKING_LENGTH_INVALID: { status: 422, title: 'That length does not fit the DJ’s rules' },
  PAYMENT_DECLINED: { status: 402, title: 'The payment was declined' },
  DJ_PAYOUTS_NOT_READY: { status: 409, title: 'Payout setup not finished' },
  PAYMENT_WEBHOOK_SIGNATURE_INVALID: { status: 400, title: 'Webhook signature invalid' },
  STREAMING_UNAVAILABLE: { status: 503, title: 'The streaming service is unavailable' },
  PARTY_DOORS_CLOSED: { status: 403, title: 'The party has not opened its doors yet' },
  PARTY_INVITES_FULL: { status: 409, title: 'The party has no invites left' },
  PARTY_INVITE_REVOKED: { status: 410, title: 'This invite was withdrawn' },
  STREAM_ROOM_HAS_PUBLISHER: { status: 409, title: 'Someone is already live in this party' },
  STREAM_SDP_INVALID: { status: 400, title: 'The SDP offer is not valid' },
  STREAM_CODEC_UNSUPPORTED: { status: 400, title: 'No supported audio or video codec in the offer' },
  REVIEW_NOT_OPEN: { status: 409, title: 'The party has not completed yet' },
  REVIEW_WINDOW_CLOSED: { status: 409, title: 'The review window has closed' },
  REVIEW_ALREADY_SUBMITTED: { status: 409, title: 'You have already reviewed this party' },
  REVIEW_ALREADY_REPLIED: { status: 409, title: 'This review already has a reply' },
  REVIEW_ALREADY_REPORTED: { status: 409, title: 'You have already reported this review' },
  CROWD_RATING_NOT_ALLOWED: { status: 403, title: 'You cannot rate this party' },
  CROWD_RATING_ALREADY_GIVEN: { status: 409, title: 'You have already rated this party' },
  ADMIN_SECOND_FACTOR_REQUIRED: { status: 403, title: 'Second factor required' },
  ADMIN_SECOND_FACTOR_INVALID: { status: 400, title: 'The code is not valid' },
  ACCOUNT_SUSPENDED: { status: 403, title: 'The account is suspended' },
  ADMIN_ACTION_REFUSED: { status: 409, title: 'Not allowed on this account' },
  LICENCE_REQUIRED: { status: 403, title: 'A verified music licence is required' },
  MODERATION_ALREADY_DECIDED: { status: 409, title: 'Already decided' },
  MODERATION_NOT_REMOVED: { status: 409, title: 'Not removed (already restored)' },
  INTERNAL: { status: 500, title: 'Something went wrong' },
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: ProblemFieldError[];
  readonly headers?: Record<string, string>;
  readonly meta?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    opts: {
      detail?: string;
      errors?: ProblemFieldError[];
      headers?: Record<string, string>;
      meta?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(opts.detail ?? ERROR_STATUS[code].title, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code].status;
    this.errors = opts.errors;
    this.headers = opts.headers;
    this.meta = opts.meta;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
