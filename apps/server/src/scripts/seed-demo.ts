/**
 * `npm run seed:demo`: fills the configured database (embedded PGlite by default) with a believable marketplace
 * so a newcomer sees a live product at once. Idempotent: running it twice changes nothing the second time.
 * The steps live in seed/steps.ts, one file per feature.
 */
import { loadConfig } from '../config.ts';
import { DatabaseLockedError } from '../db/client.ts';
import { lastServerUrl } from './seed/server-url.ts';
import { seedDemo } from './seed/demo.ts';

const loaded = loadConfig();
// Links point at the server that last ran on this data folder (its PORT/PUBLIC_URL), unless PUBLIC_URL is given here.
const config = {
  ...loaded,
  PUBLIC_URL: loaded.publicUrlGiven ? loaded.PUBLIC_URL : (lastServerUrl(loaded.DATA_DIR) ?? loaded.PUBLIC_URL),
};
const ctx = await seedDemo(config, { onStep: (name, ms) => console.log(`seeded ${name} (${Math.round(ms)} ms)`) }).catch(
  (e: unknown) => {
    if (!(e instanceof DatabaseLockedError)) throw e;
    process.stderr.write(`Nothing was seeded.\n${e.message}\n`);
    process.exit(1);
  },
);
console.log(`\nDemo data is in ${config.DATABASE_URL ? 'Postgres' : `${config.DATA_DIR}/pglite`}. Log in with:`);
for (const l of ctx.logins) console.log(`  ${l.role.padEnd(5)} ${l.email.padEnd(40)} ${l.password}   (${l.name})`);
console.log('Every demo account uses the same password.');
if (ctx.notes.length) console.log(`\n${ctx.notes.join('\n')}`);
