import { useViewerZone } from './viewer-zone';

/**
 * False on the server and while the browser hydrates a server-rendered page, true soon after (at once on a page the
 * browser renders itself): for what the server's HTML must not contain, such as third-party frames (decision 042).
 * It turns true with the viewer's zone, in the same transition after hydration.
 */
export function useHydrated(): boolean {
  return useViewerZone() !== null;
}
