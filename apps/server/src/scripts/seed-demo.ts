/**
 * `npm run seed:demo`: fills the configured database (embedded PGlite by default) with a believable marketplace
 * so a newcomer sees a live product at once. Idempotent: running it twice changes nothing the second time.
 * The steps live in seed/steps.ts, one file per feature.
 */
import { loadConfig } from '../config.ts';
import { buildDeps } from '../deps.ts';
import { runSeed } from './seed/seed.ts';
import { SEED_STEPS } from './seed/steps.ts';

const config = loadConfig();
const deps = await buildDeps(config);
const ctx = await runSeed(deps, SEED_STEPS, (name, ms) => console.log(`seeded ${name} (${Math.round(ms)} ms)`));
await deps.close();
console.log(`\nDemo data is in ${config.DATABASE_URL ? 'Postgres' : `${config.DATA_DIR}/pglite`}. Log in with:`);
for (const l of ctx.logins) console.log(`  ${l.role.padEnd(5)} ${l.email.padEnd(40)} ${l.password}   (${l.name})`);
console.log('Every demo account uses the same password.');
if (ctx.notes.length) console.log(`\n${ctx.notes.join('\n')}`);
