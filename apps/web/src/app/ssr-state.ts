/**
 * What a server-rendered page hands the browser so hydration renders exactly what the server did (issue 20): the
 * locale it rendered in, the query cache it rendered from, and the router's loader data. It travels as a JSON data
 * block (`<script type="application/json">`, which the Content-Security-Policy does not treat as a script).
 */
import type { DehydratedState } from '@tanstack/react-query';

export const SSR_STATE_ID = 'ssr-state';

export interface SsrState {
  locale: string;
  queries: DehydratedState;
  loaderData: Record<string, unknown>;
}

/** JSON safe inside a <script> element: no `</script>`, `<!--` or line separators can end or break it. */
export function serializeState(state: SsrState): string {
  return JSON.stringify(state)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The state of a server-rendered page, or null for a page the browser renders alone. */
export function readSsrState(): SsrState | null {
  const el = document.getElementById(SSR_STATE_ID);
  return el?.textContent ? (JSON.parse(el.textContent) as SsrState) : null;
}
