import type { Deps } from '../../deps.ts';

/** One step of the demo seed; steps run in order and must be idempotent (skip what exists). */
export interface SeedStep {
  name: string;
  run(deps: Deps, ctx: SeedContext): Promise<void>;
}

export interface SeedContext {
  /** Logins created, printed at the end. */
  logins: { role: string; email: string; password: string; name: string }[];
  /** Values earlier steps hand to later ones (e.g. user ids by email). */
  users: Map<string, string>;
  /** Lines printed after the logins (e.g. the demo party's links). */
  notes: string[];
}

/** Runs the steps in order against `deps` and returns what they recorded. */
export async function runSeed(deps: Deps, steps: SeedStep[], onStep?: (name: string, ms: number) => void): Promise<SeedContext> {
  const ctx: SeedContext = { logins: [], users: new Map(), notes: [] };
  for (const step of steps) {
    const t0 = performance.now();
    await step.run(deps, ctx);
    onStep?.(step.name, performance.now() - t0);
  }
  return ctx;
}
