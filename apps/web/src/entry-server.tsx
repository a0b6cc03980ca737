/**
 * The server renderer of the public pages (issue 20): landing, search and DJ profiles are rendered to HTML by the
 * same route table and components the browser runs, from data read in process (the server's own services, through
 * the same query definitions), in the language the app would pick (saved choice → Accept-Language → English).
 * Built by `vite build --ssr` into dist-ssr/ and loaded by apps/server (features/public-pages), which fills
 * index.html with what this returns; the browser then hydrates (main.tsx). Other pages are not rendered here.
 */
import { prerender } from 'react-dom/static';
import { createStaticHandler, createStaticRouter, matchPath, StaticRouterProvider } from 'react-router';
import { dehydrate, QueryClient } from '@tanstack/react-query';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import i18n, { ensureCatalogue } from './lib/i18n';
import { chooseLocale, DEFAULT_LANGUAGE, languageOf } from './lib/locale';
import { setServerTransport, type ServerTransport } from './lib/api-client';
import { meQueryKey } from './lib/auth';
import { createRoutes } from './app/routes';
import { AppProvider } from './app/provider';
import { headTags, type PublicPage } from './app/head';
import { serializeState, type SsrState } from './app/ssr-state';
import { featuredQuery } from './app/routes/landing';
import { searchApiQuery, searchQuery } from './features/search/api';
import { profileQuery } from './features/dj-profile/api';
import { djReviewsQuery } from './features/review/api';
import { paths } from './config/paths';

export interface RenderRequest {
  /** Path and query of the page, e.g. `/djs/dj-quinn-berlin`. */
  url: string;
  /** The site's absolute address (PUBLIC_URL), for canonical and Open Graph URLs. */
  publicUrl: string;
  /** The language cookie (lib/locale.ts LANGUAGE_COOKIE), if any. */
  languageCookie: string | null;
  /** The request's Accept-Language tags, best first. */
  acceptLanguages: string[];
  /** The logged-in user as GET /api/auth/session would say (null when logged out), so the header renders right. */
  user: unknown;
  /** GET /api/config, for the header. */
  config: unknown;
  /** Answers GET /api<path> in process; throws `{ status, problem }` as the API would answer. */
  api: ServerTransport;
}

export type RenderResult =
  | { kind: 'redirect'; status: 301; location: string }
  | {
      kind: 'page';
      status: number;
      /** The locale the page is in (for <html lang>). */
      lang: string;
      head: string;
      /** The app's markup, for <div id="root">. */
      body: string;
      /** The JSON data block for hydration (app/ssr-state.ts). */
      state: string;
      /** Source modules (keys of Vite's manifest) the page's code lives in, to preload with it. */
      modules: string[];
    };

/** The pages rendered here, with the modules their code is in beyond the main bundle. */
const PUBLIC = [
  { path: paths.home.path, modules: [] as string[] },
  { path: paths.search.path, modules: ['src/features/search/components/search-page.tsx'] },
  // The calendar follows right after hydration: its code is fetched with the page's, its sheet inlined.
  { path: paths.djProfile.path, modules: ['src/app/routes/dj-profile.tsx', 'src/features/dj-profile/components/open-dates.tsx'] },
];

/** Whether `pathname` is a page this renderer serves (the server sends the plain app shell otherwise). */
export function isPublicPage(pathname: string): boolean {
  return PUBLIC.some((p) => matchPath(p.path, pathname));
}

/** Renders one public page, or null when `url` is not one. */
export async function render(req: RenderRequest): Promise<RenderResult | null> {
  const url = new URL(req.url, req.publicUrl);
  const match = PUBLIC.find((p) => matchPath(p.path, url.pathname));
  if (!match) return null;
  setServerTransport(req.api);

  // The server's answers are final for this render: no retries, nothing goes stale while rendering.
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  client.setQueryData(meQueryKey, req.user ?? null);
  client.setQueryData(['config'], req.config);
  let page: PublicPage = { kind: 'landing' };
  let status = 200;
  // The photo that is the page's largest content (the first card's, the profile's), preloaded from the head.
  let firstPhoto: string | null = null;
  const firstCardPhoto = (query: ReturnType<typeof searchQuery>) =>
    client.getQueryData<Awaited<ReturnType<typeof query.queryFn>>>(query.queryKey)?.items[0]?.photoUrl ?? null;
  if (match.path === paths.home.path) {
    await client.prefetchQuery(featuredQuery());
    firstPhoto = firstCardPhoto(featuredQuery());
  } else if (match.path === paths.search.path) {
    page = { kind: 'search' };
    const apiQuery = searchApiQuery(url.searchParams, null);
    if (apiQuery !== null) {
      await client.prefetchQuery(searchQuery(apiQuery));
      firstPhoto = firstCardPhoto(searchQuery(apiQuery));
    }
  } else {
    const ref = matchPath(match.path, url.pathname)!.params.id ?? '';
    await client.prefetchQuery(profileQuery(ref));
    const profile = client.getQueryData<DjProfile>(profileQuery(ref).queryKey) ?? null;
    // An old link by id, or any other name than the slug: one permanent redirect to the readable URL.
    if (profile && profile.slug !== ref)
      return { kind: 'redirect', status: 301, location: paths.djProfile.to(profile.slug) + url.search };
    if (profile) await client.prefetchQuery(djReviewsQuery(profile.id, 1));
    else status = 404;
    firstPhoto = profile?.photoUrl ?? null;
    page = { kind: 'profile', profile };
  }

  const locale = chooseLocale(req.languageCookie, req.acceptLanguages);
  const language = languageOf(locale) ?? DEFAULT_LANGUAGE;
  await ensureCatalogue(language);
  // Its own instance per request (sharing the loaded strings): concurrent renders may be in other languages.
  const strings = i18n.cloneInstance({ lng: locale, initAsync: false });
  await strings.changeLanguage(locale);

  const handler = createStaticHandler(createRoutes({ prefetch: false }));
  const context = await handler.query(new Request(url.href));
  if (context instanceof Response) throw new Error(`unexpected router response ${context.status} for ${url.pathname}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const { prelude } = await prerender(
    <AppProvider client={client} strings={strings} zone={null}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </AppProvider>,
  );
  const state: SsrState = { locale, queries: dehydrate(client), loaderData: context.loaderData };
  return {
    kind: 'page',
    status,
    lang: locale,
    head: headTags(page, {
      t: strings.t,
      locale,
      publicUrl: req.publicUrl,
      path: page.kind === 'search' ? url.pathname + url.search : url.pathname,
      firstPhoto,
    }),
    body: await new Response(prelude).text(),
    state: serializeState(state),
    modules: language === DEFAULT_LANGUAGE ? match.modules : [...match.modules, `src/locales/${language}/catalogue.ts`],
  };
}
