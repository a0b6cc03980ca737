/**
 * `npm run ledger:check`: verifies, on the configured database, that every ledger transaction balances and
 * that every booking's money is where its state says. Exit code 1 when anything is off.
 */
import { loadConfig } from '../config.ts';
import { buildDeps } from '../deps.ts';
import { createLogger } from '../logger.ts';

const config = loadConfig();
const deps = await buildDeps(config, { log: createLogger('warn') });
const result = await deps.ledger.check();
await deps.close();
console.log(`ledger check: ${result.bookingsChecked} bookings checked, ${result.problems.length} problem(s)`);
for (const p of result.problems)
  console.log(`  ${p.bookingId ? `booking ${p.bookingId}` : `transaction ${p.transactionId}`}: ${p.problem}`);
process.exit(result.ok ? 0 : 1);
