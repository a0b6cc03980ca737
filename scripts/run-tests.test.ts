// The suite always ends (issue 13): run-tests.mjs kills a test file that passes its time limit, with everything it
// started, and names it as failed; the passing files around it still count.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./run-tests.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function runner(dir: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // cwd is the repo root so the files below resolve tsx; they live in a temp folder inside it.
    // Without NODE_TEST_CONTEXT: the runner's children must not think they run inside this test.
    const { NODE_TEST_CONTEXT: _, ...outer } = process.env;
    const child = spawn(process.execPath, [RUNNER, dir], {
      cwd: ROOT,
      env: { ...outer, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('run-tests.mjs', { timeout: 120_000 }, () => {
  test('a hanging test file is killed after its limit and named; the others still pass', async () => {
    // Under artifacts/ (ignored by lint and prettier, which run side by side with this test).
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'artifacts', 'run-tests-'));
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'hangs.test.ts'),
        "import { test } from 'node:test';\n" +
          "import { spawn } from 'node:child_process';\n" +
          "import { writeFileSync } from 'node:fs';\n" +
          // a grandchild process that would outlive a plain kill: it must die with the group
          "const g = spawn('sleep', ['300'], { stdio: 'ignore' });\n" +
          `writeFileSync(${JSON.stringify(join(dir, 'grandchild.pid'))}, String(g.pid));\n` +
          "test('never ends', () => new Promise(() => { setInterval(() => {}, 1000); }));\n",
      );
      writeFileSync(join(dir, 'passes.test.ts'), "import { test } from 'node:test';\ntest('ok', () => {});\n");
      const t0 = Date.now();
      // 25 s: long enough for a passing file to load tsx on a loaded 2-core box, short enough for the suite.
      const { code, out } = await runner(dir, { TEST_FILE_TIMEOUT_MS: '25000', TEST_CONCURRENCY: '2', TEST_FILTER: '' });
      assert.equal(code, 1, out);
      assert.match(out, /hangs\.test\.ts: killed after 25 s \(TEST_FILE_TIMEOUT_MS\)/);
      assert.match(out, /failing files:\n\s+\S*hangs\.test\.ts/);
      assert.match(out, /^ℹ pass 1$/m, 'the passing file still counts');
      assert.match(out, /^ℹ fail 1$/m);
      assert.ok(Date.now() - t0 < 90_000, 'ended soon after the limit');
      const pid = Number(readFileSync(join(dir, 'grandchild.pid'), 'utf8'));
      // Gone, or a zombie waiting for a container's init to reap it: either way it no longer runs.
      await new Promise((r) => setTimeout(r, 300));
      let state: string;
      try {
        state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[0]!;
      } catch {
        state = 'gone';
      }
      assert.ok(state === 'gone' || state === 'Z', `what the file started died with it (sleep is in state ${state})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('files marked TEST_ALONE run after the others, with no other file beside them', async () => {
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, 'artifacts', 'run-tests-'));
    try {
      const log = join(dir, 'log.txt');
      // Each file notes when it starts and ends; "media" is the one that must run alone.
      const file = (name: string) =>
        "import { test } from 'node:test';\n" +
        "import { appendFileSync } from 'node:fs';\n" +
        `test('${name}', async () => {\n` +
        `  appendFileSync(${JSON.stringify(log)}, 'start ${name}\\n');\n` +
        '  await new Promise((r) => setTimeout(r, 300));\n' +
        `  appendFileSync(${JSON.stringify(log)}, 'end ${name}\\n');\n` +
        '});\n';
      for (const name of ['a', 'media', 'z']) writeFileSync(join(dir, `${name}.test.ts`), file(name));
      const { code, out } = await runner(dir, { TEST_CONCURRENCY: '2', TEST_ALONE: 'media.test', TEST_FILTER: '' });
      assert.equal(code, 0, out);
      assert.match(out, /^ℹ pass 3$/m);
      const lines = readFileSync(log, 'utf8').trim().split('\n');
      // Sorted by name it would run between a and z; it started only once both had ended.
      assert.deepEqual(lines.slice(-2), ['start media', 'end media'], `media ran last and alone:\n${lines.join('\n')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
