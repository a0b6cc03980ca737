import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLocale, languageOf } from './locale.ts';

test('with nothing saved, the first browser language we have a catalogue for wins, region kept', () => {
  const cases: [readonly string[], string][] = [
    [['fr-FR', 'en-US'], 'fr-FR'],
    [['de-DE', 'es-MX', 'fr'], 'es-MX'],
    [['de', 'it'], 'en'],
    [[], 'en'],
    [['en-GB'], 'en-GB'],
    [['*', 'FR-ca'], 'fr-CA'],
  ];
  for (const [browser, want] of cases) assert.equal(chooseLocale(null, browser), want, browser.join(','));
});

test('a saved choice beats the browser, taking the region of a browser language that agrees', () => {
  assert.equal(chooseLocale('es', ['fr-FR', 'en-US']), 'es');
  assert.equal(chooseLocale('es', ['fr-FR', 'es-AR']), 'es-AR');
  assert.equal(chooseLocale('en', ['fr-FR']), 'en');
});

test('a saved value we cannot use is ignored', () => {
  assert.equal(chooseLocale('de', ['fr-FR']), 'fr-FR');
  assert.equal(chooseLocale('not a tag', ['es']), 'es');
  assert.equal(chooseLocale('', []), 'en');
});

test('languageOf maps tags to catalogues and refuses the rest', () => {
  assert.equal(languageOf('fr-CA'), 'fr');
  assert.equal(languageOf('ES'), 'es');
  assert.equal(languageOf('pt-BR'), null);
  assert.equal(languageOf('@@'), null);
  assert.equal(languageOf(undefined), null);
});
