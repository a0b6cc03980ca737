import { z } from 'zod';
import {
  AdminRefundSchema,
  AdminUserSchema,
  AuditEntrySchema,
  AuditQuerySchema,
  CountsSchema,
  EnrolmentSchema,
  FeeHistorySchema,
  InviteAdminSchema,
  JobViewSchema,
  LicenceSchema,
  ModerationItemSchema,
  ModerationNoticeSchema,
  MoneyIssueSchema,
  OverviewSchema,
  ReasonSchema,
  RemovalSchema,
  ReportProfileSchema,
  SecondFactorCodeSchema,
  SecondFactorStatusSchema,
  UserSearchQuerySchema,
} from '@partystream/shared/admin/admin.schemas';
import type { ApiOperation } from '../../http/openapi.ts';
import {
  FeeSettingSchema,
  IdParams,
  ModerationParams,
  OptionalReason,
  RefundDecidedSchema,
  RestoreParams,
} from './admin.routes.ts';
import { ProfileParams } from './moderation.routes.ts';

/**
 * /api/admin (issue 16) and what users see of moderation (/api/moderation). Every admin route but the
 * second-factor step needs an admin session that passed the second factor (403 otherwise); listing them here puts
 * them in the generated authorisation and malformed-input sweeps.
 */
const tag = 'Admin';
const admin = (op: Omit<ApiOperation, 'tag' | 'auth'>): ApiOperation => ({ ...op, tag, auth: true });
const items = (s: z.ZodType) => z.object({ items: z.array(s) });
const noContent = { status: 204, description: 'Done (and audited).' };

export const adminOperations: ApiOperation[] = [
  admin({
    method: 'get',
    path: '/admin/second-factor',
    summary: 'This admin session’s second-factor state',
    response: { status: 200, schema: SecondFactorStatusSchema },
  }),
  admin({
    method: 'post',
    path: '/admin/second-factor/enrol',
    summary: 'Start enrolling an authenticator (QR code and secret)',
    response: { status: 200, schema: EnrolmentSchema },
  }),
  admin({
    method: 'post',
    path: '/admin/second-factor/verify',
    summary: 'Verify a TOTP or recovery code for this session (the first TOTP returns recovery codes)',
    body: SecondFactorCodeSchema,
    response: { status: 200, schema: z.object({ recoveryCodes: z.array(z.string()).nullable() }) },
  }),
  admin({
    method: 'get',
    path: '/admin/settings',
    summary: 'The platform fee and its history',
    response: { status: 200, schema: FeeHistorySchema },
  }),
  admin({
    method: 'put',
    path: '/admin/settings',
    summary: 'Set the platform fee in basis points (new bookings only); audited in the same transaction',
    body: FeeSettingSchema,
    response: { status: 200, schema: z.object({ feeBps: z.number() }) },
  }),
  admin({
    method: 'get',
    path: '/admin/ledger-check',
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
  }),
  admin({
    method: 'get',
    path: '/admin/money-issues',
    summary: 'Open card disputes and no-show claims, with history and stream facts',
    response: { status: 200, schema: items(MoneyIssueSchema) },
  }),
  admin({
    method: 'post',
    path: '/admin/bookings/:id/refund',
    summary: 'Decide a refund to the host (all that is left without amountMinor) through the booking lifecycle',
    params: IdParams,
    body: AdminRefundSchema,
    response: { status: 200, schema: RefundDecidedSchema },
  }),
  admin({
    method: 'get',
    path: '/admin/counts',
    summary: 'Open items per console section',
    response: { status: 200, schema: CountsSchema },
  }),
  admin({
    method: 'get',
    path: '/admin/overview',
    summary: 'Bookings, volume, revenue, sign-ups per day; live parties; ledger status',
    response: { status: 200, schema: OverviewSchema },
  }),
  admin({
    method: 'get',
    path: '/admin/audit',
    summary: 'The audit log, newest first, searchable',
    query: AuditQuerySchema,
    response: { status: 200, schema: z.object({ items: z.array(AuditEntrySchema), total: z.number() }) },
  }),
  admin({
    method: 'get',
    path: '/admin/users',
    summary: 'Search users',
    query: UserSearchQuerySchema,
    response: { status: 200, schema: z.object({ items: z.array(AdminUserSchema), total: z.number() }) },
  }),
  admin({
    method: 'get',
    path: '/admin/users/:id',
    summary: 'A user with their bookings, the reports about their content and what moderators removed of it',
    params: IdParams,
    response: {
      status: 200,
      schema: z.object({
        user: AdminUserSchema,
        bookings: z.array(z.unknown()),
        reports: z.array(ModerationItemSchema),
        removals: z.array(RemovalSchema),
      }),
    },
  }),
  admin({
    method: 'post',
    path: '/admin/users/:id/suspend',
    summary: 'Suspend a user (sessions end at once)',
    params: IdParams,
    body: ReasonSchema,
    response: { status: 200, schema: z.object({ user: AdminUserSchema }) },
  }),
  admin({
    method: 'post',
    path: '/admin/users/:id/reinstate',
    summary: 'Reinstate a suspended user',
    params: IdParams,
    body: ReasonSchema,
    response: { status: 200, schema: z.object({ user: AdminUserSchema }) },
  }),
  admin({
    method: 'post',
    path: '/admin/admins',
    summary: 'Invite another admin (mailed a password link)',
    body: InviteAdminSchema,
    response: { status: 201, schema: z.object({ user: AdminUserSchema }) },
  }),
  admin({
    method: 'get',
    path: '/admin/licences',
    summary: 'Music-licence proof waiting for a decision',
    response: { status: 200, schema: items(LicenceSchema) },
  }),
  admin({
    method: 'get',
    path: '/admin/licences/:id/file',
    summary: 'The proof file (PDF or image), for admins only',
    params: IdParams,
    response: { status: 200, contentType: 'application/octet-stream', description: 'The file.' },
  }),
  admin({
    method: 'post',
    path: '/admin/licences/:id/approve',
    summary: 'Approve a licence (the DJ is mailed)',
    params: IdParams,
    response: { status: 200, schema: z.object({ licence: LicenceSchema }) },
  }),
  admin({
    method: 'post',
    path: '/admin/licences/:id/reject',
    summary: 'Reject a licence with a reason (the DJ is mailed)',
    params: IdParams,
    body: ReasonSchema,
    response: { status: 200, schema: z.object({ licence: LicenceSchema }) },
  }),
  admin({
    method: 'get',
    path: '/admin/moderation',
    summary: 'Open reports of chat messages, reviews and profiles',
    response: { status: 200, schema: items(ModerationItemSchema) },
  }),
  admin({
    method: 'post',
    path: '/admin/moderation/:kind/:id/:action',
    summary: 'Decide a report once: dismiss, remove (reason shown to the author) or suspend the author',
    params: ModerationParams,
    body: OptionalReason,
    response: noContent,
  }),
  admin({
    method: 'get',
    path: '/admin/removals',
    summary: 'Content moderators removed, newest first (reviews and profiles can be restored)',
    response: { status: 200, schema: items(RemovalSchema) },
  }),
  admin({
    method: 'post',
    path: '/admin/removals/:kind/:targetId/restore',
    summary: 'Restore a removed review or profile with a reason (the author is told; twice is 409)',
    params: RestoreParams,
    body: ReasonSchema,
    response: noContent,
  }),
  admin({
    method: 'get',
    path: '/admin/jobs',
    summary: 'Failed and stuck background jobs',
    response: { status: 200, schema: items(JobViewSchema) },
  }),
  admin({
    method: 'post',
    path: '/admin/jobs/:id/retry',
    summary: 'Run a failed or stuck job again',
    params: IdParams,
    body: OptionalReason,
    response: noContent,
  }),
  admin({
    method: 'post',
    path: '/admin/jobs/:id/cancel',
    summary: 'Cancel a failed or stuck job with a reason',
    params: IdParams,
    body: ReasonSchema,
    response: noContent,
  }),
  {
    method: 'post',
    path: '/moderation/profiles/:djProfileId/reports',
    tag,
    auth: true,
    summary: 'Report a DJ profile to the moderators (a repeat answers 200 and changes nothing)',
    params: ProfileParams,
    body: ReportProfileSchema,
    response: { status: 201, schema: z.object({ reported: z.boolean() }) },
  },
  {
    method: 'get',
    path: '/moderation/notices',
    tag,
    auth: true,
    summary: 'Your content that moderators removed, with their reason (and when and why it was restored)',
    response: { status: 200, schema: items(ModerationNoticeSchema) },
  },
];
