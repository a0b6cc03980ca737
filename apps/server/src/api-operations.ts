/** Every documented operation of the API, feature by feature: the source of /api/openapi.json and of the generated
 * authorisation and malformed-input sweeps in the tests. */
import type { ApiOperation } from './http/openapi.ts';
import { authOperations } from './features/auth/auth.openapi.ts';
import { accountOperations } from './features/account/account.openapi.ts';
import { systemOperations } from './features/system/system.openapi.ts';
import { filesOperations } from './features/media-files/files.openapi.ts';
import { paymentWebhookOperations } from './features/payment/payment-webhook.openapi.ts';
import { djOperations } from './features/dj/dj.openapi.ts';
import { backdropOperations } from './features/backdrop/backdrop.openapi.ts';
import { calendarOperations } from './features/availability/calendar.openapi.ts';
import { calendarFeedOperations } from './features/calendar/calendar.openapi.ts';
import { mailOperations } from './features/notification/mail/mail.openapi.ts';
import { bookingOperations } from './features/booking/booking.openapi.ts';
import { notificationOperations } from './features/notification/notification.openapi.ts';
import { partyOperations } from './features/party/party.openapi.ts';
import { adminOperations } from './features/admin/admin.openapi.ts';
import { paymentOperations } from './features/payment/payment.openapi.ts';
import { streamOperations } from './features/stream/stream.openapi.ts';
import { reviewOperations } from './features/review/review.openapi.ts';

export const API_OPERATIONS: ApiOperation[] = [
  ...authOperations,
  ...accountOperations,
  ...djOperations,
  ...backdropOperations,
  ...calendarOperations,
  ...calendarFeedOperations,
  ...bookingOperations,
  ...partyOperations,
  ...adminOperations,
  ...streamOperations,
  ...paymentOperations,
  ...paymentWebhookOperations,
  ...filesOperations,
  ...systemOperations,
  ...reviewOperations,
  ...notificationOperations,
  ...mailOperations,
];
