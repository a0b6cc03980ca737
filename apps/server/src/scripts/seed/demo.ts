import type { Config } from '../../config.ts';
import { buildDeps } from '../../deps.ts';
import { OffsetClock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import { runSeed, type SeedContext } from './seed.ts';
import { SEED_STEPS } from './steps.ts';

/**
 * The demo seed's entry (`npm run seed:demo` calls it; test/scripts/seed-demo.test.ts too): builds the app's
 * dependencies on `config`'s database with a movable clock — the reviews step runs its parties in the past,
 * through the real services (issue 15) — runs every step, and closes the database.
 */
export async function seedDemo(
  config: Config,
  opts: { log?: Logger; onStep?: (name: string, ms: number) => void } = {},
): Promise<SeedContext> {
  const deps = await buildDeps(config, { clock: new OffsetClock(), ...(opts.log ? { log: opts.log } : {}) });
  try {
    return await runSeed(deps, SEED_STEPS, opts.onStep);
  } finally {
    await deps.close();
  }
}
