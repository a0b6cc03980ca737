/**
 * The in-app inbox (issue 18): items a user should notice — a new booking request, accepted, declined or cancelled,
 * a reminder, a payout. An item's `kind` is the mail template key of the booking process row that wrote it
 * (packages/shared/src/booking/booking.process.ts `mails`), or a reminder key; the web words it in the reader's
 * language from `data`. The unread count follows live over Socket.io (`notification.changed`).
 */
import { z } from 'zod';

/** Reminder kinds, written by the reminder jobs (not by a process row). */
export const REMINDER_KINDS = ['party.reminder_24h', 'party.reminder_1h'] as const;

export const NotificationDataSchema = z.object({
  bookingId: z.string().optional(),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
});
export type NotificationData = z.infer<typeof NotificationDataSchema>;

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  data: NotificationDataSchema,
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

/** `before`: the `next` cursor of the previous page (older items). */
export const NotificationListQuerySchema = z.object({
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'Not a page cursor.')
    .optional(),
  limit: z.coerce.number('Expected a number.').int().min(1).max(50).default(20),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const NotificationListSchema = z.object({
  items: z.array(NotificationSchema),
  unread: z.number().int(),
  /** Cursor of the next (older) page; null at the end. */
  next: z.string().nullable(),
});
export type NotificationList = z.infer<typeof NotificationListSchema>;

export const NotificationIdSchema = z.object({ id: z.uuid('Not a valid id.') });

/** Server → the user's own sockets after any change (new item, read): the unread count, and the new item if any. */
export const NOTIFICATION_CHANGED = 'notification.changed';
export const NotificationChangedSchema = z.object({ unread: z.number().int(), item: NotificationSchema.optional() });
export type NotificationChanged = z.infer<typeof NotificationChangedSchema>;
