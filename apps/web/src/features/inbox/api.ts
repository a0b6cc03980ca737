/** The inbox over HTTP, and its live count over the app's one Socket.io connection. */
import { useEffect } from 'react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  NOTIFICATION_CHANGED,
  type NotificationChanged,
  type NotificationList,
} from '@partystream/shared/notification/notification.schemas';
import { api } from '../../lib/api-client';
import { getSocket } from '../../lib/realtime';

const KEY = ['inbox'] as const;

export function useInbox(enabled: boolean) {
  return useQuery({
    queryKey: KEY,
    queryFn: () => api.get<NotificationList>('/notifications?limit=20'),
    enabled,
    staleTime: 30_000,
  });
}

/** PAGE items at a time for the /inbox page; the bell shows the first 20. */
export const PAGE = 20;

/**
 * The /inbox page's list: keyset pages (`before` = the previous page's `next` cursor), newest first, so an item
 * arriving while reading does not shift the older pages. Under the same key prefix as the bell, so the live
 * event and marking read refresh both.
 */
export function useInboxPages(enabled: boolean) {
  return useInfiniteQuery({
    enabled,
    queryKey: [...KEY, 'pages'],
    queryFn: ({ pageParam }) =>
      api.get<NotificationList>(`/notifications?limit=${PAGE}${pageParam ? `&before=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

/**
 * Keeps the inbox current: a `notification.changed` sets the unread count at once and refetches the list (a new
 * item, or read elsewhere); a reconnect refetches what was missed while offline.
 */
export function useInboxLive(enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const s = getSocket();
    const onChanged = (p: NotificationChanged) => {
      qc.setQueryData<NotificationList>(KEY, (old) => (old ? { ...old, unread: p.unread } : old));
      void qc.invalidateQueries({ queryKey: KEY });
    };
    const onConnect = () => void qc.invalidateQueries({ queryKey: KEY });
    s.on(NOTIFICATION_CHANGED, onChanged);
    s.on('connect', onConnect);
    return () => {
      s.off(NOTIFICATION_CHANGED, onChanged);
      s.off('connect', onConnect);
    };
  }, [enabled, qc]);
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string | 'all') =>
      api.post<{ unread: number }>(id === 'all' ? '/notifications/read-all' : `/notifications/${id}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
