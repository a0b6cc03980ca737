/**
 * A payments provider with faults on demand, wrapped around a real one (the embedded processor or the Stripe
 * twin), for the crash and failure tests of the after-commit payment jobs (decision 015):
 * - `transient`: throws a plain error (network, 5xx) — the job is retried with backoff;
 * - `permanent`: throws a permanent PaymentProviderError (the provider refused) — the job compensates;
 * - `killed_before`: never returns and never reaches the provider — a process killed between commit and call;
 * - `killed_after`: reaches the provider, then never returns — killed between the call and recording its result.
 * Every call that reaches the provider is recorded with its idempotency key.
 */
import { PaymentProviderError, type PaymentsProvider } from '../../src/providers/payments/payments.ts';

export type Fault = 'transient' | 'permanent' | 'killed_before' | 'killed_after';

export interface FaultyPayments {
  provider: PaymentsProvider;
  /** Calls that reached the provider: `op:key`. */
  calls: string[];
  /** The next `times` calls of `op` (optionally only for one key) fail as `fault`. */
  inject(op: keyof PaymentsProvider, fault: Fault, o?: { key?: string; times?: number }): void;
  clear(): void;
}

export function faultyPayments(inner: PaymentsProvider): FaultyPayments {
  const calls: string[] = [];
  // A "killed" call never settles while its test runs; clear() ends them (as a dead process's calls end), so a
  // leftover job cannot hang the file after the test that injected the fault.
  const hanging = new Set<(e: Error) => void>();
  const never = () =>
    new Promise<never>((_, reject) => {
      hanging.add(reject);
    });
  let faults: { op: string; fault: Fault; key?: string; left: number }[] = [];
  const provider = new Proxy(inner, {
    get(target, prop: string) {
      const fn = (target as unknown as Record<string, unknown>)[prop];
      if (typeof fn !== 'function') return fn;
      return async (...args: unknown[]) => {
        const key = String((args[0] as { idempotencyKey?: string } | undefined)?.idempotencyKey ?? '');
        const f = faults.find((x) => x.op === prop && x.left > 0 && (!x.key || x.key === key));
        if (f) f.left--;
        if (f?.fault === 'killed_before') return never();
        if (f?.fault === 'transient') throw new Error(`simulated network failure during ${prop}`);
        if (f?.fault === 'permanent')
          throw new PaymentProviderError(`simulated refusal of ${prop}`, { permanent: true, code: 'simulated' });
        calls.push(`${prop}:${key}`);
        const out = await (fn as (...a: unknown[]) => unknown).apply(target, args);
        if (f?.fault === 'killed_after') return never();
        return out;
      };
    },
  });
  return {
    provider,
    calls,
    inject(op, fault, o = {}) {
      faults.push({ op, fault, key: o.key, left: o.times ?? 1 });
    },
    clear() {
      faults = [];
      for (const reject of hanging) reject(new Error('simulated process death: the call was abandoned'));
      hanging.clear();
    },
  };
}
