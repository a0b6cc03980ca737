// WCAG 2.1 AA contrast of the design tokens. axe (e2e) cannot judge text over the gradient page background and
// reports it as "incomplete", so the palette itself is checked here: every text colour on every surface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
const token = (name: string) => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})\\b`, 'i').exec(css);
  assert.ok(m, `token --${name} is a #rrggbb colour`);
  return m[1]!;
};

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

test('the contrast formula matches WCAG reference values', () => {
  assert.equal(contrast('#000000', '#ffffff').toFixed(0), '21');
  assert.equal(contrast('#777777', '#ffffff').toFixed(2), '4.48');
});

test('every text colour reaches 4.5:1 on every surface', () => {
  for (const fg of ['text', 'text-muted', 'accent', 'accent-2', 'success', 'danger']) {
    for (const bg of ['bg', 'bg-raised', 'bg-sunken']) {
      const ratio = contrast(token(fg), token(bg));
      assert.ok(ratio >= 4.5, `--${fg} on --${bg}: ${ratio.toFixed(2)}:1`);
    }
  }
});

test('text on the accent button reaches 4.5:1 across its gradient', () => {
  for (const stop of [token('accent'), '#b44fff']) assert.ok(contrast(token('on-accent'), stop) >= 4.5, `on-accent on ${stop}`);
});
