/**
 * What the public pages need from the rest of the server (issue 20): the few API reads the server renderer makes
 * (answered in process with the same schemas and services as the HTTP API, so the browser's cache gets exactly what
 * GET /api/... would say), and the sitemap and robots.txt. Knows nothing of Express.
 */
import { DjRefParamSchema, DjSearchQuerySchema } from '@partystream/shared/dj/dj.schemas';
import { DjIdParamsSchema, ReviewPageQuerySchema } from '@partystream/shared/review/review.schemas';
import { AppError, isAppError } from '../../errors.ts';
import { parseInput } from '../../http/validate.ts';
import type { DjService } from '../dj/dj.service.ts';
import type { ReviewService } from '../review/review.service.ts';

export interface PublicPagesDeps {
  dj: DjService;
  review: ReviewService;
  publicUrl: string;
}

/** An API answer the renderer could not get, shaped as the browser's api-client reads a problem. */
export interface ReadFailure {
  status: number;
  problem: { code: string; title: string; detail: string; errors?: unknown[] };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function createPublicPagesService(d: PublicPagesDeps) {
  async function read(path: string): Promise<unknown> {
    const url = new URL(path, 'http://in-process');
    const query = Object.fromEntries(url.searchParams);
    let m: RegExpExecArray | null;
    if (url.pathname === '/djs') return d.dj.search(parseInput(DjSearchQuerySchema, query, 'query'));
    if ((m = /^\/djs\/([^/]+)$/.exec(url.pathname))) {
      const { id } = parseInput(DjRefParamSchema, { id: decodeURIComponent(m[1]!) }, 'params');
      return { profile: await d.dj.getPublic(id) };
    }
    if ((m = /^\/reviews\/djs\/([^/]+)$/.exec(url.pathname))) {
      const { djProfileId } = parseInput(DjIdParamsSchema, { djProfileId: m[1] }, 'params');
      const { page, pageSize } = parseInput(ReviewPageQuerySchema, query, 'query');
      return d.review.djPage(djProfileId, page, pageSize);
    }
    throw new AppError('ROUTE_NOT_FOUND', { detail: `The server renderer does not read ${url.pathname}.` });
  }

  return {
    /**
     * Answers GET /api<path> for the renderer. The JSON round trip hands over exactly what the HTTP API would send
     * (dates as strings, no undefined); failures are `ReadFailure`s, never a half-rendered page.
     */
    async api(path: string): Promise<unknown> {
      try {
        return JSON.parse(JSON.stringify(await read(path))) as unknown;
      } catch (e) {
        if (!isAppError(e)) throw e;
        const failure: ReadFailure = {
          status: e.status,
          problem: { code: e.code, title: e.message, detail: e.message, errors: e.errors },
        };
        throw failure;
      }
    },

    /** The sitemap (sitemaps.org 0.9): landing, search and every profile search lists — no suspended or removed DJs. */
    async sitemap(): Promise<string> {
      const profiles = await d.dj.listListedProfiles();
      const entry = (loc: string, lastmod?: Date) =>
        `  <url><loc>${xml(d.publicUrl + loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString().slice(0, 10)}</lastmod>` : ''}</url>`;
      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        entry('/'),
        entry('/djs'),
        ...profiles.map((p) => entry(`/djs/${encodeURIComponent(p.slug)}`, p.updatedAt)),
        '</urlset>',
        '',
      ].join('\n');
    },

    /** robots.txt: the public pages are open; account, booking, party and API paths are not for crawlers. */
    robots(): string {
      return [
        'User-agent: *',
        'Allow: /',
        ...['/api/', '/account', '/admin', '/bookings', '/book/', '/dj/', '/party/', '/dashboard/', '/dev/'].map(
          (p) => `Disallow: ${p}`,
        ),
        `Sitemap: ${d.publicUrl}/sitemap.xml`,
        '',
      ].join('\n');
    },
  };
}

export type PublicPagesService = ReturnType<typeof createPublicPagesService>;
