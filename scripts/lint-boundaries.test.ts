// Proves that every boundary rule in eslint.config.js fires (and that allowed imports stay allowed): a rule
// whose pattern silently matches nothing would otherwise pass CI forever. Lints snippets under virtual paths.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const _keep = 1;\n`, { filePath });
  return result!.messages
    .filter(
      (m) =>
        ['local/boundaries', 'no-restricted-imports', 'no-restricted-properties', 'local/kebab-case-filenames'].includes(
          m.ruleId ?? '',
        ) || m.fatal,
    )
    .map((m) => `${m.ruleId}: ${m.message}`);
}

const refused: [string, string, string, RegExp][] = [
  [
    'web imports server code',
    'apps/web/src/app/router.tsx',
    "import { buildDeps } from '../../../server/src/deps.ts';",
    /HTTP only/,
  ],
  ['web imports a Node module', 'apps/web/src/lib/format.ts', "import { readFileSync } from 'node:fs';", /HTTP only/],
  [
    'a web feature imports another (deep)',
    'apps/web/src/features/auth/components/login-page.tsx',
    "import { SearchPage } from '../../search/components/search-page';",
    /Web features do not import each other/,
  ],
  [
    'a web feature imports another (shallow)',
    'apps/web/src/features/auth/auth-thing.ts',
    "import { SearchPage } from '../search/components/search-page';",
    /Web features do not import each other/,
  ],
  [
    'a web feature imports the app layer',
    'apps/web/src/features/auth/components/login-page.tsx',
    "import { router } from '../../../app/router';",
    /flow one way/,
  ],
  [
    'web lib imports a feature',
    'apps/web/src/lib/auth.ts',
    "import { LoginPage } from '../features/auth/components/login-page';",
    /flow one way/,
  ],
  ['shared imports a Node module', 'packages/shared/src/money.ts', "import { readFileSync } from 'node:fs';", /only zod/],
  ['shared imports a bare Node module', 'packages/shared/src/money.ts', "import fs from 'fs';", /only zod/],
  ['shared imports another library', 'packages/shared/src/money.ts', "import { DateTime } from 'luxon';", /only zod/],
  [
    'a package imports an app',
    'packages/media/src/sfu.ts',
    "import { buildDeps } from '../../../apps/server/src/deps.ts';",
    /never import the apps/,
  ],
  [
    'a route imports its repo',
    'apps/server/src/features/auth/auth.routes.ts',
    "import { findUser } from './auth.repo.ts';",
    /only repos touch the database/,
  ],
  [
    'a route imports a table',
    'apps/server/src/features/auth/auth.routes.ts',
    "import { users } from '../../db/schema/user.ts';",
    /only repos touch the database/,
  ],
  [
    'a route imports Drizzle',
    'apps/server/src/features/auth/auth.routes.ts',
    "import { eq } from 'drizzle-orm';",
    /Only \*\.repo\.ts uses Drizzle/,
  ],
  [
    'a service imports a table',
    'apps/server/src/features/dj/dj.service.ts',
    "import { djProfiles } from '../../db/schema/dj.ts';",
    /Only \*\.repo\.ts touches the tables/,
  ],
  [
    'a service imports Drizzle',
    'apps/server/src/features/dj/dj.service.ts',
    "import { sql } from 'drizzle-orm';",
    /Only \*\.repo\.ts uses Drizzle/,
  ],
  [
    'a service imports Express',
    'apps/server/src/features/dj/dj.service.ts',
    "import express from 'express';",
    /never touch Express/,
  ],
  [
    'a feature imports another feature’s repo',
    'apps/server/src/features/dj/dj.service.ts',
    "import { findUserRow } from '../auth/auth.repo.ts';",
    /through its service/,
  ],
  [
    'a provider imports a feature',
    'apps/server/src/providers/mail/smtp.ts',
    "import { createAuthService } from '../../features/auth/auth.service.ts';",
    /Providers never import features/,
  ],
  [
    'server code imports test support',
    'apps/server/src/deps.ts',
    "import { createUser } from '../test/support/factories.ts';",
    /never imports test support/,
  ],
  [
    'server code reads process.env',
    'apps/server/src/features/dj/dj.service.ts',
    'export const port = process.env.PORT;',
    /Only apps\/server\/src\/config\.ts reads process\.env/,
  ],
  ['a file name is not kebab-case', 'apps/web/src/features/auth/components/LoginPage.tsx', '', /not kebab-case/],
];

const allowed: [string, string, string][] = [
  [
    'web imports shared schemas',
    'apps/web/src/features/auth/components/login-page.tsx',
    "import { LoginRequestSchema } from '@partystream/shared/auth/auth.schemas';",
  ],
  [
    'a web feature imports lib and ui',
    'apps/web/src/features/auth/components/login-page.tsx',
    "import { api } from '../../../lib/api-client';\nimport { Field } from '../../../components/ui/field';",
  ],
  [
    'a web feature imports itself',
    'apps/web/src/features/auth/components/login-page.tsx',
    "import { AccountPage } from './account-page';",
  ],
  ['app composes features', 'apps/web/src/app/router.tsx', "import { LoginPage } from '../features/auth/components/login-page';"],
  [
    'shared imports zod and itself',
    'packages/shared/src/money.ts',
    "import { z } from 'zod';\nimport { ProblemSchema } from './problem.ts';",
  ],
  [
    'a repo uses tables and Drizzle',
    'apps/server/src/features/auth/auth.repo.ts',
    "import { eq } from 'drizzle-orm';\nimport { users } from '../../db/schema/user.ts';",
  ],
  [
    'a service uses its repo and another feature’s service',
    'apps/server/src/features/dj/dj.service.ts',
    "import { findDj } from './dj.repo.ts';\nimport type { AuthService } from '../auth/auth.service.ts';",
  ],
  [
    'a route uses its service and http plumbing',
    'apps/server/src/features/dj/dj.routes.ts',
    "import type { DjService } from './dj.service.ts';\nimport { resource } from '../../http/route.ts';",
  ],
  ['config reads process.env', 'apps/server/src/config.ts', 'export const env = process.env;'],
  [
    'tests use test support and env',
    'apps/server/test/http/x.test.ts',
    "import { useTestApp } from '../support/app.ts';\nexport const url = process.env.TEST_DATABASE_URL;",
  ],
];

describe('lint boundaries', () => {
  for (const [name, file, code, expected] of refused) {
    test(`refused: ${name}`, async () => {
      const found = await problems(file, code);
      assert.ok(
        found.some((m) => expected.test(m)),
        `expected ${expected} for ${file}, got ${JSON.stringify(found)}`,
      );
    });
  }
  test('allowed imports stay allowed', async () => {
    for (const [name, file, code] of allowed) assert.deepEqual(await problems(file, code), [], name);
  });
});
