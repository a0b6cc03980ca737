import { z } from 'zod';
import {
  MailSettingsSchema,
  UnsubscribeResultSchema,
  UnsubscribeTokenSchema,
  UpdateMailSettingsSchema,
} from '@partystream/shared/notification/mail-settings.schemas';
import type { ApiOperation } from '../../../http/openapi.ts';

const tag = 'Notifications';
const params = z.object({ token: UnsubscribeTokenSchema });
export const mailOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/me/notification-settings',
    tag,
    auth: true,
    summary: 'My mail language and time zone, and which non-essential mail categories I get',
    response: { status: 200, schema: z.object({ settings: MailSettingsSchema }) },
  },
  {
    method: 'put',
    path: '/me/notification-settings',
    tag,
    auth: true,
    summary: 'Change any of my mail language, time zone and categories (fields left out stay as they are)',
    body: UpdateMailSettingsSchema,
    response: { status: 200, schema: z.object({ settings: MailSettingsSchema }) },
  },
  {
    method: 'post',
    path: '/mail/unsubscribe/:token',
    tag,
    summary:
      'One-click unsubscribe (RFC 8058): the List-Unsubscribe address of a non-essential mail; no login; the body, if any, is the form `List-Unsubscribe=One-Click`. 404 for a link we did not sign',
    params,
    response: { status: 200, schema: UnsubscribeResultSchema },
  },
  {
    method: 'get',
    path: '/mail/unsubscribe/:token',
    tag,
    summary: 'A person following an unsubscribe link: 303 to the confirmation page (a GET never unsubscribes)',
    params,
    response: { status: 303 },
  },
  {
    method: 'get',
    path: '/mail/links/:token',
    tag,
    summary: 'What an unsubscribe link is for and whether it is already done (the confirmation page)',
    params,
    response: { status: 200, schema: UnsubscribeResultSchema },
  },
];
