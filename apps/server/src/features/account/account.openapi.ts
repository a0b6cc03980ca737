import { z } from 'zod';
import {
  AccountExportSchema,
  AccountResponseSchema,
  ChangeEmailRequestSchema,
  ConfirmEmailChangeRequestSchema,
  DeleteAccountRequestSchema,
  UpdateAccountRequestSchema,
} from '@partystream/shared/account/account.schemas';
import { UserSchema } from '@partystream/shared/auth/auth.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'Privacy';
export const accountOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/me',
    tag,
    auth: true,
    summary: 'My account, with an email change waiting for confirmation',
    response: { status: 200, schema: AccountResponseSchema },
  },
  {
    method: 'patch',
    path: '/me',
    tag,
    auth: true,
    summary: 'Change my display name',
    body: UpdateAccountRequestSchema,
    response: { status: 200, schema: AccountResponseSchema },
  },
  {
    method: 'delete',
    path: '/me',
    tag,
    auth: true,
    summary:
      'Delete my account (password re-entered): 409 ACCOUNT_HAS_OPEN_BOOKINGS naming the booking while one is open; otherwise personal data is erased or anonymised at once and every session ends',
    body: DeleteAccountRequestSchema,
    response: { status: 204 },
  },
  {
    method: 'post',
    path: '/me/email',
    tag,
    auth: true,
    summary: 'Change my email (password re-entered): mails a link to the new address and a notice to the old one',
    body: ChangeEmailRequestSchema,
    response: { status: 202, schema: AccountResponseSchema },
  },
  {
    method: 'post',
    path: '/me/email/confirm',
    tag,
    summary: 'Confirm the new email with the mailed token; it takes effect now',
    body: ConfirmEmailChangeRequestSchema,
    response: { status: 200, schema: z.object({ user: UserSchema }) },
  },
  {
    method: 'get',
    path: '/me/export',
    tag,
    auth: true,
    summary: 'Download all my data as one JSON file (rate-limited)',
    response: { status: 200, schema: AccountExportSchema },
  },
];
