import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, useE2E } from './support/fixtures.ts';

const env = useE2E();

describe('accounts in the browser', () => {
  test('a person registers as a DJ, verifies the email from the dev outbox, logs out and back in', async () => {
    const page = await env.newPage({ viewport: DESKTOP });
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await env.screenshot(page, 'landing-desktop');

    await page.getByRole('link', { name: "I'm a DJ" }).click();
    await page.waitForURL(/\/register\?role=dj/);
    assert.equal(await page.getByRole('radio', { name: /Play parties/ }).isChecked(), true);

    // The shared schema refuses a short password before anything is sent.
    await page.getByLabel('Your name').fill('DJ Aurora');
    await page.getByLabel('Email').fill('aurora@example.test');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Use at least 12 characters.').waitFor();

    await page.getByLabel('Password').fill('northern lights all night');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/account/);
    await page.getByText('Your email is not confirmed yet').waitFor();

    await page.getByRole('link', { name: 'Dev outbox' }).click();
    await page.getByRole('button', { name: /Confirm your PartyStream email/ }).click();
    const link = page.getByRole('link', { name: /verify-email\?token=/ });
    const href = await link.getAttribute('href');
    assert.ok(href && new URL(href).origin === env.url, `mailed link points at the app: ${href}`);
    await link.click();
    await page.getByText('Your email is confirmed').waitFor();

    await page.getByRole('link', { name: 'Go to my account' }).click();
    await page.getByText('Email confirmed').waitFor();
    await page.getByText('This device').waitFor();
    await env.screenshot(page, 'account-desktop');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in' }).waitFor();

    await page.getByRole('link', { name: 'Log in' }).click();
    await page.getByLabel('Email').fill('aurora@example.test');
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Wrong email or password.').waitFor();
    await page.getByLabel('Password').fill('northern lights all night');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/account/);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    assert.equal(await page.getByText('DJ Aurora').count() > 0, true);
  });

  test('landing and account pages fit a 360 px phone', async () => {
    const user = await env.deps.auth.createUserDirect({ email: 'phone@example.test', displayName: 'Phone Host', role: 'host', password: 'phone host password' });
    const page = await env.newPage({ viewport: PHONE });
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await env.screenshot(page, 'landing-phone');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, 'no horizontal scroll');
    await env.loginAs(page, user);
    await page.goto('/account');
    await page.getByText('This device').waitFor();
    await env.screenshot(page, 'account-phone');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, 'no horizontal scroll');
  });
});
