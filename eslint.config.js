// One lint setup for the workspace. Beyond the recommended rules it enforces the import boundaries of
// shared/design/style.md, so a feature reaching into another's internals fails CI:
// - path boundaries (web ↛ server, feature ↛ feature, routes ↛ repos/tables, providers ↛ features, …) are the
//   local `boundaries` rule in scripts/eslint-boundaries.js, which resolves relative imports;
// - package boundaries (shared imports only zod, services never import Express, …) are no-restricted-imports;
// - only apps/server/src/config.ts reads process.env;
// - server and shared code read "now" only from the injected Clock (apps/server/src/clock.ts), never the machine.
// scripts/lint-boundaries.test.ts proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { localPlugin } from './scripts/eslint-boundaries.js';

const restrict = (patterns, message) => ({ group: patterns, message });
const TESTS = ['**/*.test.ts', '**/*.spec.ts', 'apps/server/test/**', 'e2e/**'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/dist-ssr/**',
      'artifacts/**',
      '**/data/**',
      'apps/server/src/db/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { local: localPlugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      'local/boundaries': 'error',
    },
  },
  {
    files: ['apps/**/*.{ts,tsx}', 'packages/**/*.ts'],
    rules: { 'local/kebab-case-filenames': 'error' },
  },
  {
    files: ['apps/server/src/**/*.ts', 'apps/web/**/*.{ts,tsx}', 'packages/**/*.ts'],
    ignores: ['apps/server/src/config.ts', ...TESTS],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only apps/server/src/config.ts reads process.env; take settings from Config.',
        },
      ],
    },
  },
  {
    // One clock (issue 13): a reading of the wall clock in server or shared code is a time bomb for any test on a
    // fixed clock. Tests and benches may read it; durations use performance.now().
    files: ['apps/server/src/**/*.ts', 'packages/shared/**/*.ts'],
    ignores: ['apps/server/src/clock.ts', ...TESTS],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          ["NewExpression[callee.name='Date'][arguments.length=0]", 'new Date() reads the machine clock'],
          ["CallExpression[callee.name='Date']", 'Date() reads the machine clock'],
          ["CallExpression[callee.object.name='Date'][callee.property.name='now']", 'Date.now() reads the machine clock'],
          [
            "CallExpression[callee.object.name='DateTime'][callee.property.name=/^(now|local|utc)$/][arguments.length=0]",
            "Luxon's DateTime.now()/local()/utc() read the machine clock",
          ],
        ].map(([selector, what]) => ({ selector, message: `${what}; take "now" from the injected Clock (deps.clock.now()).` })),
      ],
    },
  },
  {
    files: ['packages/shared/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod(/|$)|\\.{1,2}/)',
              message: 'packages/shared is the wire contract: it imports only zod (and itself, relatively).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/media/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['drizzle-orm*', 'express', '@partystream/server*'],
              'packages/media knows nothing of users, bookings or HTTP frameworks.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['@partystream/server*', 'node:*', 'drizzle-orm*', 'express'],
              'The web app talks to the server over HTTP only; share types through packages/shared.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/features/**/*.ts'],
    ignores: ['**/*.repo.ts', ...TESTS],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [restrict(['drizzle-orm*'], 'Only *.repo.ts uses Drizzle; call the repo.')] },
      ],
    },
  },
  {
    files: ['apps/server/src/**/*.service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(['drizzle-orm*'], 'Only *.repo.ts uses Drizzle; call the repo.'),
            restrict(['express', 'socket.io'], 'Services never touch Express or Socket.io.'),
          ],
        },
      ],
    },
  },
);
