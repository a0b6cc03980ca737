/** DJs' availability plans assembled from one batch load (search index, search cards). */
import type * as repo from './availability.repo.ts';
import { expandRecurring, type RecurringRule } from './recurring.ts';
import type { AvailabilityPlan, Interval } from './slots.ts';

export type PlanBatch = Awaited<ReturnType<typeof repo.loadPlansBatch>>;
/** One AvailabilityPlan per DJ of a batch load (rows grouped once, not filtered per DJ). */
export function plansOf(
  b: PlanBatch,
  from: number,
  to: number,
): { settings: PlanBatch['settings'][number]; plan: AvailabilityPlan }[] {
  const group = <T extends { djProfileId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.djProfileId);
      if (list) list.push(r);
      else m.set(r.djProfileId, [r]);
    }
    return m;
  };
  const weekly = group(b.weekly);
  const overrides = group(b.overrides);
  const blocked = group(b.blocked);
  const recurring = group(b.recurring);
  return b.settings.map((s) => ({
    settings: s,
    plan: {
      timeZone: s.timeZone,
      weekly: weekly.get(s.id) ?? [],
      overrides: new Map((overrides.get(s.id) ?? []).map((o) => [o.date, o.ranges])),
      blocked: [
        ...(blocked.get(s.id) ?? []).map((x) => ({ start: x.startsAt.getTime(), end: x.endsAt.getTime() })),
        ...expandAll(recurring.get(s.id) ?? [], s.timeZone, from, to),
      ],
      minNoticeMinutes: s.minNoticeMinutes,
      maxAdvanceDays: s.maxAdvanceDays,
    },
  }));
}

/** Every occurrence of these recurring blocks in [from, to). */
export function expandAll(rules: RecurringRule[], timeZone: string, from: number, to: number): Interval[] {
  return rules.flatMap((r) => expandRecurring(r, timeZone, from, to));
}
