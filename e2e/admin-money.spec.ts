/**
 * Issue 16 in the browser, beyond e2e/admin.spec.ts: a reported review removed in the console is seen by its
 * author with the reason (and restored); an admin refunds part of a completed party from the money desk and the
 * host sees it on the booking; a refund on a booking whose charge is disputed meanwhile is refused, and the console
 * (in French) says why in a sentence, before and after a reload.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { OffsetClock } from '../apps/server/src/clock.ts';
import { DESKTOP, useE2E } from './support/fixtures.ts';
import { loginAsVerifiedAdmin } from './support/admin-session.ts';

// A movable clock: the parties are booked and played in the past, so they are completed but not yet paid out.
const clock = new OffsetClock();
const env = useE2E({ setup: async () => ({ overrides: { clock } }) });
const HOUR = 3_600_000;
const CARD = { cardNumber: '4242424242424242', expiry: '12/40', cvc: '123', name: 'Card Holder' };

async function user(email: string, displayName: string, role: User['role']) {
  return env.deps.auth.createUserDirect({ email, displayName, role, password: `${role} password 12345` });
}

async function makeDj(): Promise<{ user: User; profileId: string }> {
  const dj = await user('vega@example.test', 'DJ Vega', 'dj');
  const profile = await env.deps.dj.saveMine(
    dj,
    DjProfileInputSchema.parse({
      stageName: 'DJ Vega',
      genres: ['house'],
      yearsExperience: 6,
      languages: ['en'],
      cityId: 'london',
      timeZone: 'UTC',
      currency: 'EUR',
      pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 2, maxHours: 5 },
      minNoticeHours: 2,
      autoAccept: true,
      cancellationPolicy: 'flexible',
      bio: 'House music for living rooms.',
    }),
  );
  await env.deps.availability.setWeekly(dj.id, {
    ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:30' })),
  });
  await env.deps.paymentService.startPayoutOnboarding(dj);
  return { user: dj, profileId: profile.id };
}

/** A paid two-hour party starting at the first whole hour `afterHours` from the clock's now. */
async function paidParty(host: User, profileId: string, afterHours: number) {
  const startsAt = new Date(Math.ceil((clock.now().getTime() + afterHours * HOUR) / HOUR) * HOUR);
  const endsAt = new Date(startsAt.getTime() + 2 * HOUR);
  const { booking: b } = await env.deps.booking.request(host, {
    djProfileId: profileId,
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    note: '',
  });
  await env.deps.booking.pay(host, b.id, { ...CARD, name: host.displayName });
  return { id: b.id, endsAt };
}

describe('admin console: moderation notices, refunds and disputes in the browser', () => {
  test('a removed review shows its author the reason; a partial refund reaches the host; a disputed refund is refused in French', async () => {
    const { booking, review, jobs, money, db } = env.deps;
    // Three days ago at 06:00 UTC: both parties (from +3 h and +7 h, two hours each) then fit the DJ's 00:00–23:30
    // whatever the time of day the test runs (from 14:30 UTC on, "+7 h" used to cross midnight).
    const base = new Date(Date.now() - 3 * 24 * HOUR);
    base.setUTCHours(6, 0, 0, 0);
    clock.set(base);
    const admin = await user('desk@example.test', 'Desk Admin', 'admin');
    const hana = await user('hana@example.test', 'Hana', 'host');
    const leo = await user('leo@example.test', 'Leo', 'host');
    const rita = await user('rita@example.test', 'Rita', 'host');
    const dj = await makeDj();

    // Two parties played and completed; the pay-out waits a day, so an admin may still refund them.
    const a = await paidParty(hana, dj.profileId, 3);
    const b = await paidParty(leo, dj.profileId, 7);
    clock.set(new Date(b.endsAt.getTime() + 30 * 60_000));
    await jobs.drain();
    for (const [who, id] of [
      [hana, a.id],
      [leo, b.id],
    ] as const)
      assert.equal((await booking.listMine(who)).find((x) => x.id === id)?.state, 'completed');

    // Hana's review of party A is published, then reported by Rita.
    const written = await review.submit(hana, a.id, { stars: 1, text: 'Too loud. Call me on 555-0199 for details.' });
    await review.submit(dj.user, a.id, { stars: 4, text: 'Friendly host.' });
    await review.report(rita, written.id, 'private_information', 'A phone number.');

    // The admin removes it in the console, with a reason.
    const desk = await env.newPage({ viewport: DESKTOP });
    await loginAsVerifiedAdmin(env, desk, admin);
    await desk.goto('/admin');
    await desk.getByRole('heading', { name: 'Admin console' }).waitFor();
    await desk.getByRole('button', { name: /^Moderation/ }).click();
    const report = desk.getByTestId('admin-report').filter({ hasText: '555-0199' });
    await report.waitFor();
    const removal = 'Phone numbers are not allowed in reviews.';
    await desk.getByLabel(/^Reason/).fill(removal);
    await report.getByRole('button', { name: 'Remove' }).click();
    await report.waitFor({ state: 'detached' });
    await desk.getByTestId('admin-removal').filter({ hasText: '555-0199' }).getByText(removal).waitFor();

    // Hana sees on her review page that it was removed, and why.
    const host = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(host, hana);
    await host.goto(`/bookings/${a.id}/review`);
    const notice = host.getByTestId('moderation-notices');
    await notice.getByText(`reason: ${removal}`).waitFor();
    assert.match(await notice.innerText(), /Your review/);

    // Money desk: a partial refund of party A (12.50 of its total), with a reason.
    await desk.getByRole('button', { name: /^Money/ }).click();
    const cardA = desk.getByTestId('admin-money-issue').filter({ hasText: 'Hana' });
    await cardA.getByLabel(/^Refund amount/).fill('12.50');
    await cardA.getByLabel(/^Reason/).fill('The sound dropped for fifteen minutes.');
    await cardA.getByRole('button', { name: 'Decide the refund' }).click();
    await cardA.getByRole('status').filter({ hasText: 'Refund decided: €12.50.' }).waitFor();
    await cardA.getByText('refunded €12.50').waitFor();
    await env.screenshot(desk, 'admin-money-refund-desktop');

    // The host sees the refund on the booking: the amount and the history line.
    await host.goto(`/bookings/${a.id}`);
    await host.getByText('Partly or fully refunded — decided by PartyStream support').waitFor();
    const refunded = host.locator('dt', { hasText: /^Refunded$/ }).locator('xpath=following-sibling::dd[1]');
    assert.equal((await refunded.innerText()).replace(/\s/g, ' '), '€12.50');

    // In French: the form for party B is open when Leo's bank disputes the charge; the refund is refused.
    const fr = await env.newPage({ viewport: DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await loginAsVerifiedAdmin(env, fr, admin);
    await fr.goto('/admin');
    await fr.getByRole('heading', { name: 'Console d’administration' }).waitFor();
    await fr.getByRole('button', { name: /^Argent/ }).click();
    const cardB = fr.getByTestId('admin-money-issue').filter({ hasText: 'Leo' });
    await cardB.getByLabel(/^Montant remboursé/).fill('20');
    await cardB.getByLabel(/^Motif/).fill('Le son était mauvais.');
    const { rows } = (await db.execute(sql`select provider_payment_id from payments where booking_id = ${b.id}`)) as unknown as {
      rows: { provider_payment_id: string }[];
    };
    await db.transaction((tx) =>
      money.applyProviderDispute(tx, {
        id: 'dp_e2e_1',
        providerPaymentId: rows[0]!.provider_payment_id,
        amountMinor: 5000,
        status: 'needs_response',
      }),
    );
    await cardB.getByRole('button', { name: 'Décider le remboursement' }).click();
    const refusal = cardB.getByRole('alert');
    await refusal.filter({ hasText: 'un remboursement le rendrait deux fois' }).waitFor();
    await env.screenshot(fr, 'admin-money-dispute-refused-fr');
    await fr.reload();
    await fr.getByRole('button', { name: /^Argent/ }).click();
    await cardB.getByTestId('refund-blocked').filter({ hasText: 'contestation de paiement est ouverte' }).waitFor();
    assert.equal(await cardB.getByRole('button', { name: 'Décider le remboursement' }).count(), 0, 'no refund form');
    assert.equal((await booking.listMine(leo)).find((x) => x.id === b.id)?.refundedMinor ?? 0, 0, 'nothing refunded');

    // The admin restores Hana's review; her page says so, with the reason.
    await desk.getByRole('button', { name: /^Moderation/ }).click();
    const removed = desk.getByTestId('admin-removal').filter({ hasText: '555-0199' });
    await desk.getByLabel(/^Reason/).fill('The number is the venue’s, not private.');
    await removed.getByRole('button', { name: 'Restore' }).click();
    await removed.waitFor({ state: 'detached' });
    await host.goto(`/bookings/${a.id}/review`);
    await host
      .getByTestId('moderation-notice')
      .getByText(/^Restored on .*: The number is the venue’s, not private\.$/)
      .waitFor();
    clock.reset();
  });
});
