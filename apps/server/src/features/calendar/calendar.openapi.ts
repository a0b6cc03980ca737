import { z } from 'zod';
import { CalendarFeedSchema } from '@partystream/shared/calendar/calendar.schemas';
import type { ApiOperation } from '../../http/openapi.ts';
import { FeedParamSchema } from './calendar.routes.ts';

const tag = 'Calendar';

/** /api/calendar/feed and /api/calendar/feeds/<token>.ics: a DJ's or host's private feed of their parties. */
export const calendarFeedOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/calendar/feed',
    tag,
    auth: true,
    summary: 'The address of my private party feed (null when off)',
    response: { status: 200, schema: CalendarFeedSchema },
  },
  {
    method: 'post',
    path: '/calendar/feed',
    tag,
    auth: true,
    summary: 'Turn on my party feed, or give it a new address (the old one stops working)',
    response: { status: 201, schema: CalendarFeedSchema },
  },
  {
    method: 'delete',
    path: '/calendar/feed',
    tag,
    auth: true,
    summary: 'Turn off my party feed',
    response: { status: 204 },
  },
  {
    method: 'get',
    path: '/calendar/feeds/:file',
    tag,
    summary: 'A party feed (iCalendar) by its secret address; a revoked or rotated address is 404',
    params: FeedParamSchema,
    response: { status: 200, description: 'iCalendar (RFC 5545)', schema: z.string(), contentType: 'text/calendar' },
  },
];
