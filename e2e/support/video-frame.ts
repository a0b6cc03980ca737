/**
 * What a video element shows right now, scaled to 160×90: its mean colour and the share of pixels close to the
 * test backdrops' blue (#1e40ff) — how the go-live specs tell camera, image backdrop and theme backdrop apart.
 */
import type { Page } from 'playwright-core';

export interface Frame {
  /** Share of pixels close to #1e40ff (0–1). */
  blue: number;
  /** Mean colour, 0–255 per channel. */
  r: number;
  g: number;
  b: number;
}

export const frameOf = (page: Page, selector: string): Promise<Frame> =>
  page.evaluate((sel) => {
    const v = document.querySelector(sel) as HTMLVideoElement;
    const c = document.createElement('canvas');
    c.width = 160;
    c.height = 90;
    const g = c.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(v, 0, 0, 160, 90);
    const px = g.getImageData(0, 0, 160, 90).data;
    let blue = 0;
    const sum = [0, 0, 0];
    for (let i = 0; i < px.length; i += 4) {
      if (Math.abs(px[i]! - 0x1e) < 40 && Math.abs(px[i + 1]! - 0x40) < 40 && px[i + 2]! > 200) blue++;
      for (let k = 0; k < 3; k++) sum[k]! += px[i + k]!;
    }
    const n = px.length / 4;
    return { blue: blue / n, r: Math.round(sum[0]! / n), g: Math.round(sum[1]! / n), b: Math.round(sum[2]! / n) };
  }, selector);

/** Polls the frame every 250 ms until `ok` holds (or `tries` polls, ~20 s by default); returns the last frame seen. */
export async function waitForFrame(page: Page, selector: string, ok: (f: Frame) => boolean, tries = 80): Promise<Frame> {
  let f = await frameOf(page, selector);
  for (let i = 0; i < tries && !ok(f); i++) {
    await page.waitForTimeout(250);
    f = await frameOf(page, selector);
  }
  return f;
}
