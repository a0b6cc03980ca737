import { z } from 'zod';
import { IdParamSchema } from '@partystream/shared/auth/auth.schemas';
import {
  CalendarQuerySchema,
  CalendarSourceInputSchema,
  CalendarSourceSchema,
  CalendarViewSchema,
  RecurringBlockInputSchema,
  RecurringBlockSchema,
} from '@partystream/shared/calendar/calendar.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'Calendar';
const Source = z.object({ source: CalendarSourceSchema });

/** /api/calendar: the logged-in DJ's calendar, recurring blocks and imported calendars (the feeds: calendar feature). */
export const calendarOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/calendar',
    tag,
    auth: true,
    summary: 'My calendar (DJ): hours, overrides, blocks, recurring blocks and bookings in a date range',
    query: CalendarQuerySchema,
    response: { status: 200, schema: CalendarViewSchema },
  },
  {
    method: 'post',
    path: '/calendar/recurring',
    tag,
    auth: true,
    summary: 'Add a recurring block (an RRULE in my time zone)',
    body: RecurringBlockInputSchema,
    response: { status: 201, schema: z.object({ recurring: RecurringBlockSchema }) },
  },
  {
    method: 'delete',
    path: '/calendar/recurring/:id',
    tag,
    auth: true,
    summary: 'Remove one of my recurring blocks',
    params: IdParamSchema,
    response: { status: 204 },
  },
  {
    method: 'get',
    path: '/calendar/sources',
    tag,
    auth: true,
    summary: 'My other calendars (ICS addresses) whose busy times block bookings',
    response: { status: 200, schema: z.object({ sources: z.array(CalendarSourceSchema) }) },
  },
  {
    method: 'post',
    path: '/calendar/sources',
    tag,
    auth: true,
    summary: 'Import another calendar by its ICS address (fetched at once, then refreshed)',
    body: CalendarSourceInputSchema,
    response: { status: 201, schema: Source },
  },
  {
    method: 'delete',
    path: '/calendar/sources/:id',
    tag,
    auth: true,
    summary: 'Remove an imported calendar and its busy times',
    params: IdParamSchema,
    response: { status: 204 },
  },
  {
    method: 'post',
    path: '/calendar/sources/:id/refresh',
    tag,
    auth: true,
    summary: 'Fetch an imported calendar again now',
    params: IdParamSchema,
    response: { status: 200, schema: Source },
  },
];
