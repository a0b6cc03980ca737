/**
 * Database connection: embedded PGlite (real Postgres compiled to WASM, data in DATA_DIR/pglite) by default,
 * node-postgres when DATABASE_URL is set. Both get the same drizzle-kit migrations at start-up.
 *
 * `Db` is the drizzle handle every repo receives; `Tx` is a transaction handle with the same API, so repo
 * functions accept `Db | Tx` and a service can run several features' writes in one transaction.
 */
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import { fileURLToPath } from 'node:url';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Anything a repo can run queries on: the pool or an open transaction. */
export type Queryable = Db | Tx;

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Cheap liveness probe for /api/health. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the data folder as an uncompressed tar, for `loadDataDir` (tests copy a migrated template). */
  dump?(): Promise<Blob>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; absent means embedded PGlite. */
  url?: string;
  /** PGlite data folder; 'memory://' for a throwaway in-memory database. */
  pgliteDir?: string;
  poolSize?: number;
  /** PGlite only: start from this data-folder dump (`dumpDataDir()`) instead of an empty cluster; migrations still run. */
  loadDataDir?: Blob;
}

/**
 * Thrown when another live process holds the embedded database. PGlite is one process's database: a second
 * process opening the same folder (e.g. `npm run seed:demo` beside a running `npm start`) would overwrite the
 * first one's writes, so it is refused before anything is read or written.
 */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: { pid: number; command: string; host: string },
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${holder.pid} (${holder.command}). ` +
        'Two processes must not open one embedded database. Stop that process first (for a running server: Ctrl+C ' +
        'or `kill ' +
        holder.pid +
        '`), then run this again — or set DATABASE_URL to a Postgres server, which any number of processes can share.',
    );
    this.name = 'DatabaseLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's lock file (created exclusively; a lock left by a dead process on this host is taken over).
 * Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  const me = { pid: process.pid, command: process.argv.slice(1).join(' ').slice(0, 200), host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (JSON.parse(readFileSync(file, 'utf8')).pid === process.pid) rmSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid: number; command: string; host: string } | null;
      try {
        holder = JSON.parse(readFileSync(file, 'utf8'));
      } catch {
        holder = null; // half-written by a process that died at once, or unreadable: treat as stale
      }
      if (holder && holder.pid !== process.pid && (holder.host !== me.host || isAlive(holder.pid))) {
        throw new DatabaseLockedError(dir, holder);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
    });
    // An idle client erroring (server restart) must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = drizzlePg(pool) as unknown as Db;
    await migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS_DIR });
    return {
      db,
      kind: 'postgres',
      ping: async () => void (await pool.query('select 1')),
      close: () => pool.end(),
    };
  }
  const dir = opts.pgliteDir ?? 'memory://';
  let unlock = () => {};
  if (!dir.startsWith('memory://')) {
    mkdirSync(dir, { recursive: true });
    unlock = lockDataDir(dir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dir, { extensions: { btree_gist, pg_trgm }, loadDataDir: opts.loadDataDir });
  } catch (e) {
    unlock();
    throw e;
  }
  const db = drizzlePglite(client) as unknown as Db;
  await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR });
  return {
    db,
    kind: 'pglite',
    ping: async () => void (await client.query('select 1')),
    close: async () => {
      await client.close();
      unlock();
    },
    dump: () => client.dumpDataDir('none'),
  };
}

export function pgliteDirFor(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/** Postgres SQLSTATE of an error thrown by either driver (drizzle wraps it in `cause`). */
export function pgErrorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Name of the violated constraint, when the driver reports one. */
export function pgConstraint(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const c = (cur as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
