// Proves the one-clock rule of eslint.config.js fires (issue 13): server and shared source may not read the
// machine's clock; the clock module, tests and benches may. Lints snippets under virtual paths.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function clockProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`export function f(x: number) {\n  return ${code};\n}\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax' || m.fatal).map((m) => m.message);
}

describe('one clock: server and shared code never read the wall clock', () => {
  const refused: [string, string, string][] = [
    ['new Date() in a service', 'apps/server/src/features/booking/booking.service.ts', 'new Date()'],
    ['Date.now() in a repo', 'apps/server/src/features/auth/auth.repo.ts', 'Date.now() + x'],
    ['Date() as a function in the jobs runner', 'apps/server/src/jobs/jobs.ts', 'Date()'],
    ['new Date() in a seed script', 'apps/server/src/scripts/seed/party.seed.ts', 'new Date().getTime() + x'],
    ['new Date() in a provider', 'apps/server/src/providers/payments/local.ts', 'new Date()'],
    ['Date.now() in shared code', 'packages/shared/src/time.ts', 'Date.now()'],
    ["Luxon's DateTime.now()", 'apps/server/src/features/availability/slots.ts', 'DateTime.now()'],
  ];
  for (const [name, path, code] of refused) {
    test(`refused: ${name}`, async () => {
      const problems = await clockProblems(path, code);
      assert.equal(problems.length, 1, `${path}: ${code} → ${JSON.stringify(problems)}`);
      assert.match(problems[0]!, /machine clock.*injected Clock/);
    });
  }

  const allowed: [string, string, string][] = [
    ['a date from a value', 'apps/server/src/features/booking/booking.service.ts', 'new Date(x)'],
    ['Date.parse', 'packages/shared/src/time.ts', "Date.parse('2026-01-01')"],
    ['the clock module itself', 'apps/server/src/clock.ts', 'new Date()'],
    ['a server test', 'apps/server/test/http/booking.test.ts', 'Date.now()'],
    ['a colocated unit test', 'apps/server/src/features/availability/slots.test.ts', 'new Date()'],
    ['a bench', 'apps/server/bench/search.bench.ts', 'Date.now()'],
    ['the web app (the browser shows the viewer’s now)', 'apps/web/src/lib/format.ts', 'Date.now()'],
  ];
  for (const [name, path, code] of allowed) {
    test(`allowed: ${name}`, async () => {
      assert.deepEqual(await clockProblems(path, code), [], `${path}: ${code}`);
    });
  }
});
