/**
 * The real Stripe checkout path in the browser, without the internet: the server runs with the Stripe provider
 * (official SDK pointed at a local Stripe-speaking server), the checkout page loads a stand-in Stripe.js from that
 * server (STRIPE_JS_URL), the stand-in confirms the PaymentIntent there, and the server sends the signed webhook
 * back to the app — the same code paths as production, with Stripe replaced at the network edge.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { DESKTOP, useE2E } from './support/fixtures.ts';
import { startFakeStripe, type FakeStripe } from '../apps/server/test/support/stripe-server.ts';
import { createStripeClient, stripePayments } from '../apps/server/src/providers/payments/stripe.ts';

const WEBHOOK_SECRET = 'whsec_e2e_partystream';
let fake: FakeStripe;

const env = useE2E({
  async setup() {
    fake = await startFakeStripe();
    const stripe = createStripeClient({ secretKey: 'sk_test_e2e', host: '127.0.0.1', port: fake.port, protocol: 'http' });
    return {
      env: {
        PAYMENTS_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_e2e',
        STRIPE_PUBLISHABLE_KEY: 'pk_test_e2e',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_JS_URL: fake.stripeJsUrl,
      },
      overrides: { stripe, payments: stripePayments(stripe) },
    };
  },
});
after(async () => {
  await fake?.close();
});

describe('checkout with Stripe (stand-in Stripe.js, local Stripe API)', () => {
  test('a host books a DJ with payouts set up, pays on the Stripe checkout page and sees the booking confirmed', async () => {
    fake.sendWebhooksTo(`http://127.0.0.1:${env.server.port}/api/payments/webhooks/stripe`, WEBHOOK_SECRET);
    const { auth, dj: djs, availability, paymentService } = env.deps;

    // A DJ who finished Stripe Express onboarding and accepts automatically.
    const djUser = await auth.createUserDirect({
      email: 'sol@example.test',
      displayName: 'Sol',
      role: 'dj',
      password: 'sol dj password 12',
    });
    const profile = await djs.saveMine(
      djUser,
      DjProfileInputSchema.parse({
        stageName: 'DJ Sol',
        genres: ['house'],
        yearsExperience: 4,
        languages: ['en'],
        cityId: 'london',
        timeZone: 'Europe/London',
        currency: 'GBP',
        pricing: { kind: 'hourly', hourlyRateMinor: 12000, minHours: 2, maxHours: 5 },
        minNoticeHours: 2,
        cancellationPolicy: 'flexible',
        autoAccept: true,
      }),
    );
    await availability.setWeekly(djUser.id, {
      ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '12:00', end: '23:00' })),
    });
    await paymentService.startPayoutOnboarding(djUser);
    const acct = (await djs.getBookingTerms(profile.id)).stripeAccountId!;
    fake.completeOnboarding(acct);
    assert.equal((await paymentService.getPayoutStatus(djUser)).state, 'ready');

    const hostUser = await auth.createUserDirect({
      email: 'ines@example.test',
      displayName: 'Ines',
      role: 'host',
      password: 'ines host password',
    });
    const host = await env.newPage({ viewport: DESKTOP, timezoneId: 'Europe/Paris' });
    await env.loginAs(host, hostUser);
    await host.goto(`/djs/${profile.id}`);
    // Open dates are a month calendar (issue 20): next month every day is open; choose the first and book it.
    await host.locator('.rdp-button_next').click();
    await host.locator('.day-open button').first().click();
    await host.waitForFunction(() => document.querySelector('.rdp-selected') === document.querySelector('.day-open'));
    await host.getByTestId('day-windows').getByRole('link', { name: 'Book' }).first().click();
    await host.getByRole('heading', { name: 'Book DJ Sol' }).waitFor();
    await host.getByLabel('How long').selectOption('180');
    await host.getByTestId('total').filter({ hasText: '£360.00' }).waitFor();
    await host.getByRole('button', { name: 'Request and pay' }).click();
    await host.getByRole('heading', { name: 'Pay for your party' }).waitFor();

    // The Payment Element comes from the Stripe.js the server named (the stand-in), not the embedded card form.
    const card = host.getByLabel('Card number (stand-in Payment Element)');
    await card.waitFor();
    assert.equal(await host.getByLabel('Name on card').count(), 0, 'no embedded test-card form');
    assert.equal(await host.locator(`script[src="${fake.stripeJsUrl}"]`).count(), 1);
    const bookingId = new URL(host.url()).pathname.split('/').at(-2)!;
    const pi = [...fake.intents.values()].find((x) => (x.metadata as { booking_id: string }).booking_id === bookingId)!;
    assert.equal(
      pi.transfer_data && (pi.transfer_data as { destination: string }).destination,
      acct,
      'a destination charge to the DJ’s account',
    );

    // Declined in the browser: Stripe's message, the booking still waits for payment.
    await card.fill('4000 0000 0000 0002');
    await host.getByRole('button', { name: /^Pay / }).click();
    await host.getByText('Your card was declined.').waitFor();
    assert.equal((await env.deps.booking.get(hostUser, bookingId)).state, 'pending_payment');

    await card.fill('4242 4242 4242 4242');
    await host.getByRole('button', { name: /^Pay / }).click();
    await host.waitForURL(new RegExp(`/bookings/${bookingId}$`));
    await host.getByText('Confirmed').first().waitFor();
    await env.screenshot(host, 'stripe-checkout-confirmed-desktop');

    // Stripe sent the signed webhook; the app took it (200) and moved the booking only once.
    for (let i = 0; i < 50 && !fake.deliveries.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(fake.deliveries, [{ type: 'payment_intent.amount_capturable_updated', status: 200 }]);
    const booking = await env.deps.booking.get(hostUser, bookingId);
    assert.equal(booking.state, 'confirmed');
    assert.deepEqual(
      booking.events?.map((e) => e.transition),
      ['request', 'pay', 'accept'],
    );
    assert.equal(pi.status, 'succeeded', 'captured on auto-accept');
    assert.deepEqual(
      fake.requests.filter((r) => r.path.endsWith('/capture')).map((r) => r.idempotencyKey),
      [`capture:${bookingId}`],
    );
    assert.deepEqual((await env.deps.ledger.check()).problems, []);
  });
});
