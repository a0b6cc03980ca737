import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TIMERS,
  TRANSITION_NAMES,
  rowOf,
  type Actor,
  type BookingState,
  type TimerJob,
  type TransitionName,
} from '@partystream/shared/booking/booking.process';
import { useTestApp } from '../support/app.ts';
import { card, createDj, signedIn, signedInAdmin } from '../support/factories.ts';
import { faultyPayments } from '../support/payment-faults.ts';
import { localPayments } from '../../src/providers/payments/local.ts';
import { translator } from '../../src/features/notification/mail/catalogue.ts';

/**
 * The process table walked against the real server and database (decision 019): every row, from every state it
 * leaves, taken the way the product takes it (HTTP for people, the due timer for the system, a provider refusal
 * for a compensation). After each: the booking is in the row's `to`, the ledger balances and accounts for the
 * booking's money, no timer is left waiting for a state the booking has left, the row's mails went out, and
 * every actor the row does not list was refused beforehand without changing anything.
 */
const NOW = '2026-12-01T12:00:00Z';
const SLOT = { startsAt: '2026-12-04T19:00:00Z', endsAt: '2026-12-04T22:00:00Z' };
const faults = faultyPayments(localPayments(() => app.clock.now()));
const app = useTestApp({ now: NOW, overrides: { payments: faults.provider } });

afterEach(() => {
  faults.clear();
  app.clock.set(NOW);
});

type Walk = { dj: Awaited<ReturnType<typeof createDj>>; host: Awaited<ReturnType<typeof signedIn>>; id: string };

const drain = () => app.deps.jobs.drain();
const post = async (c: { client: Walk['host']['client'] }, path: string, body: unknown = {}) => {
  const res = await c.client.post(path, body);
  assert.equal(res.status, path === '/api/bookings' ? 201 : 200, `${path}: ${res.text}`);
  return res.body.booking;
};
const booking = async (w: Walk) => (await w.host.client.get(`/api/bookings/${w.id}`)).body.booking;

/** How each row is taken in the product. */
const take: Record<TransitionName, (w: Walk) => Promise<void>> = {
  request: async (w) => {
    w.id = (await post(w.host, '/api/bookings', { djProfileId: w.dj.profile.id, ...SLOT })).id;
  },
  pay: async (w) => void (await post(w.host, `/api/bookings/${w.id}/pay`, card())),
  accept: async (w) => void (await post(w.dj, `/api/bookings/${w.id}/accept`)),
  decline: async (w) => void (await post(w.dj, `/api/bookings/${w.id}/decline`)),
  expire_hold: async () => {
    app.clock.advance(16 * 60_000);
    await drain();
  },
  expire_acceptance: async (w) => {
    app.clock.set(new Date(Date.parse((await booking(w)).acceptBy) + 60_000));
    await drain();
  },
  cancel_by_host_unpaid: async (w) => void (await post(w.host, `/api/bookings/${w.id}/cancel`)),
  cancel_by_host_pending: async (w) => void (await post(w.host, `/api/bookings/${w.id}/cancel`)),
  cancel_by_host: async (w) => void (await post(w.host, `/api/bookings/${w.id}/cancel`)),
  cancel_by_dj: async (w) => void (await post(w.dj, `/api/bookings/${w.id}/cancel`)),
  start: async () => {
    app.clock.set(SLOT.startsAt);
    await drain();
  },
  complete: async () => {
    app.clock.set(SLOT.endsAt);
    await drain();
  },
  report_no_show: async (w) => void (await post(w.host, `/api/bookings/${w.id}/no-show`)),
  refund_by_admin: async (w) => {
    const admin = await signedInAdmin(app);
    const res = await admin.client.post(`/api/admin/bookings/${w.id}/refund`, {
      amountMinor: 1000,
      reason: 'Sound dropped out.',
    });
    assert.equal(res.status, 200, res.text);
  },
  payout: async () => {
    app.clock.set(new Date(Date.parse(SLOT.endsAt) + 24 * 3_600_000 + 60_000));
    await drain();
  },
  capture_failed: async (w) => {
    // The capture of the acceptance is refused for good: the payment job compensates.
    faults.inject('capture', 'permanent', { key: `capture:${w.id}` });
    await post(w.dj, `/api/bookings/${w.id}/accept`);
    await drain();
  },
  payout_failed: async (w) => {
    // The pay-out the `payout` row decides is refused for good: the payment job compensates.
    faults.inject('payout', 'permanent', { key: `payout:${w.id}` });
    await take.payout(w);
  },
};

/** The happy path to each state a row can leave (capture_failed is taken from `confirmed` in its own way). */
const PATH: Partial<Record<BookingState, TransitionName[]>> = {
  pending_payment: ['request'],
  pending_acceptance: ['request', 'pay'],
  confirmed: ['request', 'pay', 'accept'],
  live: ['request', 'pay', 'accept', 'start'],
  completed: ['request', 'pay', 'accept', 'start', 'complete'],
  paid_out: ['request', 'pay', 'accept', 'start', 'complete', 'payout'],
};

async function walkTo(state: BookingState | null): Promise<Walk> {
  const w = { dj: await createDj(app), host: await signedIn(app, 'host'), id: '' } as Walk;
  for (const step of state ? PATH[state]! : []) await take[step](w);
  if (state) assert.equal((await booking(w)).state, state, `reached ${state}`);
  return w;
}

/** Pending timer jobs of the booking, by job name. */
async function pendingTimers(id: string): Promise<TimerJob[]> {
  const res = (await app.deps.db.execute(
    `select name from jobs where status = 'pending' and payload ->> 'bookingId' = '${id}' and name like 'booking.%'`,
  )) as unknown as { rows: { name: string }[] };
  return res.rows.map((r) => r.name).filter((n): n is TimerJob => n in TIMERS);
}

async function outboxSubjects(email: string): Promise<string[]> {
  const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
  return res.body.messages.map((m: { subject: string }) => m.subject);
}

describe('every row of the process table, against the database', () => {
  for (const name of TRANSITION_NAMES) {
    const t = rowOf(name);
    // The compensations start one step earlier, with the row whose provider call is refused: capture_failed
    // from `confirmed` by a refused capture of the acceptance (its later states are in
    // payment-after-commit.test.ts), payout_failed from `paid_out` by a refused pay-out of the `payout` row.
    const froms: (BookingState | null)[] =
      name === 'capture_failed'
        ? ['pending_acceptance']
        : name === 'payout_failed'
          ? ['completed']
          : t.from.length
            ? [...t.from]
            : [null];
    for (const from of froms) {
      test(`${name} from ${from ?? '(nothing)'} → ${t.to}`, async () => {
        const w = await walkTo(from);
        if (w.id) {
          for (const actor of ['host', 'dj', 'system', 'admin'] as Actor[]) {
            if (t.actors.includes(actor)) continue;
            await assert.rejects(app.deps.booking.move(w.id, name, { actor }), { code: 'BOOKING_INVALID_TRANSITION' });
          }
          assert.equal((await booking(w)).state, from, 'refused actors changed nothing');
        }
        await take[name](w);
        await drain();
        const after = await booking(w);
        assert.equal(after.state, t.to);
        assert.equal(after.events.at(-1).transition, name, 'the audit row names the row');
        assert.deepEqual((await app.deps.ledger.check()).problems, [], 'the ledger balances and accounts for the money');
        for (const job of await pendingTimers(w.id))
          assert.ok(
            (TIMERS[job].pendingIn as readonly BookingState[]).includes(t.to),
            `${job} still waits although the booking left its states`,
          );
        for (const m of t.mails) {
          const to = m.to === 'host' ? w.host.user.email : w.dj.user.email;
          const subject = translator('en')(`${m.template}.subject`);
          assert.ok((await outboxSubjects(to)).includes(subject), `${m.template} sent to the ${m.to}`);
        }
      });
    }
  }
});

describe('the DJ’s answer deadline and late requests (decision 019)', () => {
  test('a party a day and a half away must be answered 12 hours before it starts, and the timer follows', async () => {
    app.clock.set('2026-12-03T07:00:00Z');
    const w = await walkTo('pending_acceptance');
    const b = await booking(w);
    assert.equal(b.acceptBy, '2026-12-04T07:00:00.000Z');
    app.clock.set('2026-12-04T07:01:00Z');
    await drain();
    assert.equal((await booking(w)).state, 'expired');
  });

  test('a party in less than an hour is refused for a DJ who answers by hand, and confirmed for one who auto-accepts', async () => {
    const weekly = [{ weekday: 2, start: '12:00', end: '23:00' }]; // Tuesdays, Berlin time
    const soon = { startsAt: '2026-12-01T12:45:00Z', endsAt: '2026-12-01T14:45:00Z' };
    for (const autoAccept of [false, true]) {
      const dj = await createDj(app, { profile: { autoAccept, minNoticeHours: 0 }, weekly });
      const host = await signedIn(app, 'host');
      const res = await host.client.post('/api/bookings', { djProfileId: dj.profile.id, ...soon });
      if (!autoAccept) {
        assert.equal(res.status, 409, res.text);
        assert.equal(res.body.code, 'BOOKING_SLOT_UNAVAILABLE');
        assert.match(res.body.detail, /too soon for the DJ to answer/);
        continue;
      }
      assert.equal(res.status, 201, res.text);
      const paid = await host.client.post(`/api/bookings/${res.body.booking.id}/pay`, card());
      assert.equal(paid.body.booking.state, 'confirmed');
    }
  });
});
