/**
 * Issue 20: validation errors carry a stable code and its parameters per field, so the web can say them in the
 * viewer's language next to the field instead of showing `query.minPrice: Too small: expected number to be >=0`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';

const app = useTestApp({ now: '2026-12-03T12:00:00Z' });

describe('problem field errors', () => {
  test('a bad search filter names the field with the zod issue code and its limit', async () => {
    const res = await app.client().get('/api/djs?minPrice=-5');
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
    assert.deepEqual(res.body.errors, [
      {
        path: 'query.minPrice',
        message: res.body.errors[0].message,
        code: 'too_small',
        params: { minimum: 0, origin: 'number', inclusive: true },
      },
    ]);
  });

  test('a missing value is `required`; a malformed one keeps its format', async () => {
    const res = await app.client().post('/api/auth/register', { email: 'not-an-email', role: 'host' });
    assert.equal(res.status, 400);
    const byPath = Object.fromEntries(res.body.errors.map((e: { path: string }) => [e.path, e]));
    assert.equal(byPath['body.email'].code, 'invalid_format');
    assert.equal(byPath['body.email'].params.format, 'email');
    assert.equal(byPath['body.password'].code, 'required');
  });

  test('a broken party link is a code on `params.token`, not only an English sentence', async () => {
    const res = await app.client().get('/api/parties/x');
    assert.equal(res.status, 400);
    const e = res.body.errors[0];
    assert.equal(e.path, 'params.token');
    assert.ok(typeof e.code === 'string' && e.code.length > 0);
  });
});
