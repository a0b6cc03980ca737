/**
 * A fresh, migrated database per test file: in-memory PGlite by default; with TEST_DB=postgres a new database
 * created in the TEST_DATABASE_URL server (dropped afterwards), so the same suites prove the same behaviour on
 * real Postgres. A database per suite (not a schema) keeps the migrations exactly as production runs them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';

export const testDbKind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** A new, empty database on the Postgres server at `serverUrl` (tests and benchmarks); `drop()` removes it. */
export async function createTempPostgres(serverUrl: string, prefix = 'ps_test'): Promise<{ url: string; drop(): Promise<void> }> {
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
  await admin(`create database "${name}"`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

/** Opens (and migrates) a temporary Postgres database that is dropped when the returned handle closes. */
export async function openTempPostgres(serverUrl: string, opts: { prefix?: string; poolSize?: number } = {}): Promise<Database> {
  const temp = await createTempPostgres(serverUrl, opts.prefix);
  const db = await openDatabase({ url: temp.url, poolSize: opts.poolSize ?? 20 });
  return {
    ...db,
    async close() {
      await db.close();
      await temp.drop();
    },
  };
}

export async function openTestDatabase(): Promise<Database> {
  if (testDbKind === 'pglite') return openDatabase({ pgliteDir: 'memory://' });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  return openTempPostgres(url);
}
