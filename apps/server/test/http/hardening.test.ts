/**
 * Issue 17 item 7: no `script-src 'unsafe-inline'` (the API docs are Swagger UI served from our own origin), the
 * Socket.io handshake checks Origin when a session cookie comes along, and no public source maps in production.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { startTestApp, useTestApp, type TestApp } from '../support/app.ts';
import { signedIn } from '../support/factories.ts';
import { SESSION_COOKIE } from '../../src/http/session.ts';

const app = useTestApp();

describe('content security policy and the API docs', () => {
  test('script-src has no unsafe-inline; the docs page loads only same-origin scripts', async () => {
    const docs = await app.client().get('/api/docs');
    assert.equal(docs.status, 200);
    const csp = docs.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    assert.ok(scriptSrc.includes("'self'"), csp);
    // 'wasm-unsafe-eval' (WebAssembly for the virtual background, decision 036) is allowed; JS eval and inline are not.
    assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'/);
    assert.match(scriptSrc, /'wasm-unsafe-eval'/);
    assert.match(docs.text, /PartyStream API/);
    const scripts = [...docs.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 2);
    for (const [, attrs, body] of scripts) {
      assert.equal(body!.trim(), '', 'no inline script');
      assert.match(attrs!, /src="\/api\/docs\//);
    }
    for (const path of ['/api/docs/swagger-ui-bundle.js', '/api/docs/init.js', '/api/docs/swagger-ui.css']) {
      const res = await app.client().get(path);
      assert.equal(res.status, 200, path);
    }
    assert.match((await app.client().get('/api/docs/init.js')).text, /SwaggerUIBundle\(\{ url: '\/api\/openapi\.json'/);
    assert.equal((await app.client().get('/api/docs/swagger-ui-bundle.js.map')).status, 404);
  });
});

describe('Socket.io handshake origin', () => {
  const connect = (headers: Record<string, string>) =>
    new Promise<'connected' | string>((resolve) => {
      const s = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
      s.once('connect', () => {
        s.close();
        resolve('connected');
      });
      s.once('connect_error', (e) => {
        s.close();
        resolve(e.message);
      });
    });

  test('a cookie-carrying handshake from another origin is refused; our own origin and anonymous ones pass', async () => {
    const { client } = await signedIn(app);
    const Cookie = `${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}`;
    assert.notEqual(await connect({ Cookie, Origin: 'https://evil.example' }), 'connected');
    assert.notEqual(await connect({ Cookie, Origin: 'null' }), 'connected');
    assert.equal(await connect({ Cookie, Origin: app.url }), 'connected');
    assert.equal(await connect({ Cookie }), 'connected', 'no Origin: not a browser, not cross-site');
    assert.equal(await connect({ Origin: 'https://evil.example' }), 'connected', 'anonymous: nothing to hijack');
  });
});

describe('source maps', () => {
  let dist: string;
  let prod: TestApp & { stop(): Promise<void> };
  let dev: TestApp & { stop(): Promise<void> };
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'ps-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map\n');
    writeFileSync(join(dist, 'assets', 'app.js.map'), '{"version":3,"sources":["secret.ts"]}');
    prod = await startTestApp({ env: { NODE_ENV: 'production', WEB_DIST_DIR: dist, SFU_FORWARD_WORKERS: '0' } });
    dev = await startTestApp({ env: { NODE_ENV: 'development', WEB_DIST_DIR: dist } });
  });
  after(async () => {
    await prod?.stop();
    await dev?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  test('production does not serve .map files; the scripts themselves are served', async () => {
    assert.equal((await prod.client().get('/assets/app.js')).status, 200);
    const map = await prod.client().get('/assets/app.js.map');
    assert.equal(map.status, 404);
    assert.doesNotMatch(map.text, /secret\.ts/);
    assert.equal((await dev.client().get('/assets/app.js.map')).status, 200, 'development keeps them for debugging');
  });
});
