import { createContext, createElement, startTransition, useContext, useEffect, useState, type ReactNode } from 'react';

/** The viewer's IANA time zone (kept apart from format.ts so the route table can use it without the money tables). */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** undefined: no provider (a component rendered on its own, e.g. in a unit test) — the browser's zone at once. */
const ViewerZoneContext = createContext<string | null | undefined>(undefined);

/**
 * Holds the viewer's zone for the app. `initial` is null on the server and while the browser hydrates a page the
 * server rendered (the server cannot know the zone, and what the browser first renders must match what the server
 * sent); the real zone then arrives as a transition, so everything that depends on it re-renders in interruptible
 * slices after hydration instead of in one block (a phone's main thread stays responsive; decision 042). A page the
 * browser renders itself passes the zone at once.
 */
export function ViewerZoneProvider({ initial, children }: { initial: string | null; children: ReactNode }) {
  const [zone, setZone] = useState(initial);
  useEffect(() => {
    if (zone !== null) return;
    const id = setTimeout(() => startTransition(() => setZone(viewerTimeZone())), 0);
    return () => clearTimeout(id);
  }, [zone]);
  return createElement(ViewerZoneContext.Provider, { value: zone }, children);
}

/**
 * The viewer's zone for rendering: null on the server and while the browser hydrates a server-rendered page, the
 * real zone right after. Text that depends on the zone waits for it instead of flashing a wrong time (issue 20).
 */
export function useViewerZone(): string | null {
  const zone = useContext(ViewerZoneContext);
  return zone === undefined ? viewerTimeZone() : zone;
}
