/**
 * Virtual background (issue 19, PRD 3.2, decision 036) — loaded only when a DJ turns it on (`import('./engine')`), so
 * the go-live page does not carry MediaPipe for DJs who never use it.
 *
 * Per camera frame: the frame is drawn small (256×144, the landscape model's input), MediaPipe's ImageSegmenter
 * (`@mediapipe/tasks-vision`, CPU/XNNPACK in WebAssembly) gives a person-confidence mask, and the output is the mask
 * scaled up (soft edges) ∘ the camera frame, over the backdrop. Every file — runtime, WebAssembly, model — comes
 * from our own build (`?url` assets); nothing is fetched from elsewhere.
 *
 * Where the browser has insertable streams (Chromium: MediaStreamTrackProcessor/Generator) frames are read and
 * written as VideoFrames, one output per camera frame, at the camera's rate and without depending on the page being
 * painted; elsewhere a video element's frame callback draws into a canvas whose captured track is the output.
 * The output track is what gets published. When the work per frame takes longer than the camera's frame interval
 * the processor passes the camera through unchanged and says so (`onFallback('slow')`).
 */
/// <reference types="dom-mediacapture-transform" />
import { ImageSegmenter } from '@mediapipe/tasks-vision';
import wasmLoaderPath from '@mediapipe/tasks-vision/vision_wasm_internal.js?url';
import wasmBinaryPath from '@mediapipe/tasks-vision/vision_wasm_internal.wasm?url';
import modelUrl from '@mediapipe/selfie_segmentation/selfie_segmentation_landscape.tflite?url';
import { withImageMetadata } from './model-metadata';

/** The landscape selfie model's input size. */
const MASK_W = 256;
const MASK_H = 144;
/** Frames not measured (WebAssembly and canvases warming up), and the window the speed is judged over. */
const WARMUP = 30;
const WINDOW = 60;
/** At most every third camera frame segmented (the others reuse the last mask): 10 masks a second at 30 fps. */
const MAX_STRIDE = 3;

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
type AnyCanvas = HTMLCanvasElement | OffscreenCanvas;

export type FallbackReason = 'slow' | 'failed';

export interface BackgroundStats {
  /** Frames replaced so far. */
  frames: number;
  /** Mean and 95th percentile of the work per frame (segmentation + compositing) over the last frames, in ms. */
  meanMs: number;
  p95Ms: number;
  /** Of the mean: the segmentation's share (the rest is drawing). */
  segmentMs: number;
  /** The camera's frame interval the work must fit in. */
  budgetMs: number;
  /** Every how many camera frames a new mask is made (1: each frame; more when the machine is slow). */
  stride: number;
  /** Which path produces frames. */
  path: 'insertable-streams' | 'canvas';
}

export interface VirtualBackground {
  /** The processed video track: publish this instead of the camera's. */
  readonly track: MediaStreamTrack;
  /**
   * Puts another backdrop behind the DJ from the next frame on (the party's theme changed, another image): it is
   * copied into the engine's own canvas, and the segmenter, the output track and whatever publishes it stay as they
   * are — nothing restarts, blinks or renegotiates.
   */
  setBackdrop(backdrop: CanvasImageSource): void;
  stats(): BackgroundStats;
  /** Stops the processing and the output track (the camera track is left alone). */
  stop(): void;
}

export interface VirtualBackgroundOptions {
  onFallback?: (reason: FallbackReason, stats: BackgroundStats) => void;
  /** Draws on top of each composited frame (the glass bench stamps the source frame's time code back on). */
  afterComposite?: (g: Ctx2D, source: CanvasImageSource) => void;
  /** Where the model comes from (tests and the bench may serve it elsewhere); default: our build's copy. */
  assets?: { wasmLoaderPath: string; wasmBinaryPath: string; modelUrl: string };
}

let segmenterPromise: Promise<ImageSegmenter> | null = null;

/**
 * tasks-vision 1.1 creates a usage logger with every task and `fetch`es its statistics to Google
 * (`https://odml.pa.googleapis.com/v1/log`) once a minute, with no option to turn it off. Our CSP blocks it, but
 * Chromium reports each block as a console error and nothing about a DJ should even try to leave the browser: this
 * refuses those requests in the page. A failed send makes the library stop its timer for good.
 */
const TELEMETRY = 'https://odml.pa.googleapis.com/';
function refuseTelemetry() {
  const native = globalThis.fetch as typeof fetch & { refusesTelemetry?: true };
  if (native.refusesTelemetry) return;
  const guarded = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(TELEMETRY)) return Promise.reject(new TypeError('MediaPipe usage statistics are not sent'));
    return native(input, init);
  };
  globalThis.fetch = Object.assign(guarded, { refusesTelemetry: true as const });
}

/** Loads the segmenter once per page (about 13 MB of WebAssembly and a 250 KB model, cached by the browser). */
export function loadSegmenter(assets = { wasmLoaderPath, wasmBinaryPath, modelUrl }): Promise<ImageSegmenter> {
  segmenterPromise ??= (async () => {
    refuseTelemetry();
    const res = await fetch(assets.modelUrl);
    if (!res.ok) throw new Error(`model: HTTP ${res.status}`);
    const model = withImageMetadata(new Uint8Array(await res.arrayBuffer()));
    return ImageSegmenter.createFromOptions(
      { wasmLoaderPath: assets.wasmLoaderPath, wasmBinaryPath: assets.wasmBinaryPath },
      {
        baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
        runningMode: 'VIDEO',
        outputCategoryMask: false,
        outputConfidenceMasks: true,
      },
    );
  })();
  segmenterPromise.catch(() => (segmenterPromise = null));
  return segmenterPromise;
}

const canvas = (w: number, h: number): AnyCanvas => {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
};
const ctx2d = (c: AnyCanvas, opts?: CanvasRenderingContext2DSettings) => c.getContext('2d', opts) as Ctx2D;

/** Draws `img` over the whole of `g`'s canvas, cut to fill it (as CSS `object-fit: cover`). */
export function drawCover(
  g: Ctx2D,
  img: CanvasImageSource & { width: number | SVGAnimatedLength; height: number | SVGAnimatedLength },
) {
  const w = g.canvas.width;
  const h = g.canvas.height;
  const iw = Number(img.width);
  const ih = Number(img.height);
  const scale = Math.max(w / iw, h / ih);
  const dw = iw * scale;
  const dh = ih * scale;
  g.drawImage(img, (w - dw) / 2, (h - dh) / 2, dw, dh);
}

/** Starts replacing the background of `camera`'s frames with `backdrop`. Rejects when the model cannot be loaded. */
export async function startVirtualBackground(
  camera: MediaStreamTrack,
  backdrop: CanvasImageSource,
  opts: VirtualBackgroundOptions = {},
): Promise<VirtualBackground> {
  const segmenter = await loadSegmenter(opts.assets);
  const settings = camera.getSettings();
  const width = settings.width ?? 1280;
  const height = settings.height ?? 720;
  const budgetMs = 1000 / (settings.frameRate || 30);

  const small = canvas(MASK_W, MASK_H);
  const smallG = ctx2d(small, { willReadFrequently: false });
  const maskCanvas = canvas(MASK_W, MASK_H);
  const maskG = ctx2d(maskCanvas);
  const maskImage = maskG.createImageData(MASK_W, MASK_H);
  const out = canvas(width, height);
  const outG = ctx2d(out);
  const back = canvas(width, height);
  const backG = ctx2d(back);
  const setBackdrop = (b: CanvasImageSource) => {
    backG.clearRect(0, 0, width, height);
    drawCover(backG, b as Parameters<typeof drawCover>[1]);
  };
  setBackdrop(backdrop);

  const times: number[] = [];
  const segTimes: number[] = [];
  let frames = 0;
  let stride = 1;
  let passThrough = false;
  let lastTs = 0;
  const path: BackgroundStats['path'] =
    'MediaStreamTrackProcessor' in window && 'MediaStreamTrackGenerator' in window ? 'insertable-streams' : 'canvas';
  const stats = (): BackgroundStats => {
    const sorted = [...times].sort((a, b) => a - b);
    const mean = times.length ? times.reduce((s, x) => s + x, 0) / times.length : 0;
    return {
      frames,
      meanMs: Math.round(mean * 10) / 10,
      p95Ms: Math.round((sorted[Math.floor(sorted.length * 0.95)] ?? 0) * 10) / 10,
      segmentMs: Math.round((segTimes.reduce((s, x) => s + x, 0) / (segTimes.length || 1)) * 10) / 10,
      budgetMs: Math.round(budgetMs * 10) / 10,
      stride,
      path,
    };
  };

  /** One frame: segment, composite into `out`. */
  const composite = (source: CanvasImageSource) => {
    const t0 = performance.now();
    if (frames % stride === 0) {
      smallG.drawImage(source, 0, 0, MASK_W, MASK_H);
      // VIDEO mode wants strictly increasing timestamps (ms).
      lastTs = Math.max(lastTs + 1, Math.round(t0));
      const result = segmenter.segmentForVideo(small, lastTs);
      try {
        const mask = result.confidenceMasks?.[0]?.getAsFloat32Array();
        if (mask) for (let i = 0; i < mask.length; i++) maskImage.data[i * 4 + 3] = mask[i]! * 255;
      } finally {
        result.close();
      }
      maskG.putImageData(maskImage, 0, 0);
      if (frames >= WARMUP) segTimes.push(performance.now() - t0);
      if (segTimes.length > WINDOW) segTimes.shift();
    }
    outG.globalCompositeOperation = 'copy';
    outG.drawImage(maskCanvas, 0, 0, width, height);
    outG.globalCompositeOperation = 'source-in';
    outG.drawImage(source, 0, 0, width, height);
    outG.globalCompositeOperation = 'destination-over';
    outG.drawImage(back, 0, 0);
    outG.globalCompositeOperation = 'source-over';
    opts.afterComposite?.(outG, source);
    frames++;
    if (frames <= WARMUP) return;
    times.push(performance.now() - t0);
    if (times.length > WINDOW) times.shift();
    if (times.length < WARMUP) return;
    // Too slow for the camera's rate: make masks less often; when even that is too slow, the camera as it is.
    if (stats().meanMs <= budgetMs) return;
    if (stride < MAX_STRIDE) {
      stride++;
      times.length = 0;
      segTimes.length = 0;
      return;
    }
    passThrough = true;
    opts.onFallback?.('slow', stats());
  };

  let stopped = false;
  if (path === 'insertable-streams') {
    const processor = new MediaStreamTrackProcessor({ track: camera as MediaStreamVideoTrack });
    const generator = new MediaStreamTrackGenerator({ kind: 'video' });
    const reader = processor.readable.getReader();
    const writer = generator.writable.getWriter();
    void (async () => {
      while (!stopped) {
        const { value: frame, done } = await reader.read();
        if (done || !frame) break;
        if (passThrough || stopped) {
          if (stopped) frame.close();
          else await writer.write(frame).catch(() => frame.close());
          continue;
        }
        try {
          composite(frame);
          await writer.write(new VideoFrame(out as OffscreenCanvas, { timestamp: frame.timestamp }));
        } catch (e) {
          if (!stopped) {
            passThrough = true;
            console.warn('virtual background stopped', e);
            opts.onFallback?.('failed', stats());
          }
        } finally {
          frame.close();
        }
      }
      reader.releaseLock();
    })();
    return {
      track: generator,
      setBackdrop,
      stats,
      stop() {
        stopped = true;
        generator.stop();
        void reader.cancel().catch(() => {});
      },
    };
  }

  // Canvas path: a video element's per-frame callback draws into a visible-size canvas that is captured.
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([camera]);
  await video.play().catch(() => {});
  const shown = document.createElement('canvas');
  shown.width = width;
  shown.height = height;
  const shownG = shown.getContext('2d')!;
  const track = shown.captureStream(settings.frameRate || 30).getVideoTracks()[0]!;
  const onFrame = () => {
    if (stopped) return;
    if (passThrough) shownG.drawImage(video, 0, 0, width, height);
    else {
      composite(video);
      shownG.drawImage(out, 0, 0);
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  return {
    track,
    setBackdrop,
    stats,
    stop() {
      stopped = true;
      track.stop();
      video.srcObject = null;
    },
  };
}
