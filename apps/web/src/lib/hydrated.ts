import { useSyncExternalStore } from 'react';

const unchanging = () => () => {};
/**
 * False on the server and while the browser hydrates a server-rendered page, true right after (and on any page the
 * browser renders itself): for what the server's HTML must not contain, such as third-party frames (decision 041).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    unchanging,
    () => true,
    () => false,
  );
}
