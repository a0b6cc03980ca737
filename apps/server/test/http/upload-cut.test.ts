/** Issue 17 item 1: a multipart body cut short is a 400, and the server lives on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { useTestApp } from '../support/app.ts';
import { signedIn } from '../support/factories.ts';
import { SESSION_COOKIE } from '../../src/http/session.ts';

const app = useTestApp();

/** Sends raw bytes on one socket and resolves with everything the server wrote before closing. */
function rawRequest(url: string, head: string, body: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), '127.0.0.1');
    let out = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => (out += d));
    s.on('error', reject);
    s.on('end', () => resolve(out));
    s.on('connect', () => {
      s.write(head + body);
    });
  });
}

test('a multipart upload cut short is answered 400 problem+json and the server keeps serving', async () => {
  const { client } = await signedIn(app, 'dj');
  const body = '--B\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc';
  assert.equal(Buffer.byteLength(body), 99);
  const head =
    `PUT /api/djs/me/photo HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${app.url}\r\n` +
    `Cookie: ${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}\r\n` +
    `Content-Type: multipart/form-data; boundary=B\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  const answer = await rawRequest(app.url, head, body);
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.match(answer, /application\/problem\+json/);
  assert.match(answer, /"code":"MALFORMED_BODY"/);
  const health = await app.client().get('/api/health');
  assert.equal(health.status, 200);
});
