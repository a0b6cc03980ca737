import type { DjCard } from '@partystream/shared/dj/dj.schemas';
import { api } from '../../lib/api-client';

const FILTER_KEYS = [
  'q',
  'cityId',
  'radiusKm',
  'genres',
  'languages',
  'currency',
  'minPrice',
  'maxPrice',
  'minRating',
  'licensed',
  'date',
  'fromTime',
  'toTime',
  'sort',
  'page',
] as const;

/**
 * The API query string for the filters in the page URL. The viewer's zone only matters to a date or time filter, so
 * only then is it sent — and then null comes back while the zone is not known yet (a server render), instead of a
 * query in the wrong zone. Without such a filter the server and the browser ask the very same query.
 */
export function searchApiQuery(params: URLSearchParams, tz: string | null): string | null {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) q.set(k, v);
  }
  if (!q.has('date') && !q.has('fromTime') && !q.has('toTime')) return q.toString();
  if (!tz) return null;
  q.set('tz', tz);
  return q.toString();
}

/** One query definition for the page and for the route's prefetch (started while the page's code downloads). */
export const searchQuery = (apiQuery: string) => ({
  queryKey: ['djs', 'search', apiQuery],
  queryFn: () => api.get<{ items: DjCard[]; total: number; page: number; pageSize: number }>(`/djs?${apiQuery}`),
});
