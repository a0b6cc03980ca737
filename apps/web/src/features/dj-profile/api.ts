import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import { api } from '../../lib/api-client';

/** One query definition for the page and for the route's prefetch (started while the page's code downloads). */
export const profileQuery = (id: string) => ({
  queryKey: ['djs', id],
  queryFn: async () => (await api.get<{ profile: DjProfile }>(`/djs/${id}`)).profile,
});
