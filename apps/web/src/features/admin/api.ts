import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdminUser,
  AuditEntry,
  Counts,
  JobView,
  Licence,
  ModerationItem,
  MoneyIssue,
  Overview,
  Removal,
  SecondFactorStatus,
} from '@partystream/shared/admin/admin.schemas';
import type { Booking } from '@partystream/shared/booking/booking.schemas';
import { api } from '../../lib/api-client';

/** Every console query sits under this key, so an action refreshes the whole console (counts included). */
const KEY = ['admin'] as const;

export const useSecondFactor = (enabled: boolean) =>
  useQuery({
    queryKey: [...KEY, 'second-factor'],
    queryFn: () => api.get<SecondFactorStatus>('/admin/second-factor'),
    enabled,
    retry: false,
  });

export function useEnrol() {
  return useMutation({
    mutationFn: () => api.post<{ otpauthUrl: string; qrDataUrl: string; secret: string }>('/admin/second-factor/enrol'),
  });
}

/** Verifies a code; the caller opens the console (`useOpenConsole`) once any recovery codes have been shown. */
export function useVerify() {
  return useMutation({
    mutationFn: (code: string) => api.post<{ recoveryCodes: string[] | null }>('/admin/second-factor/verify', { code }),
  });
}

export function useOpenConsole() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: KEY });
}

export const useCounts = () =>
  useQuery({ queryKey: [...KEY, 'counts'], queryFn: () => api.get<Counts>('/admin/counts'), refetchInterval: 30_000 });
export const useOverview = () =>
  useQuery({ queryKey: [...KEY, 'overview'], queryFn: () => api.get<Overview>('/admin/overview') });
export const useUsers = (q: string) =>
  useQuery({
    queryKey: [...KEY, 'users', q],
    queryFn: () => api.get<{ items: AdminUser[]; total: number }>(`/admin/users?q=${encodeURIComponent(q)}`),
  });
/** One user with their bookings, the reports about their content and what moderators removed of it. */
export const useUserDetail = (id: string | null) =>
  useQuery({
    queryKey: [...KEY, 'user', id],
    queryFn: () => api.get<UserDetail>(`/admin/users/${id}`),
    enabled: id !== null,
  });
export interface UserDetail {
  user: AdminUser;
  bookings: Pick<Booking, 'id' | 'startsAt' | 'state' | 'djStageName' | 'hostName' | 'price'>[];
  reports: ModerationItem[];
  removals: Removal[];
}
export const useFee = () =>
  useQuery({
    queryKey: [...KEY, 'fee'],
    queryFn: () =>
      api.get<{
        feeBps: number;
        history: { feeBps: number; fromBps: number; by: string | null; reason: string | null; at: string }[];
      }>('/admin/settings'),
  });
export const useMoneyIssues = () =>
  useQuery({ queryKey: [...KEY, 'money'], queryFn: () => api.get<{ items: MoneyIssue[] }>('/admin/money-issues') });
export const useLicences = () =>
  useQuery({ queryKey: [...KEY, 'licences'], queryFn: () => api.get<{ items: Licence[] }>('/admin/licences') });
export const useModeration = () =>
  useQuery({ queryKey: [...KEY, 'moderation'], queryFn: () => api.get<{ items: ModerationItem[] }>('/admin/moderation') });
export const useRemovals = () =>
  useQuery({ queryKey: [...KEY, 'removals'], queryFn: () => api.get<{ items: Removal[] }>('/admin/removals') });
export const useJobs = () =>
  useQuery({ queryKey: [...KEY, 'jobs'], queryFn: () => api.get<{ items: JobView[] }>('/admin/jobs') });
export const useAudit = (q: string) =>
  useQuery({
    queryKey: [...KEY, 'audit', q],
    queryFn: () => api.get<{ items: AuditEntry[]; total: number }>(`/admin/audit?q=${encodeURIComponent(q)}`),
  });

/** Any console action: POST/PUT a path, then refresh every console query. */
export function useAdminAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ method = 'POST', path, body }: { method?: 'POST' | 'PUT'; path: string; body?: unknown }) =>
      method === 'PUT' ? api.put<unknown>(path, body) : api.post<unknown>(path, body ?? {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEY }),
  });
}
