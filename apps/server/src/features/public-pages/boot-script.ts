/**
 * The one inline script of a server-rendered public page (decision 042): it starts the app's JavaScript only once
 * the page has loaded and painted, so on a slow phone the HTML, its inlined CSS and the photo that is the largest
 * content are not competing with ~160 kB of modules for the link. The script's text never changes (what it loads
 * comes from its data attributes), so the Content-Security-Policy allows exactly it by hash (app.ts) and
 * `script-src` stays `'self'` for everything else.
 *
 * - `data-entry`: the app's entry module (Vite's index chunk), imported after `load` and one painted frame.
 * - `data-deps`: the entry's own static imports, dependencies first. They are imported one at a time, each in its
 *   own task, before the entry: evaluating the whole module graph at once would be one long task on a slow phone
 *   (Lighthouse's Total Blocking Time counts every task over 50 ms); these are several short ones.
 * - `data-preload`: the page's route chunks. Everything is modulepreloaded at once first, so the browser fetches
 *   side by side instead of one import level at a time.
 *
 * A third-party frame that never finishes must not keep a page dead: 4 s after the HTML was parsed the app starts
 * anyway (the sample players mount only after hydration, so normally nothing third-party delays `load`).
 */
import { createHash } from 'node:crypto';

export const BOOT_SCRIPT =
  '(function(s){var on=0;function list(a){return (s.getAttribute(a)||"").split(" ").filter(Boolean)}' +
  'function go(){if(on)return;on=1;var deps=list("data-deps"),i=0;' +
  'deps.concat(list("data-preload")).forEach(function(h){var l=document.createElement("link");' +
  'l.rel="modulepreload";l.href=h;document.head.appendChild(l)});' +
  '(function next(){if(i>=deps.length)return void import(s.getAttribute("data-entry"));' +
  'var later=function(){setTimeout(next,0)};import(deps[i++]).then(later,later)})()}' +
  'function soon(){requestAnimationFrame(function(){setTimeout(go,0)});setTimeout(go,100)}' +
  'if(document.readyState==="complete")soon();else addEventListener("load",soon);' +
  'addEventListener("DOMContentLoaded",function(){setTimeout(go,4000)})' +
  '})(document.currentScript)';

/** The CSP source that allows BOOT_SCRIPT inline. */
export const BOOT_SCRIPT_CSP = `'sha256-${createHash('sha256').update(BOOT_SCRIPT).digest('base64')}'`;
