/**
 * Backdrops for the virtual background: the party theme's (drawn here from the theme's colours, the same palette as
 * the party room's CSS) or the DJ's uploaded image (`/api/djs/me/backdrop`, decision 036).
 */
import { THEMES } from '@partystream/shared/party/party.events';

export type Theme = (typeof THEMES)[number];
export const BACKDROP_W = 1280;
export const BACKDROP_H = 720;

/** Accent A, accent B and the dark ground of each party theme (features/party-room/room.css). */
export const THEME_COLOURS: Record<Theme, [string, string, string]> = {
  neon: ['#ff4fd8', '#4fd1ff', '#0f0b1e'],
  disco: ['#ffd24f', '#ff4fd8', '#1a0f05'],
  birthday: ['#ff7eb3', '#7afcff', '#1b0f24'],
  corporate: ['#4f8cff', '#9aa8bd', '#0c1220'],
  sunset: ['#ff8a4f', '#b44fff', '#1c0d14'],
};

export const isTheme = (t: string): t is Theme => (THEMES as readonly string[]).includes(t);

/** The theme's backdrop at 1280×720: the room's two glows over its ground, with soft stripes. */
export function drawThemeBackdrop(theme: Theme): HTMLCanvasElement {
  const [a, b, ground] = THEME_COLOURS[theme];
  const c = document.createElement('canvas');
  c.width = BACKDROP_W;
  c.height = BACKDROP_H;
  const g = c.getContext('2d')!;
  g.fillStyle = ground;
  g.fillRect(0, 0, BACKDROP_W, BACKDROP_H);
  const glow = (x: number, y: number, r: number, colour: string) => {
    const grad = g.createRadialGradient(x, y, 0, x, y, r);
    grad.addColorStop(0, `${colour}aa`);
    grad.addColorStop(1, `${colour}00`);
    g.fillStyle = grad;
    g.fillRect(0, 0, BACKDROP_W, BACKDROP_H);
  };
  glow(BACKDROP_W * 0.25, -60, 620, a);
  glow(BACKDROP_W, 0, 640, b);
  g.save();
  g.globalAlpha = 0.08;
  g.fillStyle = a;
  g.rotate((-25 * Math.PI) / 180);
  for (let x = -BACKDROP_H; x < BACKDROP_W * 1.5; x += 160) g.fillRect(x, -BACKDROP_H, 80, BACKDROP_H * 3);
  g.restore();
  return c;
}

/** The DJ's uploaded backdrop, or null when there is none yet. */
export async function loadImageBackdrop(): Promise<ImageBitmap | null> {
  const res = await fetch('/api/djs/me/backdrop', { credentials: 'same-origin', cache: 'no-cache' });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return createImageBitmap(await res.blob());
}
