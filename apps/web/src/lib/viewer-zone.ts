import { useSyncExternalStore } from 'react';

/** The viewer's IANA time zone (kept apart from format.ts so the route table can use it without the money tables). */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const unchanging = () => () => {};
/**
 * The viewer's zone for rendering: null on the server and while the browser hydrates a server-rendered page (the
 * server cannot know the zone, and what the browser first renders must match what the server sent), the real zone
 * right after. Text that depends on the zone waits for it instead of flashing a wrong time (issue 20).
 */
export function useViewerZone(): string | null {
  return useSyncExternalStore(unchanging, viewerTimeZone, () => null);
}
