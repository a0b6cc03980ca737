/**
 * The virtual background in the glass bench (issue 19, decision 036; not a bench file of its own), run by
 * stream-glass.bench.ts after its
 * 1-viewer window:
 * 1. its CPU cost on a DJ's camera: the go-live page's engine (the built web app's lazy chunk, with the model and
 *    WebAssembly from our own dist) replaces the background of Chromium's fake 1280×720 camera for a few seconds and
 *    reports the work per frame (segmentation + drawing) and how often it could make a mask;
 * 2. the added glass-to-glass latency: the same engine processes the publisher's time-coded canvas, the publisher
 *    swaps its sent track for the processed one (as the go-live page does), and the same viewer measures a window.
 *    The time code is copied from each source frame onto its processed frame, so the figure includes the
 *    processing delay.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const DIST = fileURLToPath(new URL('../apps/web/dist/assets/', import.meta.url));
const SECONDS = Number(process.env.VB_SECONDS ?? 6);

/** The engine chunk of the built web app, or null when the web app has not been built. */
function engineChunk(): string | null {
  try {
    const f = readdirSync(DIST).find((n) => /^engine-[\w-]+\.js$/.test(n));
    return f ? `/assets/${f}` : null;
  } catch {
    return null;
  }
}

export async function benchVirtualBackground(
  pub: Page,
  window: (label: string) => Promise<number[]>,
  pct: (xs: number[], p: number) => number,
  off: number[],
): Promise<void> {
  const chunk = engineChunk();
  if (!chunk) {
    console.log('virtual background: skipped (build the web app first: npm run build -w apps/web)');
    return;
  }
  const camera = await pub.evaluate(
    async ([src, secs]) => {
      const engine = await import(src);
      const cam = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720, frameRate: 30 } });
      const backdrop = new OffscreenCanvas(1280, 720);
      const g = backdrop.getContext('2d')!;
      g.fillStyle = '#1e40ff';
      g.fillRect(0, 0, 1280, 720);
      const vb = await engine.startVirtualBackground(cam.getVideoTracks()[0], backdrop);
      await new Promise((r) => setTimeout(r, secs * 1000));
      const s = vb.stats();
      vb.stop();
      cam.getTracks().forEach((t: MediaStreamTrack) => t.stop());
      return s;
    },
    [chunk, SECONDS] as const,
  );
  console.log(
    `virtual background, fake camera 1280x720@${Math.round(1000 / camera.budgetMs)}: work per frame mean ${camera.meanMs} ms, p95 ${camera.p95Ms} ms ` +
      `(segmentation ${camera.segmentMs} ms per mask, a mask every ${camera.stride} frame(s)); budget ${camera.budgetMs} ms; ` +
      `${camera.frames} frames; path ${camera.path}`,
  );

  // On the publisher's time-coded canvas, published in place of the canvas track. (tsx names the callback below with
  // a helper that does not exist in the page.)
  await pub.evaluate('globalThis.__name ??= (f) => f');
  const on = await pub.evaluate(async (src) => {
    const engine = await import(src);
    const pc = (window as any).pubPc as RTCPeerConnection;
    const sender = pc.getSenders().find((s) => s.track?.kind === 'video')!;
    const raw = sender.track!;
    (window as any).rawTrack = raw;
    const backdrop = new OffscreenCanvas(640, 360);
    const g = backdrop.getContext('2d')!;
    g.fillStyle = '#1e40ff';
    g.fillRect(0, 0, 640, 360);
    const vb = await engine.startVirtualBackground(raw, backdrop, {
      // The top 40 rows carry the source frame's capture time: keep them as they were.
      afterComposite: (out: CanvasRenderingContext2D, source: CanvasImageSource) =>
        out.drawImage(source, 0, 0, 640, 40, 0, 0, out.canvas.width, (40 * out.canvas.width) / 640),
    });
    (window as any).vb = vb;
    await sender.replaceTrack(vb.track);
    return raw.getSettings();
  }, chunk);
  await new Promise((r) => setTimeout(r, 3000));
  const lat = await window(`SFU, 1 Chromium viewer, virtual background on (${on.width}x${on.height})`);
  const s = await pub.evaluate(async () => {
    const vb = (window as any).vb;
    const stats = vb.stats();
    const sender = ((window as any).pubPc as RTCPeerConnection).getSenders().find((x) => x.track?.kind === 'video')!;
    await sender.replaceTrack((window as any).rawTrack);
    vb.stop();
    return stats;
  });
  console.log(
    `virtual background on the bench canvas: work per frame mean ${s.meanMs} ms, p95 ${s.p95Ms} ms, a mask every ${s.stride} frame(s); ` +
      `added glass-to-glass p50 ${(pct(lat, 50) - pct(off, 50)).toFixed(0)} ms, p95 ${(pct(lat, 95) - pct(off, 95)).toFixed(0)} ms`,
  );
}
