import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disambiguated, profileSlug } from './slug.ts';

test('a profile slug is the stage name and city in lower-case words', () => {
  const cases: [string, string, string][] = [
    ['DJ Quinn', 'Berlin', 'dj-quinn-berlin'],
    ['Señora Bässe', 'München', 'senora-basse-munchen'],
    ['  DJ  *Ø*  ', 'São Paulo', 'dj-o-sao-paulo'],
    ['太郎', '東京', 'dj'],
  ];
  for (const [name, city, slug] of cases) assert.equal(profileSlug(name, city), slug, `${name} / ${city}`);
});

test('a long name is cut without a trailing dash', () => {
  const slug = profileSlug('a'.repeat(79) + ' b', 'Paris');
  assert.ok(slug.length <= 80 && !slug.endsWith('-'), slug);
});

test('a taken slug gets the start of the profile id', () => {
  assert.equal(disambiguated('dj-quinn-berlin', '0b9f2c1e-aaaa-bbbb-cccc-000000000000'), 'dj-quinn-berlin-0b9f2c1e');
});
