/**
 * The web app as the server serves it (issue 20): built assets, the public pages
 * (landing, search, DJ profiles) rendered on the server in the visitor's language with their preview tags, old
 * `/djs/<id>` links answered with a 301 to the slug, and the plain app shell for every other page (the browser
 * renders those). Without the server renderer (a build without `--ssr`) every page gets the shell, as before.
 * /robots.txt and /sitemap.xml come from createCrawlerRouter.
 */
import express, { Router } from 'express';
import { join } from 'node:path';
import type { PublicConfig } from '../../config.ts';
import type { PublicPagesService } from './pages.service.ts';
import type { PageRenderer } from './renderer.ts';
import { LANGUAGE_COOKIE } from './language.ts';

export interface WebAppOptions {
  webDist: string;
  production: boolean;
  publicUrl: string;
  publicConfig: PublicConfig;
  pages: PublicPagesService;
  renderer: PageRenderer | null;
}

/** /robots.txt and /sitemap.xml: served whether or not this process serves the web app (it may sit behind a CDN). */
export function createCrawlerRouter(pages: PublicPagesService): Router {
  const r = Router();
  r.get('/robots.txt', (_req, res) => {
    res.type('text/plain').set('Cache-Control', 'public, max-age=3600').send(pages.robots());
  });
  r.get('/sitemap.xml', async (_req, res) => {
    res
      .type('application/xml')
      .set('Cache-Control', 'public, max-age=600')
      .send(await pages.sitemap());
  });
  return r;
}

export function createWebAppRouter(o: WebAppOptions): Router {
  const r = Router();
  // The build writes source maps (for local debugging); production does not publish them (issue 17).
  if (o.production) r.use((req, res, next) => (req.path.endsWith('.map') ? res.status(404).end() : next()));
  r.use(
    express.static(o.webDist, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, p) => {
        if (p.includes(`${join(o.webDist, 'assets')}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  r.get('/{*splat}', async (req, res) => {
    if (o.renderer?.isPublicPage(req.path) && (req.method === 'GET' || req.method === 'HEAD')) {
      try {
        const out = await o.renderer.render({
          url: req.originalUrl,
          publicUrl: o.publicUrl,
          languageCookie: (req.cookies as Record<string, string> | undefined)?.[LANGUAGE_COOKIE] ?? null,
          acceptLanguages: req.acceptsLanguages(),
          user: req.auth?.user ?? null,
          config: o.publicConfig,
          api: o.pages.api,
        });
        if (out && 'redirect' in out) return res.redirect(301, out.redirect);
        if (out) {
          // Personal (the header shows who is logged in) and in the visitor's language: not for shared caches.
          res.set({ 'Cache-Control': 'private, no-cache', Vary: 'Cookie, Accept-Language' });
          return res.status(out.status).type('html').send(out.html);
        }
      } catch (err) {
        // The browser can still render the page itself: log it and send the shell.
        req.log.error({ err }, 'server render failed; sending the app shell');
      }
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(o.webDist, 'index.html'));
  });
  return r;
}
