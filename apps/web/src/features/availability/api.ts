import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarFeed, CalendarSource, CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import { api } from '../../lib/api-client';

export const calendarKey = ['calendar'] as const;

/** The DJ's calendar between two local dates of their zone (inclusive). */
export function useCalendar(from: string, to: string) {
  return useQuery({
    queryKey: [...calendarKey, from, to],
    queryFn: () => api.get<CalendarView>(`/calendar?from=${from}&to=${to}`),
    placeholderData: (prev) => prev,
  });
}

export function useSources() {
  return useQuery({
    queryKey: [...calendarKey, 'sources'],
    queryFn: async () => (await api.get<{ sources: CalendarSource[] }>('/calendar/sources')).sources,
  });
}

export function useFeed() {
  return useQuery({ queryKey: [...calendarKey, 'feed'], queryFn: () => api.get<CalendarFeed>('/calendar/feed') });
}

/** Calls the API and refreshes everything calendar-shaped afterwards. */
export function useCalendarActions() {
  const qc = useQueryClient();
  const done = async <T>(p: Promise<T>) => {
    try {
      return await p;
    } finally {
      await qc.invalidateQueries({ queryKey: calendarKey });
    }
  };
  return {
    block: (startsAt: string, endsAt: string, reason?: string) =>
      done(api.post<{ blocked: { id: string } }>('/djs/me/availability/blocked', { startsAt, endsAt, reason })),
    unblock: (id: string) => done(api.delete<void>(`/djs/me/availability/blocked/${id}`)),
    setOverride: (date: string, ranges: { start: string; end: string }[]) =>
      done(api.put<void>(`/djs/me/availability/overrides/${date}`, { ranges })),
    clearOverride: (date: string) => done(api.delete<void>(`/djs/me/availability/overrides/${date}`)),
    addRecurring: (body: { rrule: string; startDate: string; start: string; end: string; reason?: string }) =>
      done(api.post<{ recurring: { id: string } }>('/calendar/recurring', body)),
    removeRecurring: (id: string) => done(api.delete<void>(`/calendar/recurring/${id}`)),
    addSource: (url: string, label?: string) => done(api.post<{ source: CalendarSource }>('/calendar/sources', { url, label })),
    removeSource: (id: string) => done(api.delete<void>(`/calendar/sources/${id}`)),
    refreshSource: (id: string) => done(api.post<{ source: CalendarSource }>(`/calendar/sources/${id}/refresh`)),
    makeFeed: () => done(api.post<CalendarFeed>('/calendar/feed')),
    revokeFeed: () => done(api.delete<void>('/calendar/feed')),
  };
}
