/**
 * Issue 16, shown by: an admin signs in with TOTP, approves a music licence, removes a reported chat message,
 * suspends a DJ and changes the fee; a new booking uses the new fee; the audit log lists each action. Screenshots
 * of the console at 390 px and 1280 px.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { DjProfileInputSchema, DjSearchQuerySchema } from '@partystream/shared/dj/dj.schemas';
import { currentTotp } from '../apps/server/src/features/admin/second-factor.ts';
import { OffsetClock } from '../apps/server/src/clock.ts';
import { DESKTOP, useE2E, type E2E } from './support/fixtures.ts';

// A movable clock: the phone's sign-in needs the authenticator's next 30-second code (one code opens one session).
const clock = new OffsetClock();
const env = useE2E({ setup: async () => ({ overrides: { clock } }) });
const HOUR = 3_600_000;
const PHONE_390 = { width: 390, height: 844 };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function makeDj(e: E2E, email: string, stageName: string): Promise<{ user: User; profileId: string }> {
  const { auth, dj, availability } = e.deps;
  const user = await auth.createUserDirect({ email, displayName: stageName, role: 'dj', password: 'dj password 12345' });
  const profile = await dj.saveMine(
    user,
    DjProfileInputSchema.parse({
      stageName,
      genres: ['house'],
      yearsExperience: 5,
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
  await availability.setWeekly(user.id, {
    ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:30' })),
  });
  await e.deps.paymentService.startPayoutOnboarding(user);
  return { user, profileId: profile.id };
}

async function slot(e: E2E, profileId: string, afterHours: number) {
  const from = Date.now() + afterHours * HOUR;
  const open = await e.deps.availability.openIntervals(profileId, from, from + 3 * 24 * HOUR);
  for (const w of open) {
    const start = Math.ceil(w.start / HOUR) * HOUR;
    if (start + 2 * HOUR <= w.end)
      return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString() };
  }
  throw new Error('no open two-hour slot');
}

describe('admin console in the browser', () => {
  test('TOTP sign-in, licence approved, chat message removed, DJ suspended, fee changed and used; audit log lists each', async () => {
    const { auth, booking, partyRoom, licence, db } = env.deps;
    const admin = await auth.createUserDirect({
      email: 'ops@example.test',
      displayName: 'Ops Admin',
      role: 'admin',
      password: 'admin password 1234',
    });
    const nova = await makeDj(env, 'nova@example.test', 'DJ Nova');
    const spam = await makeDj(env, 'spam@example.test', 'DJ Spammy');
    const host = await auth.createUserDirect({
      email: 'hana@example.test',
      displayName: 'Hana',
      role: 'host',
      password: 'host password 1234',
    });

    await licence.upload(nova.user, { kind: 'prs', territory: 'GB', expiresOn: '2099-06-30' }, PDF);
    const first = await booking.request(host, { note: '', djProfileId: nova.profileId, ...(await slot(env, nova.profileId, 3)) });
    assert.equal(first.booking.price.feeBps, 1500);
    const paid = await booking.pay(host, first.booking.id, {
      cardNumber: '4242424242424242',
      expiry: '12/40',
      cvc: '123',
      name: 'Hana',
    });
    assert.ok(paid.partyToken);
    const partyId = (
      (await db.execute(sql`select id from parties where booking_id = ${first.booking.id}`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows[0]!.id;
    const writer = { partyId, role: 'guest' as const, name: 'Troll', key: `user:${spam.user.id}`, inviteId: null };
    const msg = await partyRoom.sendChat(writer, 'Follow my channel for free bitcoin!!!');
    await partyRoom.reportChat({ ...writer, name: 'Hana', key: `user:${host.id}` }, msg.id);

    // A host is not shown the console.
    const hostPage = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(hostPage, host);
    await hostPage.goto('/admin');
    await hostPage.waitForURL((u) => u.pathname === '/');

    // Sign in: password session, then the authenticator (enrolled here with the QR code).
    const page = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(page, admin);
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await page.getByRole('button', { name: 'Set up authenticator' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = await page.getByTestId('totp-secret').innerText();
    await page.getByLabel('Code from the app (or a recovery code)').fill(currentTotp(secret, env.deps.clock.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    await page.getByRole('button', { name: /open the console/ }).click();
    await page.getByRole('heading', { name: 'Admin console' }).waitFor();
    await page.locator('.admin-charts svg').first().waitFor();
    await env.screenshot(page, 'admin-overview-desktop');

    // Licence: approve DJ Nova's PRS licence.
    await page.getByRole('button', { name: /^Licences/ }).click();
    const lic = page.getByTestId('admin-licence').filter({ hasText: 'DJ Nova' });
    await lic.getByText('PRS licence').waitFor();
    await lic.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Nothing here.').waitFor();

    // Moderation: remove the reported chat message with a reason.
    await page.getByRole('button', { name: /^Moderation/ }).click();
    const report = page.getByTestId('admin-report').filter({ hasText: 'free bitcoin' });
    await report.waitFor();
    await page.getByLabel(/^Reason/).fill('Spam in the party chat.');
    await report.getByRole('button', { name: 'Remove' }).click();
    // The queue empties (the section also lists removed content, with its own "Nothing here.").
    await report.waitFor({ state: 'detached' });

    // Users: suspend DJ Spammy.
    await page.getByRole('button', { name: /^Users/ }).click();
    await page.getByLabel('Search by name or email').fill('Spammy');
    const row = page.getByTestId('admin-user').filter({ hasText: 'spam@example.test' });
    await page.getByLabel(/^Reason/).fill('Posts scam links in parties.');
    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.getByText('Suspended: Posts scam links in parties.').waitFor();
    // Their file: the report about their chat message and what was removed of it.
    await row.getByRole('button', { name: 'Bookings and reports' }).click();
    const file = row.getByTestId('admin-user-detail');
    await file
      .getByRole('region', { name: 'Reports about their content' })
      .getByText(/free bitcoin/)
      .waitFor();
    await file.getByRole('region', { name: 'Bookings' }).waitFor();

    // Money: the fee goes to 10 %.
    await page.getByRole('button', { name: /^Money/ }).click();
    await page.getByRole('heading', { name: 'Platform fee: 15 %' }).waitFor();
    await page.getByLabel('New fee in %').fill('10');
    await page.getByLabel(/^Reason/).fill('Winter promotion.');
    await page.getByRole('button', { name: 'Save fee' }).click();
    await page.getByRole('heading', { name: 'Platform fee: 10 %' }).waitFor();

    // A new booking uses the new fee; the suspended DJ is out of search and cannot be booked.
    const second = await booking.request(host, {
      note: '',
      djProfileId: nova.profileId,
      ...(await slot(env, nova.profileId, 30)),
    });
    assert.equal(second.booking.price.feeBps, 1000);
    const search = await env.deps.dj.search(DjSearchQuerySchema.parse({}));
    assert.ok(!search.items.some((c) => c.id === spam.profileId), 'the suspended DJ is not listed');
    assert.ok(search.items.some((c) => c.id === nova.profileId));

    // The audit log lists each action.
    await page.getByRole('button', { name: /^Audit log/ }).click();
    for (const action of ['licence.approved', 'report.removed', 'user.suspended', 'fee.changed', 'admin.second_factor_enabled'])
      await page.getByTestId('audit-row').filter({ hasText: action }).first().waitFor();
    await env.screenshot(page, 'admin-audit-desktop');

    // The same console on a 390 px phone.
    const phone = await env.newPage({ viewport: PHONE_390 });
    await env.loginAs(phone, admin);
    await phone.goto('/admin');
    await phone.getByLabel('Code from the app (or a recovery code)').waitFor();
    clock.set(new Date(clock.now().getTime() + 30_000)); // the next time step, without waiting up to 30 s for it
    await phone.getByLabel('Code from the app (or a recovery code)').fill(currentTotp(secret, env.deps.clock.now()));
    await phone.getByRole('button', { name: 'Confirm' }).click();
    await phone.getByRole('heading', { name: 'Admin console' }).waitFor();
    await phone.locator('.admin-charts svg').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling on a phone (${overflow}px)`);
    await env.screenshot(phone, 'admin-overview-phone');
    await phone.getByRole('button', { name: /^Audit log/ }).click();
    await phone.getByTestId('audit-row').first().waitFor();
    await env.screenshot(phone, 'admin-audit-phone');
  });
});
