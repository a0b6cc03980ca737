/**
 * The one inline script of a server-rendered public page (decision 041): it starts the app's JavaScript only once
 * the page has loaded and painted, so on a slow phone the HTML, its inlined CSS and the photo that is the largest
 * content are not competing with ~160 kB of modules for the link. The script's text never changes (what it loads
 * comes from its data attributes), so the Content-Security-Policy allows exactly it by hash (app.ts) and
 * `script-src` stays `'self'` for everything else.
 *
 * - `data-entry`: the app's entry module (Vite's index chunk), imported after `load` and one painted frame.
 * - `data-preload`: space-separated modules the entry and the page's route will import; they are modulepreloaded at
 *   the same moment, so the browser fetches them side by side instead of one import level at a time.
 *
 * A third-party frame that never finishes must not keep a page dead: 4 s after the HTML was parsed the app starts
 * anyway (the sample players mount only after hydration, so normally nothing third-party delays `load`).
 */
import { createHash } from 'node:crypto';

export const BOOT_SCRIPT =
  '(function(s){var on=0;function go(){if(on)return;on=1;' +
  "(s.getAttribute('data-preload')||'').split(' ').forEach(function(h){if(!h)return;" +
  "var l=document.createElement('link');l.rel='modulepreload';l.href=h;document.head.appendChild(l)});" +
  "import(s.getAttribute('data-entry'))}" +
  'function soon(){requestAnimationFrame(function(){setTimeout(go,0)});setTimeout(go,100)}' +
  "if(document.readyState==='complete')soon();else addEventListener('load',soon);" +
  "addEventListener('DOMContentLoaded',function(){setTimeout(go,4000)})" +
  '})(document.currentScript)';

/** The CSP source that allows BOOT_SCRIPT inline. */
export const BOOT_SCRIPT_CSP = `'sha256-${createHash('sha256').update(BOOT_SCRIPT).digest('base64')}'`;
