import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { testDbKind } from '../support/db.ts';

const app = useTestApp();

describe('system endpoints', () => {
  test('health reports the database', async () => {
    const res = await app.client().get('/api/health');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
    assert.equal(res.body.database.kind, testDbKind === 'postgres' ? 'postgres' : 'pglite');
  });

  test('every response carries a request id and security headers', async () => {
    const res = await app.client().get('/api/health');
    assert.match(res.headers.get('x-request-id')!, /^[\w-]{8,}$/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('content-security-policy'));
    assert.equal(res.headers.get('x-powered-by'), null);
    assert.equal(res.headers.get('access-control-allow-origin'), null, 'no CORS unless configured');
  });

  test('the OpenAPI document lists the accounts operations with their schemas', async () => {
    const res = await app.client().get('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    const reg = res.body.paths['/api/auth/register'].post;
    assert.deepEqual(reg.requestBody.content['application/json'].schema.required.sort(), [
      'acceptTerms',
      'displayName',
      'email',
      'password',
      'role',
    ]);
    const docs = await app.client().get('/api/docs');
    assert.equal(docs.status, 200);
    assert.match(docs.text, /PartyStream API/);
  });

  test('public config exposes no secret', async () => {
    const res = await app.client().get('/api/config');
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /secret|password/i);
  });
});
