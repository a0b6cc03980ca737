import { useQuery } from '@tanstack/react-query';
import type { ModerationNotice } from '@partystream/shared/admin/admin.schemas';
import { api } from '../../lib/api-client';

/** Reports a DJ profile to the moderators (signed in; a repeat changes nothing). */
export const reportProfile = (djProfileId: string, reason: string) =>
  api.post<{ reported: boolean }>(`/moderation/profiles/${djProfileId}/reports`, { reason });

/** The signed-in user's content that moderators removed, with their reason. */
export const useModerationNotices = (enabled = true) =>
  useQuery({
    queryKey: ['moderation', 'notices'],
    queryFn: () => api.get<{ items: ModerationNotice[] }>('/moderation/notices'),
    enabled,
  });
