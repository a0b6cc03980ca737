/**
 * The in-app inbox (issue 18, decision 031). Items are written by the code that causes them, inside its
 * transaction (`add`): the booking engine writes one per mail of the process row it applies, so the lifecycle
 * table stays the one source of who hears about what. After commit the writer calls `announce`, which tells each
 * user's own sockets (`user:<id>`, on every process through the fan-out) their unread count and the newest item.
 * Reading and marking read go through the routes; every change of the count is announced the same way, so other
 * tabs follow.
 */
import {
  NOTIFICATION_CHANGED,
  type Notification,
  type NotificationList,
} from '@partystream/shared/notification/notification.schemas';
import type { NotificationListQuery } from '@partystream/shared/notification/notification.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import * as repo from './notification.repo.ts';

export type { NewNotification } from './notification.repo.ts';

const toWire = (r: repo.NotificationRow): Notification => ({
  id: r.id,
  kind: r.kind,
  data: r.data as Notification['data'],
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

export function createNotificationService(d: {
  db: Db;
  clock: Clock;
  log?: Logger;
  emit(room: string, event: string, payload: unknown): void;
}) {
  async function tell(userId: string, item?: Notification) {
    const unread = await repo.countUnread(d.db, userId);
    d.emit(`user:${userId}`, NOTIFICATION_CHANGED, item ? { unread, item } : { unread });
  }

  return {
    /** In the caller's transaction. Answers whom to `announce` to after commit (users with a new item). */
    async add(tx: Tx, items: repo.NewNotification[]): Promise<string[]> {
      const rows = await repo.insertNotifications(tx, items, d.clock.now());
      return [...new Set(rows.map((r) => r.userId))];
    },

    /** After commit: each user's unread count and newest item to their own sockets. Never throws. */
    announce(userIds: Iterable<string>): Promise<void> {
      return Promise.all(
        [...new Set(userIds)].map(async (userId) => {
          const [latest] = await repo.listNotifications(d.db, userId, 1);
          await tell(userId, latest ? toWire(latest) : undefined);
        }),
      ).then(
        () => undefined,
        (err: unknown) => d.log?.warn({ err }, 'inbox: announcing failed (clients catch up on their next read)'),
      );
    },

    async list(user: User, q: NotificationListQuery): Promise<NotificationList> {
      const rows = await repo.listNotifications(d.db, user.id, q.limit + 1, q.before ? Number(q.before) : undefined);
      const page = rows.slice(0, q.limit);
      return {
        items: page.map(toWire),
        unread: await repo.countUnread(d.db, user.id),
        next: rows.length > q.limit ? String(page.at(-1)!.seq) : null,
      };
    },

    /** Not theirs (or no such item): 404, nothing changes. */
    async markRead(user: User, id: string): Promise<{ unread: number }> {
      if (!(await repo.markRead(d.db, user.id, id, d.clock.now())))
        throw new AppError('NOT_FOUND', { detail: 'No such notification.' });
      await tell(user.id);
      return { unread: await repo.countUnread(d.db, user.id) };
    },

    async markAllRead(user: User): Promise<{ unread: number }> {
      await repo.markAllRead(d.db, user.id, d.clock.now());
      await tell(user.id);
      return { unread: await repo.countUnread(d.db, user.id) };
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
