import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { runSeed } from '../../src/scripts/seed/seed.ts';
import { SEED_STEPS } from '../../src/scripts/seed/steps.ts';

const app = useTestApp();

describe('npm run seed:demo', () => {
  test('fills an empty database with an admin, hosts and a dozen DJs whose printed logins work', async () => {
    const ctx = await runSeed(app.deps, SEED_STEPS);
    const byRole = (r: string) => ctx.logins.filter((l) => l.role === r);
    assert.deepEqual(byRole('admin').map((l) => l.email), ['admin@partystream.local']);
    assert.ok(byRole('host').length >= 2, 'hosts are listed');
    assert.ok(byRole('dj').length >= 1, 'a DJ login is listed');
    for (const l of ctx.logins) {
      const res = await app.client().post('/api/auth/login', { email: l.email, password: l.password });
      assert.equal(res.status, 200, `${l.email} can log in with the printed password`);
      assert.equal(res.body.user.role, l.role);
    }
    const djs = await app.client().get('/api/djs?pageSize=50');
    assert.equal(djs.status, 200);
    assert.ok(djs.body.total >= 12, `a dozen DJs are listed in search (got ${djs.body.total})`);
    const currencies = new Set(djs.body.items.map((d: { price: { currency: string } }) => d.price.currency));
    assert.ok(currencies.size >= 4, 'DJs span several currencies');
  });

  test('running it again changes nothing', async () => {
    const before = await runSeed(app.deps, SEED_STEPS);
    const total = (await app.client().get('/api/djs?pageSize=50')).body.total;
    const again = await runSeed(app.deps, SEED_STEPS);
    assert.deepEqual([...again.users], [...before.users], 'the same users, same ids');
    assert.equal((await app.client().get('/api/djs?pageSize=50')).body.total, total);
  });
});
