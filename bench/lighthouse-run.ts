/**
 * One Lighthouse 12 run against a Debian Chromium started here (headless, its own empty profile, DevTools on a
 * free port), offline: nothing but the page under test is loaded. Lighthouse's own simulated throttling decides
 * the mobile and desktop figures (its defaults for each preset), so a run does not depend on this machine's
 * network, only on its CPU (load is printed beside the table for that reason).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

export const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export type Preset = 'mobile' | 'desktop';

export interface Measured {
  performance: number;
  accessibility: number;
  seo: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Failed SEO/accessibility audits, by id, to say why a score is below 100. */
  failed: string[];
  /** Lighthouse's measure of this machine's speed at the time (lower = slower or busier). */
  benchmarkIndex: number;
}

/** Starts Chromium with remote debugging and resolves with its port once it listens. */
async function startChrome(): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'ps-lh-'));
  const proc = spawn(
    CHROME,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    proc.kill('SIGKILL');
    await exited; // a Chromium still writing its profile would make the removal fail
    // Its helper processes may still be writing for a moment after the browser exits (ENOTEMPTY on a busy
    // machine): a temporary profile left behind must not end the benchmark.
    for (let attempt = 1; ; attempt++) {
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
        return;
      } catch (e) {
        if (attempt === 5) return void console.log(`  (could not remove ${profile}: ${String(e).slice(0, 80)})`);
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  };
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${err.slice(-500)}`)), 30_000);
    proc.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${err.slice(-500)}`)));
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return { port, stop };
}

/**
 * Audits `url` once with the preset's settings. Throws when the run measured nothing (a runtime error, a page that
 * did not load, a missing score or metric): a bench that prints blanks or zeros would pass for a fast page.
 */
export async function audit(url: string, preset: Preset): Promise<Measured> {
  try {
    return await auditOnce(url, preset);
  } catch (e) {
    // Lighthouse itself asks for a second run when its trace recording failed; anything else fails at once.
    if (!/NO_NAVSTART|NO_TRACING_STARTED/.test(String(e))) throw e;
    console.log(`  (${String(e).slice(0, 120)}; running once more)`);
    return auditOnce(url, preset);
  }
}

async function auditOnce(url: string, preset: Preset): Promise<Measured> {
  const chrome = await startChrome();
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'seo'] },
      preset === 'desktop' ? desktopConfig : undefined,
    );
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned no result for ${url}`);
    // LH_SAVE=<dir>: keep each report (open it in the Lighthouse viewer to see where the time went).
    if (process.env.LH_SAVE) {
      const base = join(process.env.LH_SAVE, `${preset}-${new URL(url).pathname.replace(/\W+/g, '_')}-${Date.now()}`);
      writeFileSync(`${base}.json`, JSON.stringify(lhr));
      // The page's trace too (chrome://tracing or DevTools' Performance panel): which task was long, and why.
      const trace = (result.artifacts as { Trace?: unknown } | undefined)?.Trace;
      if (trace) writeFileSync(`${base}.trace.json`, JSON.stringify(trace));
    }
    if (lhr.runtimeError)
      throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const score = (id: string) => {
      const s = lhr.categories[id]?.score;
      if (typeof s !== 'number') throw new Error(`Lighthouse measured no ${id} score for ${url} (${preset})`);
      return Math.round(s * 100);
    };
    const metric = (id: string) => {
      const a = lhr.audits[id];
      if (!a || typeof a.numericValue !== 'number' || a.scoreDisplayMode === 'error')
        throw new Error(`Lighthouse measured no ${id} for ${url} (${preset}): ${a?.errorMessage ?? 'missing'}`);
      return a.numericValue;
    };
    const failed = ['accessibility', 'seo'].flatMap((c) =>
      (lhr.categories[c]?.auditRefs ?? [])
        .filter((r) => r.weight > 0 && lhr.audits[r.id]?.score !== null && (lhr.audits[r.id]?.score ?? 1) < 1)
        .map((r) => r.id),
    );
    const measured: Measured = {
      performance: score('performance'),
      accessibility: score('accessibility'),
      seo: score('seo'),
      lcpMs: metric('largest-contentful-paint'),
      tbtMs: metric('total-blocking-time'),
      cls: metric('cumulative-layout-shift'),
      failed,
      benchmarkIndex: lhr.environment.benchmarkIndex,
    };
    if (!(measured.lcpMs > 0)) throw new Error(`Lighthouse measured no paint on ${url} (${preset}): LCP ${measured.lcpMs}`);
    return measured;
  } finally {
    await chrome.stop();
  }
}
