import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.ts';

describe('logs', () => {
  test('passwords, tokens, cookies and secrets are redacted', () => {
    let out = '';
    const log = createLogger('info', new Writable({ write: (c, _e, cb) => ((out += c), cb()) }));
    log.info({ body: { email: 'a@b.c', password: 'hunter2hunter2' }, token: 'tok-123', headers: { cookie: 'ps_session=abc', authorization: 'Bearer sk' }, stripe: { secret: 'sk_live_x' } }, 'request');
    assert.match(out, /a@b\.c/);
    for (const secret of ['hunter2hunter2', 'tok-123', 'ps_session=abc', 'Bearer sk', 'sk_live_x']) assert.doesNotMatch(out, new RegExp(secret));
    assert.match(out, /\[redacted\]/);
  });
});
