/**
 * Demo pictures made at seed time (issue 20: every card and profile has a photo, and the demo may only use images
 * it owns). Each is an SVG drawn from a seed string — a neon gradient, light beams and a DJ silhouette behind decks
 * for portraits, crowd-and-lights scenes for galleries — rasterised by sharp. Nothing is downloaded.
 */
import sharp from 'sharp';

/** A small deterministic PRNG (mulberry32) so a DJ gets the same pictures on every seed. */
function random(seedText: string): () => number {
  let a = [...seedText].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 2_654_435_761) >>> 0, 1_779_033_703);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const NEON = [320, 285, 200, 175, 45, 15, 260, 140];

function palette(rnd: () => number) {
  const a = NEON[Math.floor(rnd() * NEON.length)]!;
  const b = (a + 60 + Math.floor(rnd() * 120)) % 360;
  return { a, b, c: (b + 90) % 360 };
}

function beams(rnd: () => number, w: number, h: number, hue: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const x = rnd() * w;
    const spread = 30 + rnd() * 90;
    const tx = x + (rnd() - 0.5) * w;
    out += `<polygon points="${x},0 ${tx - spread},${h} ${tx + spread},${h}" fill="hsl(${(hue + i * 25) % 360} 100% 65%)" opacity="${(0.08 + rnd() * 0.14).toFixed(2)}"/>`;
  }
  return out;
}

function bokeh(rnd: () => number, w: number, h: number, hues: number[], n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const r = 4 + rnd() * 26;
    out += `<circle cx="${(rnd() * w).toFixed(0)}" cy="${(rnd() * h * 0.7).toFixed(0)}" r="${r.toFixed(0)}" fill="hsl(${hues[i % hues.length]} 100% 70%)" opacity="${(0.15 + rnd() * 0.45).toFixed(2)}"/>`;
  }
  return out;
}

/** A square DJ portrait: silhouette with headphones behind glowing decks, in the DJ's own colours. */
export function portraitSvg(seedText: string, size = 640): string {
  const rnd = random(seedText);
  const { a, b, c } = palette(rnd);
  const s = size;
  const headX = s * (0.42 + rnd() * 0.16);
  const tilt = (rnd() - 0.5) * 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${a} 90% 22%)"/><stop offset="0.55" stop-color="hsl(${b} 85% 14%)"/><stop offset="1" stop-color="hsl(${c} 80% 8%)"/>
    </linearGradient>
    <radialGradient id="glow" cx="${headX / s}" cy="0.42" r="0.5">
      <stop offset="0" stop-color="hsl(${a} 100% 70%)" stop-opacity="0.85"/><stop offset="1" stop-color="hsl(${a} 100% 50%)" stop-opacity="0"/>
    </radialGradient>
    <linearGradient id="deck" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="hsl(${b} 100% 60%)"/><stop offset="1" stop-color="hsl(${c} 100% 60%)"/>
    </linearGradient>
  </defs>
  <rect width="${s}" height="${s}" fill="url(#bg)"/>
  ${beams(rnd, s, s, b, 5)}
  ${bokeh(rnd, s, s, [a, b, c], 18)}
  <rect width="${s}" height="${s}" fill="url(#glow)"/>
  <g transform="rotate(${tilt.toFixed(1)} ${headX} ${s * 0.42})" fill="hsl(${c} 40% 4%)">
    <ellipse cx="${headX}" cy="${s * 0.4}" rx="${s * 0.1}" ry="${s * 0.12}"/>
    <path d="M ${headX - s * 0.125} ${s * 0.4} a ${s * 0.125} ${s * 0.14} 0 0 1 ${s * 0.25} 0" fill="none" stroke="hsl(${a} 100% 65%)" stroke-width="${s * 0.018}"/>
    <rect x="${headX - s * 0.145}" y="${s * 0.38}" width="${s * 0.045}" height="${s * 0.08}" rx="${s * 0.015}" fill="hsl(${a} 100% 60%)"/>
    <rect x="${headX + s * 0.1}" y="${s * 0.38}" width="${s * 0.045}" height="${s * 0.08}" rx="${s * 0.015}" fill="hsl(${a} 100% 60%)"/>
    <path d="M ${headX - s * 0.3} ${s} C ${headX - s * 0.28} ${s * 0.62}, ${headX - s * 0.14} ${s * 0.55}, ${headX} ${s * 0.55} C ${headX + s * 0.14} ${s * 0.55}, ${headX + s * 0.28} ${s * 0.62}, ${headX + s * 0.3} ${s} Z"/>
  </g>
  <rect x="0" y="${s * 0.8}" width="${s}" height="${s * 0.2}" fill="hsl(${c} 50% 5%)"/>
  <rect x="0" y="${s * 0.8}" width="${s}" height="${s * 0.012}" fill="url(#deck)"/>
  <circle cx="${s * 0.22}" cy="${s * 0.9}" r="${s * 0.06}" fill="none" stroke="hsl(${b} 100% 65%)" stroke-width="${s * 0.008}"/>
  <circle cx="${s * 0.78}" cy="${s * 0.9}" r="${s * 0.06}" fill="none" stroke="hsl(${c} 100% 65%)" stroke-width="${s * 0.008}"/>
</svg>`;
}

/** A landscape party scene for a gallery: beams over a crowd of raised hands, varied by `seedText`. */
export function sceneSvg(seedText: string, w = 1200, h = 800): string {
  const rnd = random(seedText);
  const { a, b, c } = palette(rnd);
  let crowd = '';
  for (let x = -20; x < w + 40; x += 28 + rnd() * 30) {
    const hy = h * (0.72 + rnd() * 0.08);
    const r = 18 + rnd() * 10;
    crowd += `<circle cx="${x.toFixed(0)}" cy="${hy.toFixed(0)}" r="${r.toFixed(0)}"/>`;
    if (rnd() < 0.45) {
      const ax = x + (rnd() - 0.5) * 40;
      crowd += `<path d="M ${x.toFixed(0)} ${(hy + r).toFixed(0)} L ${ax.toFixed(0)} ${(hy - 90 - rnd() * 60).toFixed(0)}" stroke="hsl(${c} 40% 4%)" stroke-width="12" stroke-linecap="round"/>`;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${b} 80% 10%)"/><stop offset="0.6" stop-color="hsl(${a} 90% 26%)"/><stop offset="1" stop-color="hsl(${c} 90% 40%)"/>
    </linearGradient>
  </defs>
  <rect width="${w}" height="${h}" fill="url(#bg)"/>
  ${beams(rnd, w, h, a, 7)}
  ${bokeh(rnd, w, h, [a, b, c], 30)}
  <g fill="hsl(${c} 40% 4%)">${crowd}<rect x="0" y="${h * 0.8}" width="${w}" height="${h * 0.2}"/></g>
</svg>`;
}

/** Rasterises one of the SVGs above to PNG (the upload path then re-encodes it like any DJ's photo). */
export async function rasterise(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}
