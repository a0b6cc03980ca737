// Import boundaries of shared/design/style.md as one small local ESLint rule. It resolves each relative import
// against the importing file, so a rule holds at any folder depth (string patterns such as '../../*' only
// see the spelling of the import). Zones are plain functions over repo-relative paths; add one here and a
// case in scripts/lint-boundaries.test.ts.
import { dirname, relative, resolve, sep, basename } from 'node:path';

const feature = (re) => (p) => re.exec(p)?.[1];
const webFeature = feature(/^apps\/web\/src\/features\/([^/]+)\//);
const serverFeature = feature(/^apps\/server\/src\/features\/([^/]+)\//);
const isTest = (p) => /\.(test|spec)\.tsx?$/.test(p) || /^apps\/server\/test\//.test(p) || p.startsWith('e2e/');

/** (importing file, imported file) → message when the import crosses a boundary. Paths use '/'. */
export const ZONES = [
  {
    when: (f, d) => f.startsWith('apps/web/') && d.startsWith('apps/server/'),
    message: 'The web app talks to the server over HTTP only; share types through packages/shared.',
  },
  {
    when: (f, d) => f.startsWith('packages/') && d.startsWith('apps/'),
    message: 'Packages never import the apps.',
  },
  {
    when: (f, d) => !!webFeature(f) && !!webFeature(d) && webFeature(f) !== webFeature(d),
    message: 'Web features do not import each other; compose them in app/.',
  },
  {
    when: (f, d) => /^apps\/web\/src\/(features|lib|components|config)\//.test(f) && d.startsWith('apps/web/src/app/'),
    message: 'Web imports flow one way: app → features → components/lib/config.',
  },
  {
    when: (f, d) => /^apps\/web\/src\/(lib|components|config)\//.test(f) && d.startsWith('apps/web/src/features/'),
    message: 'Web imports flow one way: app → features → components/lib/config.',
  },
  {
    when: (f, d) => f.startsWith('apps/server/src/providers/') && d.startsWith('apps/server/src/features/'),
    message: 'Providers never import features.',
  },
  {
    when: (f, d) => /\.(routes|socket)\.ts$/.test(f) && (d.endsWith('.repo.ts') || d.startsWith('apps/server/src/db/schema/')),
    message: 'Routes call their service; only repos touch the database.',
  },
  {
    when: (f, d) => !!serverFeature(f) && !f.endsWith('.repo.ts') && !isTest(f) && d.startsWith('apps/server/src/db/schema/'),
    message: 'Only *.repo.ts touches the tables (db/schema).',
  },
  {
    when: (f, d) => !!serverFeature(f) && !!serverFeature(d) && serverFeature(f) !== serverFeature(d) && d.endsWith('.repo.ts'),
    message: 'Reach another feature through its service, never its repo.',
  },
  {
    when: (f, d) => f.startsWith('apps/server/src/') && !isTest(f) && d.startsWith('apps/server/test/'),
    message: 'Production code never imports test support.',
  },
];

const toPosix = (p) => p.split(sep).join('/');

const boundaries = {
  meta: { type: 'problem', docs: { description: 'Import boundaries between workspaces, features and layers' }, schema: [] },
  create(context) {
    const root = context.cwd;
    const file = toPosix(relative(root, context.filename));
    if (file.startsWith('..')) return {};
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const dep = toPosix(relative(root, resolve(dirname(context.filename), source)));
      for (const z of ZONES) {
        if (z.when(file, dep)) {
          context.report({ node, message: `${z.message} ('${source}')` });
          return;
        }
      }
    }
    const fromSource = (node) => node.source && check(node, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

/** File and folder names are kebab-case (dots separate role suffixes: booking.service.ts). */
const kebabCase = {
  meta: { type: 'suggestion', docs: { description: 'kebab-case file names' }, schema: [] },
  create(context) {
    const file = toPosix(relative(context.cwd, context.filename));
    return {
      Program(node) {
        const parts = file.split('/');
        const name = basename(file).replace(/\.[cm]?[jt]sx?$/, '');
        const bad = [...parts.slice(0, -1), name].find((p) => !/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(p));
        if (bad !== undefined) context.report({ node, message: `'${bad}' in ${file} is not kebab-case.` });
      },
    };
  },
};

export const localPlugin = { rules: { boundaries, 'kebab-case-filenames': kebabCase } };
