import { z } from 'zod';
import type { ApiOperation } from '../../http/openapi.ts';
import { FeeSettingSchema } from './admin.routes.ts';

const tag = 'Admin';
export const adminOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/admin/settings',
    tag,
    auth: true,
    summary: 'Platform settings (admin)',
    response: { status: 200, schema: FeeSettingSchema },
  },
  {
    method: 'put',
    path: '/admin/settings',
    tag,
    auth: true,
    summary: 'Set the platform fee in basis points (new bookings only)',
    body: FeeSettingSchema,
    response: { status: 200, schema: FeeSettingSchema },
  },
  {
    method: 'get',
    path: '/admin/ledger-check',
    tag,
    auth: true,
    summary: 'Verify every ledger transaction balances and every booking’s money is accounted for',
    response: {
      status: 200,
      schema: z.object({
        ok: z.boolean(),
        bookingsChecked: z.number(),
        problems: z.array(
          z.object({ bookingId: z.string().optional(), transactionId: z.string().optional(), problem: z.string() }),
        ),
      }),
    },
  },
];
