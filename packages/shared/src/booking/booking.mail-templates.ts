/**
 * Mail templates by key, as the process table's rows name them; the server renders each from MJML in the
 * recipient's language (apps/server/src/features/notification/mail/render.ts).
 */
export type MailTemplate =
  | 'booking.requested'
  | 'booking.request_sent'
  | 'booking.confirmed'
  /** The DJ's own copy of a confirmation, with the calendar REQUEST (same UID and SEQUENCE as the host's). */
  | 'booking.confirmed_dj'
  /** To the side that cancelled a confirmed party: the calendar CANCEL for the entry its confirmation added. */
  | 'booking.cancelled_by_you'
  | 'booking.declined'
  | 'booking.request_expired'
  | 'booking.request_withdrawn'
  | 'booking.cancelled_by_host'
  | 'booking.cancelled_by_dj'
  | 'booking.payout_sent'
  | 'booking.payout_failed'
  | 'booking.capture_failed_host'
  | 'booking.capture_failed_dj'
  | 'booking.refunded_by_admin';

/** Reminders mailed before the party (issue 18): to host, DJ and the guests who gave an email. */
export type ReminderTemplate = 'party.reminder_24h' | 'party.reminder_1h';
