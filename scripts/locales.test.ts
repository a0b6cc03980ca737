// Keeps the web app's translations whole: every language folder under apps/web/src/locales holds the same
// feature files as English, every English key (no more, no fewer), the same {{placeholders}}, the same emoji, no
// HTML, and for each counted string exactly the plural forms that language's Intl.PluralRules can select
// (i18next picks `key_<category>`, so a missing `_many` would print the raw key for a million guests in fr).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { LANGUAGES } from '../apps/web/src/lib/locale.ts';

const dir = new URL('../apps/web/src/locales/', import.meta.url);
type Flat = Map<string, string>;

const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g)].map((m) => m[1]!).sort();
const emoji = (s: string) => [...s.matchAll(/\p{Extended_Pictographic}/gu)].map((m) => m[0]).sort();

function flatten(value: unknown, prefix = '', out: Flat = new Map()): Flat {
  if (typeof value === 'string') out.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else throw new Error(`${prefix}: not a string or object`);
  return out;
}

/** Problems with `target` (a catalogue in `language`) measured against the English `source`; [] when fine. */
export function compareCatalogue(source: Flat, target: Flat, language: string): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const expected = new Map<string, string>(); // target key -> the English string it must match
  for (const [key, value] of source) {
    const m = PLURAL.exec(key);
    if (!m) expected.set(key, value);
    else if (m[1] === 'other') for (const c of categories) expected.set(key.replace(PLURAL, `_${c}`), value);
  }
  for (const [key, en] of expected) {
    const value = target.get(key);
    if (value === undefined) {
      problems.push(`missing ${key}`);
      continue;
    }
    if (value.trim() === '') problems.push(`empty ${key}`);
    const want = placeholders(en);
    const got = placeholders(value);
    // "un avis" may spell out the one; every other placeholder must be there, and nothing new.
    const ok = key.endsWith('_one')
      ? got.every((p) => want.includes(p)) && want.filter((p) => p !== 'count').every((p) => got.includes(p))
      : got.join() === want.join();
    if (!ok) problems.push(`${key}: placeholders ${got.join(',') || '(none)'} ≠ English ${want.join(',') || '(none)'}`);
    if (emoji(value).join() !== emoji(en).join()) problems.push(`${key}: emoji differ from English`);
    if (/<\/?[a-z][^>]*>/i.test(value)) problems.push(`${key}: contains HTML`);
  }
  for (const key of target.keys()) if (!expected.has(key)) problems.push(`extra ${key}`);
  return problems;
}

const read = (lang: string, file: string) => flatten(JSON.parse(readFileSync(new URL(`${lang}/${file}`, dir), 'utf8')));
const jsonFiles = (lang: string) =>
  readdirSync(new URL(`${lang}/`, dir))
    .filter((f) => f.endsWith('.json'))
    .sort();
const others = LANGUAGES.filter((l) => l !== 'en');

test('every language in lib/locale.ts has a locales folder with its catalogue, and every folder is listed', () => {
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  assert.deepEqual(folders, [...LANGUAGES].sort());
  for (const l of LANGUAGES) assert.ok(existsSync(new URL(`${l}/catalogue.ts`, dir)), `${l}/catalogue.ts`);
});

for (const lang of others) {
  test(`${lang}: the same feature files as English, each with every key, placeholder and plural form it needs`, () => {
    assert.deepEqual(jsonFiles(lang), jsonFiles('en'));
    const problems = jsonFiles('en').flatMap((f) =>
      compareCatalogue(read('en', f), read(lang, f), lang).map((p) => `${f}: ${p}`),
    );
    assert.deepEqual(problems, []);
  });
}

test('the comparison catches what it is meant to catch', () => {
  const en: Flat = new Map([
    ['a.title', 'Hi {{name}}'],
    ['a.count_one', '{{count}} DJ'],
    ['a.count_other', '{{count}} DJs'],
    ['a.tap', '🔊 Tap'],
  ]);
  const good: Flat = new Map([
    ['a.title', 'Salut {{name}}'],
    ['a.count_one', 'un DJ'],
    ['a.count_many', '{{count}} de DJ'],
    ['a.count_other', '{{count}} DJ'],
    ['a.tap', '🔊 Touchez'],
  ]);
  assert.deepEqual(compareCatalogue(en, good, 'fr'), []);
  const bad: Flat = new Map([
    ['a.title', 'Salut {{nom}}'],
    ['a.count_one', '{{count}} DJ'],
    ['a.count_other', '<b>{{count}}</b> DJ'],
    ['a.tap', 'Touchez'],
    ['a.extra', 'x'],
  ]);
  assert.deepEqual(compareCatalogue(en, bad, 'fr').sort(), [
    'a.count_other: contains HTML',
    'a.tap: emoji differ from English',
    'a.title: placeholders nom ≠ English name',
    'extra a.extra',
    'missing a.count_many',
  ]);
});
