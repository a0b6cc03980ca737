import { z } from 'zod';
import {
  NotificationIdSchema,
  NotificationListQuerySchema,
  NotificationListSchema,
} from '@partystream/shared/notification/notification.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'Notifications';
const Unread = z.object({ unread: z.number().int() });
export const notificationOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/notifications',
    tag,
    auth: true,
    summary: 'My inbox, newest first, with the unread count (live updates: socket event notification.changed)',
    query: NotificationListQuerySchema,
    response: { status: 200, schema: NotificationListSchema },
  },
  {
    method: 'post',
    path: '/notifications/read-all',
    tag,
    auth: true,
    summary: 'Mark every item of my inbox read',
    response: { status: 200, schema: Unread },
  },
  {
    method: 'post',
    path: '/notifications/:id/read',
    tag,
    auth: true,
    summary: 'Mark one of my items read (not mine: 404)',
    params: NotificationIdSchema,
    response: { status: 200, schema: Unread },
  },
];
