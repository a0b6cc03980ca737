import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNulPaths, IsoDateSchema } from './input.ts';

test('findNulPaths names every string or key holding U+0000', () => {
  assert.deepEqual(findNulPaths({ a: 'ok', b: 'x\u0000', c: [{ d: '\u0000' }], ['k\u0000']: 1, n: 3, z: null }), [
    ['b'],
    ['c', 0, 'd'],
    ['k\u0000'],
  ]);
  assert.deepEqual(findNulPaths('plain'), []);
  assert.deepEqual(findNulPaths('\u0000'), [[]]);
});

test('IsoDateSchema refuses days that do not exist', () => {
  for (const d of ['2026-02-28', '2024-02-29', '2026-12-31']) assert.equal(IsoDateSchema.safeParse(d).success, true, d);
  for (const d of ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-1', ''])
    assert.equal(IsoDateSchema.safeParse(d).success, false, d);
});
