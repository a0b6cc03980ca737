/**
 * Turns the web app's server renderer (apps/web/dist-ssr/entry-server.js, built by `npm run build`) and the built
 * index.html into finished pages (issue 20): the page's markup in #root, its head tags (title, description,
 * canonical, Open Graph, Twitter), the hydration data block, <html lang>, the app's CSS and the page's own CSS
 * inlined (no render-blocking stylesheet round trip on a slow phone), and instead of the app's module scripts one
 * inline boot script that starts them after the page has loaded (boot-script.ts, decision 042), naming the entry
 * and every chunk the entry and the page's route import, so they are fetched side by side then.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BOOT_SCRIPT } from './boot-script.ts';

/** The renderer's contract (apps/web/src/entry-server.tsx); apps/server does not import web code, it loads the build. */
export interface RenderRequest {
  url: string;
  publicUrl: string;
  languageCookie: string | null;
  acceptLanguages: string[];
  user: unknown;
  config: unknown;
  api(path: string): Promise<unknown>;
}
export type RenderResult =
  | { kind: 'redirect'; status: 301; location: string }
  | { kind: 'page'; status: number; lang: string; head: string; body: string; state: string; modules: string[] };
interface EntryServer {
  render(req: RenderRequest): Promise<RenderResult | null>;
  isPublicPage(pathname: string): boolean;
}
interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
}

export interface PageRenderer {
  isPublicPage(pathname: string): boolean;
  /** A redirect, a finished page (status and HTML), or null when the path is not a public page. */
  render(req: RenderRequest): Promise<{ redirect: string } | { status: number; html: string } | null>;
}

/** Loads the renderer of the built web app in `webDist`; null when there is none (a build without `--ssr`). */
export async function loadPageRenderer(webDist: string): Promise<PageRenderer | null> {
  const entryFile = join(webDist, '..', 'dist-ssr', 'entry-server.js');
  const manifestFile = join(webDist, '.vite', 'manifest.json');
  if (!existsSync(entryFile) || !existsSync(manifestFile)) return null;
  const entry = (await import(pathToFileURL(entryFile).href)) as EntryServer;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const cssCache = new Map<string, string>();
  const css = (file: string) => {
    let text = cssCache.get(file);
    if (text === undefined) {
      text = readFileSync(join(webDist, file), 'utf8').replace(/<\/style/gi, '<\\/style');
      cssCache.set(file, text);
    }
    return text;
  };
  // Every chunk a module needs, depth first (its static imports), without repeats.
  const closure = (keys: string[]) => {
    const seen = new Set<string>();
    const visit = (k: string) => {
      if (seen.has(k) || !manifest[k]) return;
      seen.add(k);
      for (const i of manifest[k].imports ?? []) visit(i);
    };
    keys.forEach(visit);
    return [...seen].map((k) => manifest[k]!);
  };
  const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
  const mainChunks = new Set(closure(entries).map((c) => c.file));
  // The entry's static imports, each after its own imports (the order the boot script evaluates them in).
  const entryDeps: ManifestChunk[] = [];
  const placed = new Set<string>(entries);
  const place = (k: string) => {
    if (placed.has(k) || !manifest[k]) return;
    placed.add(k);
    for (const i of manifest[k].imports ?? []) place(i);
    entryDeps.push(manifest[k]);
  };
  for (const e of entries) for (const i of manifest[e]!.imports ?? []) place(i);
  const shell = readFileSync(join(webDist, 'index.html'), 'utf8');
  const entrySrc = /<script type="module"[^>]*\ssrc="([^"]+)"/.exec(shell)?.[1];
  if (!entrySrc) throw new Error(`no module script in ${join(webDist, 'index.html')}`);
  // The built shell minus its stylesheet links (inlined per page below), its static title and description, and its
  // module script and modulepreload links (the boot script starts them after load).
  const template = shell
    .replace(/\s*<link rel="stylesheet"[^>]*>/g, '')
    .replace(/\s*<title>[^<]*<\/title>/, '')
    .replace(/\s*<meta name="description"[^>]*>/, '')
    .replace(/\s*<script type="module"[^>]*><\/script>/g, '')
    .replace(/\s*<link rel="modulepreload"[^>]*>/g, '');
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

  return {
    isPublicPage: (pathname) => entry.isPublicPage(pathname),
    async render(req) {
      const page = await entry.render(req);
      if (!page) return null;
      if (page.kind === 'redirect') return { redirect: page.location };
      const own = closure(page.modules).filter((c) => !mainChunks.has(c.file));
      const styles = [...new Set([...closure(entries), ...own].flatMap((c) => c.css ?? []))];
      const head = [
        page.head,
        `<style>${styles.map(css).join('\n')}</style>`,
        // The same sheets as disabled links, which the browser does not fetch: the app's chunk loader looks for a
        // link with the sheet's address before adding one, so loading the page's code does not fetch and apply
        // again what is already inlined above.
        ...styles.map((f) => `<link rel="stylesheet" href="/${f}" disabled>`),
      ].join('\n    ');
      const files = (chunks: ManifestChunk[]) => chunks.map((c) => `/${c.file}`).join(' ');
      const boot = `<script data-entry="${attr(entrySrc)}" data-deps="${attr(files(entryDeps))}" data-preload="${attr(files(own))}">${BOOT_SCRIPT}</script>`;
      const html = template
        .replace(/<html lang="[^"]*">/, `<html lang="${page.lang.replace(/[^\w-]/g, '')}">`)
        .replace('</head>', `    ${head}\n  </head>`)
        .replace(
          '<div id="root"></div>',
          `<div id="root">${page.body}</div>\n    <script type="application/json" id="ssr-state">${page.state}</script>\n    ${boot}`,
        );
      return { status: page.status, html };
    },
  };
}
