import type { SeedStep } from './seed.ts';
import { usersSeed } from './users.seed.ts';
import { djsSeed } from './djs.seed.ts';
import { photosSeed } from './photos.seed.ts';
import { partySeed } from './party.seed.ts';
import { reviewsSeed } from './reviews.seed.ts';

/**
 * The demo seed, one step per feature, run in this order (later steps read what earlier ones put in the
 * context). A feature adds its data by writing `seed/<feature>.seed.ts` and appending it here; each step must
 * be idempotent (test/scripts/seed-demo.test.ts runs the list twice).
 */
export const SEED_STEPS: SeedStep[] = [usersSeed, djsSeed, reviewsSeed, partySeed, photosSeed];
