// Decision records (docs/decisions/NNN-kebab-title.md) each say near the top whether they stand: a `Status:` of
// accepted, proposed or superseded (issue 14). Records are never edited after the fact; a new one supersedes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../docs/decisions/', import.meta.url);
const records = readdirSync(dir).filter((f) => f.endsWith('.md'));

test('every decision record has a number, a title and a Status line in its header', () => {
  assert.ok(records.length >= 20, `found only ${records.length} records`);
  const problems = records.flatMap((f) => {
    const head = readFileSync(new URL(f, dir), 'utf8').split('\n').slice(0, 6).join('\n');
    const out: string[] = [];
    if (!/^\d{3}-[a-z0-9-]+\.md$/.test(f)) out.push(`${f}: name is not NNN-kebab-title.md`);
    if (!new RegExp(`^# ${f.slice(0, 3)}\\D`).test(head)) out.push(`${f}: first line is not "# ${f.slice(0, 3)} — title"`);
    if (!/(^|[\s·-])Status: (accepted|proposed|superseded)\b/m.test(head))
      out.push(`${f}: no "Status: accepted|proposed|superseded"`);
    return out;
  });
  assert.deepEqual(problems, []);
});

test('no two decision records share a number', () => {
  const numbers = records.map((f) => f.slice(0, 3));
  assert.deepEqual(
    numbers.filter((n, i) => numbers.indexOf(n) !== i),
    [],
  );
});
