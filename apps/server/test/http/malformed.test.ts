/**
 * A sweep of bad input over every operation in the OpenAPI document (so it grows as features add routes):
 * each must answer 4xx application/problem+json, never a 500, for malformed JSON, wrong types, oversized
 * bodies, wrong content types, wrong methods and bad path parameters — logged in and logged out.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { signedIn } from '../support/factories.ts';
import type { TestClient, TestResponse } from '../support/client.ts';

const app = useTestApp();

interface Op {
  method: string;
  path: string;
  hasBody: boolean;
  bodyType: string;
  query: string[];
  /** JSON Schema of the body (JSON bodies only). */
  schema?: { properties?: Record<string, { type?: string | string[] }> };
}

/** A body where every documented property has a value of the wrong JSON type. */
function wrongTypedBody(schema: Op['schema']): Record<string, unknown> | null {
  const props = Object.entries(schema?.properties ?? {});
  if (!props.length) return null;
  const wrong = (t: string | string[] | undefined): unknown => {
    const type = Array.isArray(t) ? t[0] : t;
    return type === 'string'
      ? 12345
      : type === 'number' || type === 'integer'
        ? 'twelve'
        : type === 'boolean'
          ? 'yes'
          : type === 'array'
            ? { not: 'a list' }
            : type === 'object'
              ? ['not', 'an object']
              : { unexpected: true };
  };
  return Object.fromEntries(props.map(([name, p]) => [name, wrong(p.type)]));
}

async function operations(): Promise<Op[]> {
  const doc = (await app.client().get('/api/openapi.json')).body as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content: Record<string, unknown> }; parameters?: { name: string; in: string }[] }>
    >;
  };
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        hasBody: !!op.requestBody,
        bodyType: Object.keys(op.requestBody?.content ?? {})[0] ?? 'application/json',
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        schema: (op.requestBody?.content['application/json'] as { schema?: Op['schema'] } | undefined)?.schema,
      });
    }
  }
  return ops;
}

/** Fills {param} with a value that is not an id. */
const withParams = (path: string, value = 'not-an-id') => path.replace(/\{[^}]+\}/g, encodeURIComponent(value));

function assertProblem(res: TestResponse, what: string) {
  assert.ok(res.status >= 400 && res.status < 500, `${what}: expected 4xx, got ${res.status} ${res.text.slice(0, 200)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, `${what}: problem+json`);
  assert.equal(typeof res.body.code, 'string', `${what}: has a code`);
  assert.equal(typeof res.body.detail, 'string', `${what}: has a detail`);
}

describe('no bad request is a 500', () => {
  test('the sweep covers the API (sanity: at least the accounts routes are listed)', async () => {
    const ops = await operations();
    assert.ok(ops.length >= 10, `only ${ops.length} operations in the document`);
  });

  for (const who of ['anonymous', 'logged-in host', 'logged-in dj'] as const) {
    test(`malformed bodies, wrong types and content types are 4xx problems (${who})`, async () => {
      app.expectErrors(); // nothing should log errors, but a failure here is reported by the assertions below
      let client: TestClient = app.client();
      if (who !== 'anonymous') client = (await signedIn(app, who === 'logged-in dj' ? 'dj' : 'host')).client;
      for (const op of await operations()) {
        if (!op.hasBody || op.path.includes('/logout')) continue;
        const url = withParams(op.path);
        const label = `${op.method} ${op.path}`;
        const json = op.bodyType === 'application/json';
        if (json) {
          assertProblem(
            await client.request(op.method, url, { raw: '{"broken": ', headers: { 'Content-Type': 'application/json' } }),
            `${label} malformed JSON`,
          );
          assertProblem(await client.request(op.method, url, { body: 12345 }), `${label} number body`);
          assertProblem(await client.request(op.method, url, { body: ['a', 1] }), `${label} array body`);
          assertProblem(
            await client.request(op.method, url, { body: { email: 7, password: {}, token: [], id: null, name: true } }),
            `${label} wrong types`,
          );
          assertProblem(await client.request(op.method, url, { body: {} }), `${label} empty object`);
          const wrongBody = wrongTypedBody(op.schema);
          if (wrongBody) {
            const res = await client.request(op.method, url, { body: wrongBody });
            assertProblem(res, `${label} every field of the wrong type`);
            if (res.body.code === 'VALIDATION_FAILED') {
              const errors = (res.body.errors ?? []) as { path: string; message: string }[];
              assert.ok(errors.length > 0 && errors.every((e) => e.path && e.message), `${label}: the problem names the fields`);
              const named = errors.filter((e) => e.path.startsWith('body.') && e.path.split('.')[1]! in wrongBody);
              // A value of the wrong type is there, so "Required." would mislead (regression: every type error said so).
              for (const e of named) assert.notEqual(e.message, 'Required.', `${label}: ${e.path} is present but wrong`);
            }
          }
        }
        assertProblem(
          await client.request(op.method, url, { raw: 'x'.repeat(300_000), headers: { 'Content-Type': op.bodyType } }),
          `${label} oversized`,
        );
        assertProblem(
          await client.request(op.method, url, { raw: '<xml/>', headers: { 'Content-Type': 'application/xml' } }),
          `${label} wrong content type`,
        );
      }
      assert.equal(app.errorLogs.filter((l) => (l as { level: number }).level >= 50).length, 0, 'no error was logged');
    });
  }

  test('wrong methods are 405 with an Allow header, bad path params are 4xx', async () => {
    const { client } = await signedIn(app, 'host');
    const ops = await operations();
    const byPath = new Map<string, Set<string>>();
    for (const op of ops) byPath.set(op.path, (byPath.get(op.path) ?? new Set()).add(op.method));
    for (const [path, methods] of byPath) {
      for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        if (methods.has(m) || (m === 'GET' && methods.has('HEAD'))) continue;
        const res = await client.request(
          m,
          withParams(path, '00000000-0000-4000-8000-000000000000'),
          m === 'GET' || m === 'DELETE' ? {} : { body: {} },
        );
        assert.equal(res.status, 405, `${m} ${path}: ${res.status}`);
        assert.ok(res.headers.get('allow'), `${m} ${path}: Allow header`);
      }
      if (path.includes('{')) {
        for (const m of methods) {
          for (const bad of ['not-an-id', '../../etc/passwd', '%E0%A4%A', "1' or '1'='1", 'x'.repeat(500)]) {
            const url = path.replace(/\{[^}]+\}/g, bad.startsWith('%') ? bad : encodeURIComponent(bad));
            assertProblem(
              await client.request(m, url, m === 'GET' || m === 'DELETE' ? {} : { body: {} }),
              `${m} ${path} with ${bad.slice(0, 20)}`,
            );
          }
        }
      }
    }
  });

  test('bad query-string values are refused as 4xx problems (or ignored), never a 500', async () => {
    const { client } = await signedIn(app, 'host');
    const ops = (await operations()).filter((o) => o.query.length);
    assert.ok(ops.length > 0, 'some operation documents query parameters');
    const bad = ['not-a-number', '-1', '99999999999999999999', '', 'x'.repeat(2000), '%E0%A4%A', '2026-13-45', "' or 1=1 --"];
    for (const op of ops) {
      const base = withParams(op.path, '00000000-0000-4000-8000-000000000000');
      for (const name of op.query) {
        const variants = [
          ...bad.map((v) => `${name}=${v.startsWith('%') ? v : encodeURIComponent(v)}`),
          `${name}=a&${name}=b`,
          `${name}[x]=1`,
        ];
        for (const q of variants) {
          const res = await client.request(op.method, `${base}?${q}`, op.hasBody ? { body: {} } : {});
          const what = `${op.method} ${op.path}?${q.slice(0, 40)}`;
          assert.ok(res.status < 500, `${what}: got ${res.status} ${res.text.slice(0, 200)}`);
          if (res.status >= 400) assertProblem(res, what);
        }
      }
    }
  });

  test('nulls, NUL bytes, huge strings, impossible dates and __proto__ keys in every field, query and path are never a 500', async () => {
    app.expectErrors(); // reported below with the request that caused it
    const { client } = await signedIn(app, 'host');
    // Operations for DJs only (the calendar, the profile) refuse a host before reading the input: ask as a DJ too.
    const dj = (await signedIn(app, 'dj')).client;
    const ops = await operations();
    const fiveHundreds: string[] = [];
    let requests = 0;
    const check = async (op: Op, url: string, opts: Parameters<TestClient['request']>[2], what: string) => {
      requests++;
      let res = await client.request(op.method, url, opts);
      if (res.status === 403 && res.body.code === 'FORBIDDEN') {
        requests++;
        res = await dj.request(op.method, url, opts);
      }
      if (res.status >= 500) fiveHundreds.push(`${op.method} ${op.path} ${what} → ${res.status}`);
      else if (res.status >= 400) assertProblem(res, `${op.method} ${op.path} ${what}`);
    };
    const hostile: [string, unknown][] = [
      ['null', null],
      ['NUL byte', 'a\u0000b'],
      ['huge string', 'x'.repeat(90_000)],
      ['impossible date', '2026-02-30'],
      ['impossible instant', '2026-02-30T25:61:00Z'],
      ['nested NUL', { '\u0000': ['\u0000'] }],
    ];
    for (const op of ops) {
      const url = withParams(op.path, '00000000-0000-4000-8000-000000000000');
      if (op.hasBody && op.bodyType === 'application/json') {
        const props = Object.keys(op.schema?.properties ?? {});
        for (const name of props.length ? props : ['value']) {
          for (const [what, value] of hostile) await check(op, url, { body: { [name]: value } }, `${name}=${what}`);
        }
        // A __proto__ key must neither crash the server nor reach Object.prototype.
        const raw = `{"__proto__":{"polluted":true,"role":"admin"},"constructor":{"prototype":{"polluted":true}}${props.map((p) => `,"${p}":"x"`).join('')}}`;
        await check(op, url, { raw, headers: { 'Content-Type': 'application/json' } }, '__proto__ keys');
        assert.equal(({} as Record<string, unknown>).polluted, undefined, `${op.method} ${op.path}: prototype polluted`);
      }
      for (const name of op.query) {
        for (const v of ['a%00b', '2026-02-30', 'null', encodeURIComponent('x'.repeat(4000))]) {
          await check(op, `${url}?${name}=${v}`, op.hasBody ? { body: {} } : {}, `?${name}=${v.slice(0, 20)}`);
        }
        await check(op, `${url}?__proto__[${name}]=1&constructor[prototype][x]=1`, op.hasBody ? { body: {} } : {}, '?__proto__');
      }
      if (op.path.includes('{')) {
        for (const v of ['a%00b', '2026-02-30', 'null']) {
          await check(op, op.path.replace(/\{[^}]+\}/g, v), op.hasBody ? { body: {} } : {}, `path ${v}`);
        }
      }
    }
    assert.deepEqual(fiveHundreds, [], `5xx answers:\n${fiveHundreds.join('\n')}`);
    console.log(`malformed-input sweep: ${ops.length} operations, ${requests} hostile requests, 0 answered 5xx`);
    app.errorLogs.splice(0);
  });

  test('unknown routes under /api are 404 problems for every method', async () => {
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await app.client().request(m, '/api/definitely/not/here', m === 'GET' || m === 'DELETE' ? {} : { body: {} });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'ROUTE_NOT_FOUND');
    }
  });

  test('a broken query string is not a 500', async () => {
    const res = await app.client().get('/api/dev/outbox?to=%E0%A4%A&to=a&to[]=b');
    assert.ok(res.status < 500, `got ${res.status}`);
  });
});
