/**
 * `npm run seed:demo`: fills the configured database (embedded PGlite by default) with a believable marketplace
 * so a newcomer sees a live product at once. Idempotent: running it twice changes nothing the second time.
 */
import { loadConfig } from '../config.ts';
import { buildDeps } from '../deps.ts';
import type { SeedContext, SeedStep } from './seed/seed.ts';
import { usersSeed } from './seed/users.seed.ts';
import { djsSeed } from './seed/djs.seed.ts';

const steps: SeedStep[] = [usersSeed, djsSeed];

const config = loadConfig();
const deps = await buildDeps(config);
const ctx: SeedContext = { logins: [], users: new Map() };
for (const step of steps) {
  process.stdout.write(`seeding ${step.name}… `);
  await step.run(deps, ctx);
  process.stdout.write('done\n');
}
await deps.close();
console.log(`\nDemo data is in ${config.DATABASE_URL ? 'Postgres' : `${config.DATA_DIR}/pglite`}. Log in with:`);
for (const l of ctx.logins) console.log(`  ${l.role.padEnd(5)} ${l.email.padEnd(40)} ${l.password}   (${l.name})`);
console.log('Every demo account uses the same password.');
