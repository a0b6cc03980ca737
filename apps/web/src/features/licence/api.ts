import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Licence, LicencePolicy } from '@partystream/shared/admin/admin.schemas';
import { api } from '../../lib/api-client';

const KEY = ['licences'] as const;

export const useMyLicences = () =>
  useQuery({
    queryKey: KEY,
    queryFn: () => api.get<{ items: Licence[]; verified: boolean; policy: LicencePolicy }>('/licences'),
  });

/** The proof goes as multipart (field `file`); kind, territory and expiry in the query string. */
export function useUploadLicence() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, territory, expiresOn, file }: { kind: string; territory: string; expiresOn: string; file: File }) => {
      const form = new FormData();
      form.append('file', file);
      const q = new URLSearchParams({ kind, territory, expiresOn });
      return api.post<{ licence: Licence }>(`/licences?${q.toString()}`, form);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: KEY }),
  });
}
