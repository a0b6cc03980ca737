/**
 * A fresh, migrated database per test file: in-memory PGlite by default; with TEST_DB=postgres a new database
 * created in the TEST_DATABASE_URL server (dropped afterwards), so the same suites prove the same behaviour on
 * real Postgres. A database per suite (not a schema) keeps the migrations exactly as production runs them.
 * Each PGlite is a copy of one migrated template cluster (see pgliteTemplate), as Epic Stack copies a template
 * database per test: creating a PGlite cluster (initdb in WASM) costs seconds of CPU, loading a copy about one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../src/db/client.ts';

export const testDbKind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** A new, empty database on the Postgres server at `serverUrl` (tests and benchmarks); `drop()` removes it. */
export async function createTempPostgres(
  serverUrl: string,
  prefix = 'ps_test',
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(template ? `create database "${name}" template "${template}"` : `create database "${name}"`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

/** Opens (and migrates) a temporary Postgres database that is dropped when the returned handle closes. */
export async function openTempPostgres(serverUrl: string, opts: { prefix?: string; poolSize?: number } = {}): Promise<Database> {
  const temp = await createTempPostgres(serverUrl, opts.prefix, await postgresTemplate(serverUrl));
  // Made from the migrated template, so migrate finds every migration applied and only checks.
  const db = await openDatabase({ url: temp.url, poolSize: opts.poolSize ?? 20 });
  return {
    ...db,
    async close() {
      await db.close();
      await temp.drop();
    },
  };
}

/** The hash of the migration files, which names each migrated template (a changed migration makes a new one). */
function migrationsHash(extra = ''): string {
  const hash = createHash('sha256').update(extra);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const f of walk(MIGRATIONS_DIR).sort()) hash.update(f.slice(MIGRATIONS_DIR.length)).update(readFileSync(f));
  return hash.digest('hex').slice(0, 16);
}

/**
 * A migrated, otherwise empty database on the Postgres server, named by the migrations' hash, that test databases
 * are created from (`create database … template`, a file copy: ~0.2 s against ~1.5 s of migrating each one).
 * Built once per server and migration set under an advisory lock, so parallel test files wait for one builder;
 * templates of older migration sets are dropped. Set TEST_PG_TEMPLATE=0 to migrate every database from scratch.
 */
async function postgresTemplate(serverUrl: string): Promise<string | undefined> {
  if (process.env.TEST_PG_TEMPLATE === '0') return undefined;
  const name = `ps_tpl_${migrationsHash()}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query('select pg_advisory_lock(hashtext($1))', ['partystream-test-template']);
    const found = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      const temp = await createTempPostgres(serverUrl, 'ps_tplbuild');
      const db = await openDatabase({ url: temp.url, poolSize: 1 });
      await db.close();
      // Renamed only when complete: a build cut short leaves a ps_tplbuild_* database, never a half template.
      await c.query(`alter database "${new URL(temp.url).pathname.slice(1)}" rename to "${name}"`);
      const old = await c.query<{ datname: string }>(
        "select datname from pg_database where datname like 'ps\\_tpl\\_%' and datname <> $1",
        [name],
      );
      for (const { datname } of old.rows) await c.query(`drop database if exists "${datname}" with (force)`);
    }
    return name;
  } finally {
    await c.query('select pg_advisory_unlock(hashtext($1))', ['partystream-test-template']).catch(() => {});
    await c.end();
  }
}
const TEMPLATE_DIR = join(tmpdir(), 'partystream-test');

/**
 * A migrated, otherwise empty PGlite cluster as a tar. Built by the first test process that needs it and kept in
 * the temp folder under a name hashed from the PGlite version and every migration file, so a changed or added
 * migration builds a new one (and removes the old). Written to a temp name and renamed: parallel test files
 * never read half a file; two that build at once each write a complete copy.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const pglitePkg = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
  const name = `pglite-${migrationsHash(readFileSync(pglitePkg, 'utf8'))}.tar`;
  const file = join(TEMPLATE_DIR, name);
  if (existsSync(file)) return new Blob([readFileSync(file)], { type: 'application/x-tar' });
  const fresh = await openDatabase({ pgliteDir: 'memory://' });
  const dump = await fresh.dump!();
  await fresh.close();
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
  renameSync(part, file);
  for (const old of readdirSync(TEMPLATE_DIR)) {
    if (old.startsWith('pglite-') && old.endsWith('.tar') && old !== name) rmSync(join(TEMPLATE_DIR, old), { force: true });
  }
  return dump;
}

/** A new in-memory PGlite database with every migration applied (a copy of the template; migrate then finds nothing to do). */
export async function openTestPglite(): Promise<Database> {
  return openDatabase({ pgliteDir: 'memory://', loadDataDir: await pgliteTemplate() });
}

export async function openTestDatabase(): Promise<Database> {
  if (testDbKind === 'pglite') return openTestPglite();
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  return openTempPostgres(url);
}
