import { z } from 'zod';
import { IdParamSchema } from '@partystream/shared/auth/auth.schemas';
import { DjCardSchema, DjProfileInputSchema, DjProfileSchema, DjSearchQuerySchema } from '@partystream/shared/dj/dj.schemas';
import {
  BlockedPeriodInputSchema,
  DateOverrideInputSchema,
  OpenWindowSchema,
  SlotsQuerySchema,
  WeeklyHoursInputSchema,
} from '@partystream/shared/availability/availability.schemas';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'DJs';
const Profile = z.object({ profile: DjProfileSchema });

export const djOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/djs',
    tag,
    summary: 'Search DJs (filters in the query string)',
    query: DjSearchQuerySchema,
    response: {
      status: 200,
      schema: z.object({ items: z.array(DjCardSchema), total: z.number(), page: z.number(), pageSize: z.number() }),
    },
  },
  {
    method: 'get',
    path: '/djs/me',
    tag,
    auth: true,
    summary: 'My DJ profile (null before onboarding)',
    response: { status: 200, schema: z.object({ profile: DjProfileSchema.nullable() }) },
  },
  {
    method: 'put',
    path: '/djs/me',
    tag,
    auth: true,
    summary: 'Create or update my DJ profile',
    body: DjProfileInputSchema,
    response: { status: 200, schema: Profile },
  },
  {
    method: 'put',
    path: '/djs/me/photo',
    tag,
    auth: true,
    summary: 'Upload my photo (multipart field "photo"; JPEG/PNG/WebP/GIF; stored as 640×640 WebP)',
    body: z.object({ photo: z.string().describe('binary') }),
    bodyType: 'multipart/form-data',
    response: { status: 200, schema: Profile },
  },
  { method: 'delete', path: '/djs/me/photo', tag, auth: true, summary: 'Remove my photo', response: { status: 204 } },
  { method: 'get', path: '/djs/me/availability', tag, auth: true, summary: 'My weekly hours, overrides and blocked periods' },
  {
    method: 'put',
    path: '/djs/me/availability/weekly',
    tag,
    auth: true,
    summary: 'Replace my weekly hours',
    body: WeeklyHoursInputSchema,
  },
  {
    method: 'put',
    path: '/djs/me/availability/overrides/:date',
    tag,
    auth: true,
    summary: 'Set the hours of one date',
    params: z.object({ date: z.string() }),
    body: DateOverrideInputSchema.omit({ date: true }),
    response: { status: 204 },
  },
  {
    method: 'delete',
    path: '/djs/me/availability/overrides/:date',
    tag,
    auth: true,
    summary: 'Remove a date override',
    params: z.object({ date: z.string() }),
    response: { status: 204 },
  },
  {
    method: 'post',
    path: '/djs/me/availability/blocked',
    tag,
    auth: true,
    summary: 'Block a period',
    body: BlockedPeriodInputSchema,
    response: { status: 201 },
  },
  {
    method: 'delete',
    path: '/djs/me/availability/blocked/:id',
    tag,
    auth: true,
    summary: 'Unblock a period',
    params: IdParamSchema,
    response: { status: 204 },
  },
  {
    method: 'get',
    path: '/djs/:id',
    tag,
    summary: 'A DJ’s public profile',
    params: IdParamSchema,
    response: { status: 200, schema: Profile },
  },
  {
    method: 'get',
    path: '/djs/:id/slots',
    tag,
    summary: 'Open windows between two dates of the viewer’s time zone',
    params: IdParamSchema,
    query: SlotsQuerySchema,
    response: {
      status: 200,
      schema: z.object({ timeZone: z.string(), viewerTimeZone: z.string(), windows: z.array(OpenWindowSchema) }),
    },
  },
];
