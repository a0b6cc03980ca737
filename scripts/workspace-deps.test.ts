// Each workspace declares what it imports, and what `npm start` needs is a dependency, not a dev dependency
// (issue 14; `npm ci --omit=dev && npm start` must run the server). The checker is in workspace-deps.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf, packageOf, undeclaredImports } from './workspace-deps.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACES = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
const pkgOf = (ws: string) =>
  JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    scripts?: Record<string, string>;
  };

test('every workspace declares each package its files import (production files: as a dependency)', () => {
  assert.ok(WORKSPACES.length >= 4);
  for (const ws of WORKSPACES) assert.deepEqual(undeclaredImports(join(root, ws)), [], `${ws}/package.json`);
});

test('what `npm start` runs is a dependency: tsx for the server, vite and its config’s imports for the web build', () => {
  const server = pkgOf('apps/server');
  assert.match(server.scripts!.start!, /--import tsx/);
  assert.ok(server.dependencies?.tsx, 'apps/server depends on tsx');
  const web = pkgOf('apps/web');
  assert.match(web.scripts!.build!, /^vite build/);
  const config = readFileSync(join(root, 'apps/web/vite.config.ts'), 'utf8');
  for (const [spec] of importsOf(config)) {
    const name = packageOf(spec);
    if (name) assert.ok(web.dependencies?.[name], `apps/web depends on ${name} (vite.config.ts)`);
  }
  assert.ok(web.dependencies?.vite, 'apps/web depends on vite');
});

test('the checker finds a package imported but not declared, and one a production file takes from devDependencies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workspace-deps-'));
  try {
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'test'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: '@fixture/app', dependencies: { zod: '*' }, devDependencies: { luxon: '*', '@types/x': '*' } }),
    );
    writeFileSync(
      join(dir, 'src/main.ts'),
      [
        "import { z } from 'zod';",
        "import { readFileSync } from 'node:fs';",
        "import { join } from 'path';",
        "import { helper } from './helper.ts';",
        "import type { X } from '@types/x';",
        "import {\n  DateTime,\n} from 'luxon';",
        "const lazy = await import('@scope/lazy/sub');",
        "// import 'commented-out';",
        "export { thing } from 'undeclared-pkg/deep/path';",
      ].join('\n'),
    );
    writeFileSync(join(dir, 'test/main.test.ts'), "import { DateTime } from 'luxon';\nimport 'test-only-missing';\n");
    assert.deepEqual(
      undeclaredImports(dir).sort((a, b) => a.pkg.localeCompare(b.pkg)),
      [
        { file: 'src/main.ts', pkg: '@scope/lazy', problem: 'missing' },
        { file: 'src/main.ts', pkg: 'luxon', problem: 'dev-only' },
        { file: 'test/main.test.ts', pkg: 'test-only-missing', problem: 'missing' },
        { file: 'src/main.ts', pkg: 'undeclared-pkg', problem: 'missing' },
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
