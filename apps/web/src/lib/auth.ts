import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { api } from './api-client';

export const meQueryKey = ['auth', 'me'] as const;

/** The logged-in user, or null when logged out. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async (): Promise<User | null> => (await api.get<{ user: User | null }>('/auth/session')).user,
    staleTime: 60_000,
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSuccess: () => {
      qc.setQueryData(meQueryKey, null);
      void qc.invalidateQueries();
    },
  });
}
