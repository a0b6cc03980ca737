import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BOOKING_STATES,
  GUARDS,
  PAYOUT_DELAY_MINUTES,
  TIMERS,
  TRANSITION_NAMES,
  answerDeadline,
  availableTransitions,
  isFinal,
  isHoldingSlot,
  payoutRetryMinutes,
  rowOf,
  timerFires,
  timerReminds,
  type BookingState,
  type TimerJob,
  type TransitionName,
} from './booking.process.ts';

describe('pay-out retries', () => {
  it('back off 1, 2, 4 days after each refusal, then stay a week apart', () => {
    const days = [1, 2, 3, 4, 5, 9].map((n) => payoutRetryMinutes(n) / 1440);
    assert.deepEqual(days, [1, 2, 4, 7, 7, 7]);
    assert.equal(payoutRetryMinutes(1), PAYOUT_DELAY_MINUTES);
  });
});

/** The process table read as a graph: every row checked against the others. */
describe('the process table', () => {
  const timers = Object.keys(TIMERS) as TimerJob[];

  it('reaches every state from `request`, the only row that creates a booking', () => {
    assert.deepEqual(
      TRANSITION_NAMES.filter((n) => rowOf(n).from.length === 0),
      ['request'],
    );
    const seen = new Set<BookingState>([rowOf('request').to]);
    for (let grew = true; grew;) {
      grew = false;
      for (const n of TRANSITION_NAMES)
        if (rowOf(n).from.some((s) => seen.has(s)) && !seen.has(rowOf(n).to)) {
          seen.add(rowOf(n).to);
          grew = true;
        }
    }
    assert.deepEqual([...seen].sort(), [...BOOKING_STATES].sort());
  });

  for (const name of TRANSITION_NAMES) {
    const t = rowOf(name);
    describe(name, () => {
      it('cancels every timer waiting in a state it leaves for one the timer does not wait in', () => {
        for (const job of timers) {
          const waits: readonly BookingState[] = TIMERS[job].pendingIn;
          const leftBehind = t.from.some((s) => waits.includes(s)) && !waits.includes(t.to);
          assert.equal(t.timers.cancel.includes(job), leftBehind, `${name} ${leftBehind ? 'must' : 'need not'} cancel ${job}`);
        }
      });

      it('starts only timers that wait in the state it enters, counting from a deadline it sets', () => {
        for (const timer of t.timers.start) {
          assert.ok((TIMERS[timer.job].pendingIn as readonly BookingState[]).includes(t.to), `${timer.job} waits in ${t.to}`);
          if (timer.anchor === 'deadline') assert.ok(t.deadline, `${name} sets the deadline ${timer.job} counts from`);
        }
        if (t.deadline)
          assert.ok(
            t.timers.start.some((x) => x.anchor === 'deadline'),
            `${name}'s deadline is enforced by a timer`,
          );
      });

      it('raises availability.changed exactly when it takes or frees the slot', () => {
        const movesSlot =
          t.from.length === 0 ? isHoldingSlot(t.to) : t.from.some((s) => isHoldingSlot(s) !== isHoldingSlot(t.to));
        assert.equal(t.realtime.includes('availability.changed'), movesSlot);
        assert.ok(t.realtime.includes('booking.updated'));
      });

      it('is taken by the system only when a timer fires it or the payment feature compensates', () => {
        const byTimer = timers.some((j) => timerFires(j) === name);
        if (byTimer) assert.deepEqual(t.actors, ['system'], `${name} is a timer's row`);
        if (t.compensation) assert.deepEqual(t.actors, ['system']);
        if (t.actors.length === 1 && t.actors[0] === 'system') assert.ok(byTimer || t.compensation, `who takes ${name}?`);
        if (t.automatic) assert.ok(t.actors.includes('system'), `the system takes ${name} automatically`);
      });

      it('refuses every actor it does not list', () => {
        for (const state of t.from)
          for (const actor of ['host', 'dj', 'system', 'admin'] as const)
            assert.equal(availableTransitions(state, actor).includes(name), t.actors.includes(actor), `${actor} ${name}`);
      });

      it('names guards whose lapse is a row of the table', () => {
        for (const g of t.guards) {
          const lapsedBy = (GUARDS[g] as { lapsedBy?: string }).lapsedBy;
          if (lapsedBy) assert.ok((TRANSITION_NAMES as string[]).includes(lapsedBy));
        }
      });
    });
  }

  it('has each timer fire a row that leaves a state the timer waits in (a late or stray timer does nothing)', () => {
    for (const job of timers.filter((j) => timerFires(j))) {
      const row = rowOf(timerFires(job) as TransitionName);
      assert.ok(
        TIMERS[job].pendingIn.some((s: BookingState) => row.from.includes(s)),
        `${job} fires ${row.name}`,
      );
    }
  });

  it('has each reminder wait only while the party is on, and be started by the row that confirms it', () => {
    for (const job of timers.filter((j) => timerReminds(j))) {
      assert.deepEqual(TIMERS[job].pendingIn, ['confirmed']);
      assert.ok(rowOf('accept').timers.start.some((t) => t.job === job && t.anchor === 'starts_at' && Number(t.delay) < 0));
    }
  });

  it('forbids cancelling a party once it is live, completed or paid out', () => {
    for (const s of ['live', 'completed', 'paid_out'] as const)
      for (const actor of ['host', 'dj', 'admin'] as const)
        assert.deepEqual(
          availableTransitions(s, actor).filter((n) => n.startsWith('cancel')),
          [],
        );
    assert.ok(isFinal('paid_out') && isFinal('no_show') && !isFinal('completed'));
  });
});

describe('the DJ’s answer deadline (decision 019)', () => {
  const at = (iso: string) => new Date(iso);
  it('is 48 hours for a party far away', () => {
    assert.equal(
      answerDeadline(at('2026-12-01T12:00:00Z'), at('2026-12-10T19:00:00Z')).toISOString(),
      '2026-12-03T12:00:00.000Z',
    );
  });
  it('ends 12 hours before a party 2–3 days away (issue 20: Wednesday request, Thursday 18:00 party)', () => {
    assert.equal(
      answerDeadline(at('2026-12-02T16:34:00Z'), at('2026-12-03T18:00:00Z')).toISOString(),
      '2026-12-03T06:00:00.000Z',
    );
  });
  it('is halfway to a party sooner than a day away', () => {
    assert.equal(
      answerDeadline(at('2026-12-01T12:00:00Z'), at('2026-12-01T16:00:00Z')).toISOString(),
      '2026-12-01T14:00:00.000Z',
    );
  });
  it('always ends before the start', () => {
    for (const hours of [1, 2, 6, 12, 13, 23, 24, 25, 47, 60, 100, 400]) {
      const paid = at('2026-12-01T12:00:00Z');
      const start = new Date(paid.getTime() + hours * 3_600_000);
      const d = answerDeadline(paid, start);
      assert.ok(d > paid && d < start, `${hours} h`);
      assert.ok(start.getTime() - d.getTime() >= Math.min(12 * 3_600_000, (start.getTime() - paid.getTime()) / 2));
    }
  });
});
