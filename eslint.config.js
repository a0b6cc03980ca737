// One lint setup for the workspace. Beyond the recommended rules it enforces the import boundaries of
// shared/design/style.md, so a feature reaching into another's internals fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const restrict = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'artifacts/**', '**/data/**', 'apps/server/src/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['packages/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [restrict(['node:*', 'express', 'react', 'drizzle-orm*', 'werift', '@partystream/*'], 'packages/shared is the wire contract: it imports only zod (and itself, relatively).')] }],
    },
  },
  {
    files: ['packages/media/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [restrict(['**/apps/**', 'drizzle-orm*', 'express'], 'packages/media knows nothing of users, bookings or HTTP frameworks.')] }],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [restrict(['**/apps/server/**', '**/server/src/**', '@partystream/server*', 'node:*'], 'The web app talks to the server over HTTP only; share types through packages/shared.')] }],
    },
  },
  {
    files: ['apps/web/src/features/*/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [restrict(['**/apps/server/**', '**/server/src/**', 'node:*'], 'The web app talks to the server over HTTP only.'), restrict(['../../*/**', '!../../../**'], 'Features do not import each other; compose them in app/routes.')] }],
    },
  },
  {
    files: ['apps/server/src/**/*.routes.ts', 'apps/server/src/**/*.socket.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [restrict(['**/*.repo.ts', '**/db/schema/**', 'drizzle-orm*'], 'Routes call their service; only repos touch the database.')] }],
    },
  },
  {
    files: ['apps/server/src/**/*.service.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [restrict(['express', 'socket.io'], 'Services never touch Express or Socket.io.'), restrict(['../*/*.repo.ts'], "Reach another feature through its service, never its repo.")] }],
    },
  },
  {
    files: ['apps/server/src/providers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [restrict(['**/features/**'], 'Providers never import features.')] }],
    },
  },
);
