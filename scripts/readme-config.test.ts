// Keeps the README's configuration table honest: every setting the server's zod schema reads is documented,
// and the table documents nothing the server no longer reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const source = readFileSync(new URL('apps/server/src/config.ts', root), 'utf8');
const readme = readFileSync(new URL('README.md', root), 'utf8');

/** Keys of the ConfigSchema object literal (4-space indented `NAME:` lines), minus what npm sets itself. */
const settings = [...source.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!).filter((k) => k !== 'INIT_CWD');
const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
const documented = new Set(
  [...section.matchAll(/^\|([^|]+)\|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((x) => x[1]!)),
);

test('every setting in apps/server/src/config.ts has a row in the README configuration table', () => {
  assert.ok(settings.length >= 10, `found only ${settings.length} settings in config.ts`);
  assert.deepEqual(
    settings.filter((s) => !documented.has(s)),
    [],
    'add these to the table in README.md',
  );
});

test('the README table lists no setting the server does not read', () => {
  assert.deepEqual(
    [...documented].filter((s) => !settings.includes(s)),
    [],
  );
});
