/**
 * Issue 15: the embedded PGlite has no autovacuum; a nightly `db.vacuum` job runs `VACUUM ANALYZE` at 03:00 UTC and
 * arms the next night. On Postgres (autovacuum) nothing is scheduled.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { jobs } from '../../src/db/schema/job.ts';
import { VACUUM_JOB } from '../../src/jobs/maintenance.ts';
import { useTestApp } from '../support/app.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

describe('nightly database upkeep', { timeout: 60_000 }, () => {
  test('PGlite: vacuumed at 03:00 UTC each night; Postgres: left to autovacuum', async () => {
    await app.deps.dbMaintenance.schedule();
    await app.deps.dbMaintenance.schedule(); // twice: one job per night
    const rows = () => app.deps.db.select().from(jobs).where(eq(jobs.name, VACUUM_JOB));
    if (app.deps.database.kind === 'postgres') {
      assert.deepEqual(await rows(), []);
      return;
    }
    const armed = await rows();
    assert.equal(armed.length, 1);
    assert.equal(armed[0]!.runAt.toISOString(), '2026-12-02T03:00:00.000Z');
    app.clock.set('2026-12-02T03:00:01Z');
    assert.equal(await app.deps.jobs.drain(), 1);
    const after = await rows();
    assert.equal(after.find((j) => j.id === armed[0]!.id)!.status, 'done', JSON.stringify(after));
    assert.deepEqual(
      after.filter((j) => j.status !== 'done').map((j) => j.runAt.toISOString()),
      ['2026-12-03T03:00:00.000Z'],
      'the next night is armed',
    );
  });
});
