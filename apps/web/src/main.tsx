/**
 * The browser entry. A page the server rendered (landing, search, DJ profiles: entry-server.tsx) is hydrated with the
 * locale, query cache and loader data the server used, after loading the code of its route, so the first browser
 * render matches the HTML; any other page is rendered here from scratch. On a server-rendered page this module is
 * imported by the page's boot script once the page has loaded (decision 042), and hydration runs as a transition:
 * React then works in slices of a few milliseconds, so a slow phone's main thread is never blocked for long.
 */
import { startTransition, StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, RouterProvider, type RouteObject } from 'react-router';
import { hydrate } from '@tanstack/react-query';
import './styles/global.css';
import { AppProvider } from './app/provider';
import { createRoutes } from './app/routes';
import { readSsrState } from './app/ssr-state';
import { browserLocale, startI18n, switchLocale } from './lib/i18n';
import { queryClient } from './lib/query-client';
import { warmIntl } from './lib/format';
import { viewerTimeZone } from './lib/viewer-zone';

/** Resolves the lazy routes the URL matches, as React Router asks before hydrating (no fallback may render). */
async function loadMatchedRoutes(routes: RouteObject[]): Promise<void> {
  const lazy = (matchRoutes(routes, window.location) ?? []).filter((m) => m.route.lazy);
  await Promise.all(
    lazy.map(async (m) => {
      const load = m.route.lazy as () => Promise<Partial<RouteObject>>;
      Object.assign(m.route, { ...(await load()), lazy: undefined });
    }),
  );
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function start(): Promise<void> {
  const root = document.getElementById('root')!;
  const ssr = readSsrState();
  const routes = createRoutes({ prefetch: true });
  if (!ssr) {
    // English needs no fetch; another language waits for its one catalogue chunk so the first paint is in it.
    await startI18n();
    const router = createBrowserRouter(routes);
    createRoot(root).render(
      <StrictMode>
        <AppProvider zone={viewerTimeZone()}>
          <RouterProvider router={router} />
        </AppProvider>
      </StrictMode>,
    );
    return;
  }
  hydrate(queryClient, ssr.queries);
  await Promise.all([startI18n(ssr.locale), loadMatchedRoutes(routes)]);
  // A page's first Intl formatter loads the browser's locale data (~35 ms on a fast machine, four times that on a
  // phone), whichever kind comes first: here it is a task of its own instead of part of the first render that
  // formats a price or a time (issue 20, Total Blocking Time).
  await nextTask();
  warmIntl(ssr.locale);
  await nextTask();
  const router = createBrowserRouter(routes, { hydrationData: { loaderData: ssr.loaderData } });
  startTransition(() => {
    hydrateRoot(
      root,
      <StrictMode>
        <AppProvider zone={null}>
          <RouterProvider router={router} />
        </AppProvider>
      </StrictMode>,
    );
  });
  // The server chose from the cookie and Accept-Language; a choice only this browser knows wins afterwards.
  const own = browserLocale();
  if (own !== ssr.locale) void switchLocale(own);
}

void start();
