/**
 * A fresh, migrated database per test file: in-memory PGlite by default; with TEST_DB=postgres a new database
 * created in the TEST_DATABASE_URL server (dropped afterwards), so the same suites prove the same behaviour on
 * real Postgres. A database per suite (not a schema) keeps the migrations exactly as production runs them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';

export const testDbKind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export async function openTestDatabase(): Promise<Database> {
  if (testDbKind === 'pglite') return openDatabase({ pgliteDir: 'memory://' });
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `ps_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create database "${name}"`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase({ url: u.toString(), poolSize: 20 });
  return {
    ...db,
    async close() {
      await db.close();
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}
