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

/** The API query string for the filters in the page URL, in the viewer's zone. */
export function searchApiQuery(params: URLSearchParams, tz: string): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) q.set(k, v);
  }
  q.set('tz', tz);
  return q.toString();
}

/** One query definition for the page and for the route's prefetch (started while the page's code downloads). */
export const searchQuery = (apiQuery: string) => ({
  queryKey: ['djs', 'search', apiQuery],
  queryFn: () => api.get<{ items: DjCard[]; total: number; page: number; pageSize: number }>(`/djs?${apiQuery}`),
});
