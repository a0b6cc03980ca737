/**
 * The texts of the mails the process table sends, by template key (`mails` of each row in
 * packages/shared/src/booking/booking.process.ts). English only for now; rendered when the transition commits
 * and sent after commit through the `mail.send` job.
 */
import { type MailTemplate } from '@partystream/shared/booking/booking.process';
import { payoutRetryMinutes } from '@partystream/shared/booking/booking.rules';

export interface BookingMailContext {
  /** The party's start, as `YYYY-MM-DD HH:MM UTC`. */
  when: string;
  /** The booking's page. */
  link: string;
  /** How often the row was taken (a refused pay-out's mail says when the next try is). */
  occurrence: number;
}

/** `2026-12-04 19:00 UTC` */
export const utcWhen = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export function renderBookingMail(template: MailTemplate, c: BookingMailContext): { subject: string; text: string } {
  const { when, link } = c;
  switch (template) {
    case 'booking.requested':
      return {
        subject: 'New booking request',
        text: `You have a new booking request for ${when}. Accept or decline: ${link}`,
      };
    case 'booking.confirmed':
      return {
        subject: 'Your party is confirmed',
        text: `The DJ confirmed your party on ${when}. Details and invites: ${link}`,
      };
    case 'booking.declined':
      return {
        subject: 'Your booking request was declined',
        text: `The DJ could not take your party on ${when}. Your card was not charged. ${link}`,
      };
    case 'booking.request_expired':
      return {
        subject: 'Your booking request expired',
        text: `The DJ did not answer in time; your card was not charged. ${link}`,
      };
    case 'booking.request_withdrawn':
      return { subject: 'A booking request was withdrawn', text: `The host withdrew the request for ${when}. ${link}` };
    case 'booking.cancelled_by_host':
      return { subject: 'A party was cancelled', text: `The host cancelled the party on ${when}. ${link}` };
    case 'booking.cancelled_by_dj':
      return {
        subject: 'The DJ cancelled your party',
        text: `The DJ cancelled the party on ${when}. You are refunded in full. ${link}`,
      };
    case 'booking.payout_sent':
      return { subject: 'Payout sent', text: `Your earnings for the party on ${when} are on their way. ${link}` };
    case 'booking.payout_failed': {
      const days = payoutRetryMinutes(c.occurrence) / 1440;
      return {
        subject: 'Your payout could not be sent',
        text: `We could not send your earnings for the party on ${when}. Check your payout setup (My bookings → Payouts); we try again in ${days === 1 ? '24 hours' : `${days} days`}. ${link}`,
      };
    }
    case 'booking.capture_failed_host':
      return {
        subject: 'Your payment could not be collected',
        text: `We could not charge your card for the party on ${when}, so the booking is cancelled and the time is released. You were not charged. ${link}`,
      };
    case 'booking.capture_failed_dj':
      return {
        subject: 'A booking fell through: the payment failed',
        text: `The host’s card could not be charged for the party on ${when}; the booking is cancelled and your time is free again. ${link}`,
      };
  }
}
