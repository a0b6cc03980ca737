import { z } from 'zod';
import { IdParamSchema } from '@partystream/shared/auth/auth.schemas';
import {
  BookingSchema,
  CancelRequestSchema,
  CreateBookingRequestSchema,
  PayRequestSchema,
} from '@partystream/shared/booking/booking.schemas';
import { CheckoutSchema, ReceiptSchema } from '@partystream/shared/payment/payment.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'Bookings';
const One = z.object({ booking: BookingSchema });

export const bookingOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/bookings',
    tag,
    auth: true,
    summary: 'My bookings (as host or as DJ)',
    response: { status: 200, schema: z.object({ bookings: z.array(BookingSchema) }) },
  },
  {
    method: 'post',
    path: '/bookings',
    tag,
    auth: true,
    summary: 'Request a slot (holds it 15 minutes for payment). Send Idempotency-Key to make retries safe.',
    body: CreateBookingRequestSchema,
    response: { status: 201, schema: One },
  },
  {
    method: 'get',
    path: '/bookings/quote',
    tag,
    summary: 'Price of a DJ for a time range',
    query: z.object({ djProfileId: z.string(), startsAt: z.string(), endsAt: z.string() }),
  },
  {
    method: 'get',
    path: '/bookings/:id',
    tag,
    auth: true,
    summary: 'One booking with its history',
    params: IdParamSchema,
    response: { status: 200, schema: One },
  },
  {
    method: 'post',
    path: '/bookings/:id/pay',
    tag,
    auth: true,
    summary: 'Pay (authorise) with the test-mode card form',
    params: IdParamSchema,
    body: PayRequestSchema,
    response: { status: 200, schema: One },
  },
  {
    method: 'post',
    path: '/bookings/:id/checkout',
    tag,
    auth: true,
    summary:
      'Host: how to pay this booking (embedded card form, or Stripe Payment Element with the PaymentIntent’s client secret and the publishable key)',
    params: IdParamSchema,
    response: { status: 200, schema: z.object({ checkout: CheckoutSchema }) },
  },
  {
    method: 'get',
    path: '/bookings/:id/receipt',
    tag,
    auth: true,
    summary: 'Host (or admin): the receipt of a charged booking; 404 for anyone else or before the card is charged',
    params: IdParamSchema,
    response: { status: 200, schema: z.object({ receipt: ReceiptSchema }) },
  },
  {
    method: 'post',
    path: '/bookings/:id/confirm-payment',
    tag,
    auth: true,
    summary: 'Complete a payment that needed extra confirmation, or check one confirmed in the browser with Stripe.js',
    params: IdParamSchema,
    response: { status: 200, schema: One },
  },
  {
    method: 'post',
    path: '/bookings/:id/accept',
    tag,
    auth: true,
    summary: 'DJ accepts (captures the payment)',
    params: IdParamSchema,
    response: { status: 200, schema: One },
  },
  {
    method: 'post',
    path: '/bookings/:id/decline',
    tag,
    auth: true,
    summary: 'DJ declines (releases the payment)',
    params: IdParamSchema,
    body: CancelRequestSchema,
    response: { status: 200, schema: One },
  },
  {
    method: 'post',
    path: '/bookings/:id/cancel',
    tag,
    auth: true,
    summary: 'Cancel (refund by the DJ’s policy, or in full when the DJ cancels)',
    params: IdParamSchema,
    body: CancelRequestSchema,
    response: { status: 200, schema: One },
  },
  {
    method: 'post',
    path: '/bookings/:id/no-show',
    tag,
    auth: true,
    summary: 'Host reports that the DJ did not show (full refund)',
    params: IdParamSchema,
    body: CancelRequestSchema,
    response: { status: 200, schema: One },
  },
];
