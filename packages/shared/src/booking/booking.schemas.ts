/** Booking and payment request/response schemas. */
import { z } from 'zod';
import { CurrencySchema } from '../money.ts';
import { BOOKING_STATES } from './booking.states.ts';

const Instant = z.iso.datetime({ offset: true, error: 'Use an ISO 8601 date-time with offset.' });

export const CreateBookingRequestSchema = z
  .object({
    djProfileId: z.uuid('Not a valid DJ id.'),
    startsAt: Instant,
    endsAt: Instant,
    /** Shown to the DJ: occasion, crowd, wishes. */
    note: z.string().trim().max(1000).default(''),
  })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { path: ['endsAt'], message: 'The end must be after the start.' })
  .refine((b) => Date.parse(b.endsAt) - Date.parse(b.startsAt) <= 12 * 3_600_000, {
    path: ['endsAt'],
    message: 'A party lasts at most 12 hours.',
  })
  .refine((b) => (Date.parse(b.endsAt) - Date.parse(b.startsAt)) % (15 * 60_000) === 0, {
    path: ['endsAt'],
    message: 'Use 15-minute steps.',
  });
export type CreateBookingRequest = z.infer<typeof CreateBookingRequestSchema>;

/** Test-mode card form (the embedded processor); the Stripe twin uses Stripe Elements instead. */
export const PayRequestSchema = z.object({
  cardNumber: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, 'Enter the card number.')),
  expiry: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/, 'Use MM/YY.'),
  cvc: z.string().regex(/^\d{3,4}$/, 'Enter the 3 or 4 digits on the back.'),
  name: z.string().trim().min(1, 'Enter the name on the card.').max(100),
});
export type PayRequest = z.infer<typeof PayRequestSchema>;

export const CancelRequestSchema = z.object({ reason: z.string().trim().max(500).default('') });

export const BookingSchema = z.object({
  id: z.string(),
  state: z.enum(BOOKING_STATES),
  djProfileId: z.string(),
  djStageName: z.string(),
  djTimeZone: z.string(),
  hostUserId: z.string(),
  hostName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  note: z.string(),
  price: z.object({
    totalMinor: z.number(),
    feeMinor: z.number(),
    djShareMinor: z.number(),
    currency: CurrencySchema,
    feeBps: z.number(),
  }),
  refundedMinor: z.number(),
  holdExpiresAt: z.string().nullable(),
  acceptBy: z.string().nullable(),
  paymentStatus: z.string().nullable(),
  /** A card dispute (chargeback) on the payment: open, or decided by the bank (won = the payment stands). */
  dispute: z.object({ status: z.enum(['open', 'won', 'lost']), amountMinor: z.number() }).nullable(),
  partyToken: z.string().nullable(),
  createdAt: z.string(),
  events: z
    .array(
      z.object({
        at: z.string(),
        transition: z.string(),
        from: z.string().nullable(),
        to: z.string(),
        actor: z.string(),
        reason: z.string().nullable(),
      }),
    )
    .optional(),
});
export type Booking = z.infer<typeof BookingSchema>;
