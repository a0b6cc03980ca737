import { z } from 'zod';
import { PayoutOnboardingSchema, PayoutStatusSchema } from '@partystream/shared/payment/payment.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'Payments';
export const paymentOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/payments/payout-account',
    tag,
    auth: true,
    summary: 'DJ: where my payout setup stands (not_started, pending, ready)',
    response: { status: 200, schema: z.object({ status: PayoutStatusSchema }) },
  },
  {
    method: 'post',
    path: '/payments/payout-account/onboarding',
    tag,
    auth: true,
    summary:
      'DJ: start or resume payout setup; answers the URL to send the DJ to (Stripe onboarding, or straight back with the embedded processor)',
    response: { status: 200, schema: PayoutOnboardingSchema },
  },
];
