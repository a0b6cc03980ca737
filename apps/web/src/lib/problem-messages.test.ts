import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { ERROR_CODES } from '@partystream/shared/problem';
import { fieldMessages, problemSentence } from './problem-messages.ts';

const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../locales/${lang}/errors.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

async function tFor(lang: string) {
  const i = i18next.createInstance();
  await i.init({
    lng: lang,
    fallbackLng: 'en',
    resources: { [lang]: { translation: load(lang) }, en: { translation: load('en') } },
  });
  return (k: string | string[], o?: Record<string, unknown>) => i.t(k as string, o) as string;
}

const DEV = /body\.|query\.|params\.|expected|Too small|Too big|Invalid|errors\./;

test('issue 20: a refused search filter is a Spanish sentence about that field, without the path', async () => {
  const t = await tFor('es');
  const problem = {
    status: 400,
    code: 'VALIDATION_FAILED' as const,
    errors: [
      {
        path: 'query.minPrice',
        message: 'Too small: expected number to be >=0',
        code: 'too_small',
        params: { minimum: 0, origin: 'number' },
      },
    ],
  };
  const sentence = problemSentence(problem, t);
  assert.equal(sentence, 'Escribe un precio de 0 o más.');
  assert.deepEqual(fieldMessages(problem.errors, t), { minPrice: 'Escribe un precio de 0 o más.' });
});

test('issue 20: a broken party link and an empty stage name read as sentences in fr', async () => {
  const t = await tFor('fr');
  const token = problemSentence(
    { status: 400, code: 'VALIDATION_FAILED', errors: [{ path: 'params.token', message: 'Not a party link.', code: 'custom' }] },
    t,
  );
  assert.match(token, /^Ce lien est incomplet/);
  const fe = fieldMessages([{ path: 'body.stageName', code: 'too_small', params: { minimum: 1, origin: 'string' } }], t);
  assert.deepEqual(fe, { stageName: 'Saisissez votre nom de scène.' });
  // A field with no sentence of its own gets one for its kind of problem, with the limit filled in.
  assert.deepEqual(fieldMessages([{ path: 'body.password', code: 'too_small', params: { minimum: 10, origin: 'string' } }], t), {
    password: 'Utilisez au moins 10 caractères.',
  });
});

test('every error code reads as a sentence in en, es and fr (by code, or by HTTP status for new codes)', async () => {
  for (const lang of ['en', 'es', 'fr']) {
    const t = await tFor(lang);
    for (const code of ERROR_CODES) {
      for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 503]) {
        const s = problemSentence({ status, code, errors: [] }, t);
        assert.ok(s.length > 10 && !DEV.test(s), `${lang} ${code} ${status}: ${s}`);
      }
    }
    assert.equal(problemSentence({ status: 0, code: 'INTERNAL' }, t), t('errors.offline'));
  }
});

test('English readers keep the server’s own sentences, but never zod’s defaults or paths', async () => {
  const t = await tFor('en');
  const en = { language: 'en-US' };
  assert.equal(
    problemSentence({ status: 401, code: 'AUTH_INVALID_CREDENTIALS', detail: 'Wrong email or password.' }, t, en),
    'Wrong email or password.',
  );
  assert.equal(
    problemSentence({ status: 400, code: 'MALFORMED_BODY', detail: 'Unexpected token } in JSON at position 3' }, t, en),
    t('errors.code.MALFORMED_BODY'),
  );
  const fe = fieldMessages(
    [
      { path: 'body.sampleLinks.0', code: 'custom', message: 'Only YouTube, SoundCloud and Mixcloud links are supported.' },
      {
        path: 'query.minPrice',
        code: 'too_small',
        params: { minimum: 0, origin: 'number' },
        message: 'Too small: expected number to be >=0',
      },
    ],
    t,
    en,
  );
  assert.deepEqual(fe, {
    'sampleLinks.0': 'Only YouTube, SoundCloud and Mixcloud links are supported.',
    minPrice: 'Enter a price of 0 or more.',
  });
  // The same problems in Spanish are the catalogue's sentences.
  const es = await tFor('es');
  assert.equal(
    problemSentence({ status: 401, code: 'AUTH_INVALID_CREDENTIALS', detail: 'Wrong email or password.' }, es, {
      language: 'es',
    }),
    'Ese correo y esa contraseña no coinciden con ninguna cuenta.',
  );
});
