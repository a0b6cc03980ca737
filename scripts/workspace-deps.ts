// Which bare imports of a workspace its package.json does not declare (issue 14: "each workspace declares what it
// imports"). A package found only through npm's hoisting works until a lockfile change moves it, and
// `npm ci --omit=dev` leaves out what a production file needs but only a dev dependency brings.
// Rules: a value import in a production file (under src/, not a test) must be in `dependencies`; type-only imports
// and the imports of tests, benches and tool configs may be in `devDependencies` too. Node's own modules and
// relative paths are not packages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

export interface Undeclared {
  file: string;
  pkg: string;
  /** `missing`: declared nowhere; `dev-only`: a production file needs it but only devDependencies has it. */
  problem: 'missing' | 'dev-only';
}

const SOURCE = /\.(ts|tsx|mts|js|mjs|jsx)$/;
const SKIP = new Set(['node_modules', 'dist', 'data', 'artifacts']);
const BUILTIN = new Set(builtinModules);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The package a specifier names (`@scope/name/sub` → `@scope/name`, `name/sub?url` → `name`), or null. */
export function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || spec.includes(':')) return null;
  const parts = spec.split('?')[0]!.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return BUILTIN.has(name) ? null : name;
}

/** Bare imports of one file: `[specifier, typeOnly]`. */
export function importsOf(source: string): [string, boolean][] {
  const found: [string, boolean][] = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm))
    found.push([m[3]!, Boolean(m[2])]);
  for (const m of code.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push([m[1]!, false]);
  return found;
}

const isProduction = (rel: string) => rel.startsWith('src/') && !/\.(test|spec)\.[a-z]+$/.test(rel) && !rel.includes('/test/');

/** Every bare import of the workspace at `dir` that its package.json does not declare as it should. */
export function undeclaredImports(dir: string): Undeclared[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;
  const field = (k: string) => Object.keys((pkg[k] as Record<string, string> | undefined) ?? {});
  const prod = new Set([...field('dependencies'), ...field('peerDependencies'), ...field('optionalDependencies')]);
  const any = new Set([...prod, ...field('devDependencies')]);
  const out: Undeclared[] = [];
  const seen = new Set<string>();
  for (const file of walk(dir)) {
    const rel = relative(dir, file).split('\\').join('/');
    for (const [spec, typeOnly] of importsOf(readFileSync(file, 'utf8'))) {
      const name = packageOf(spec);
      if (!name || name === pkg.name) continue;
      const problem = !any.has(name) ? 'missing' : isProduction(rel) && !typeOnly && !prod.has(name) ? 'dev-only' : null;
      const key = `${name}:${problem}`;
      if (!problem || seen.has(key)) continue;
      seen.add(key);
      out.push({ file: rel, pkg: name, problem });
    }
  }
  return out;
}
