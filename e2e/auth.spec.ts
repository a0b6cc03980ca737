import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
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
    await page.getByText('Accept the terms and the privacy policy to sign up.').waitFor();
    await page.getByLabel(/I accept the terms of use/).check();
    await page.getByRole('button', { name: 'Create account' }).click();
    // Issue 20: a new DJ lands on the next useful step, their profile, not /account.
    await page.waitForURL(/\/dj\/profile\?welcome=1$/);
    await page.getByRole('heading', { name: 'Set up your DJ profile' }).waitFor();
    await page.getByText(/We also sent you an email to confirm your address/).waitFor();
    await page.goto('/account');
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
    // A DJ without a profile yet is taken to onboarding after logging in (issue 20).
    await page.waitForURL(/\/dj\/profile$/);
    await page.getByRole('heading', { name: 'Set up your DJ profile' }).waitFor();
  });

  test('landing and account pages fit a 360 px phone', async () => {
    const user = await env.deps.auth.createUserDirect({
      email: 'phone@example.test',
      displayName: 'Phone Host',
      role: 'host',
      password: 'phone host password',
    });
    const page = await env.newPage({ viewport: PHONE });
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await env.screenshot(page, 'landing-phone');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, 'no horizontal scroll');
    await assertNavReachable(page, ['Find a DJ', 'Log in', 'Sign up']);
    await env.loginAs(page, user);
    await page.goto('/account');
    await page.getByText('This device').waitFor();
    await env.screenshot(page, 'account-phone');
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= PHONE.width, 'no horizontal scroll');
    await assertNavReachable(page, ['Find a DJ', 'Account', 'Log out']);
    await page.getByRole('button', { name: 'Menu' }).click();
    await env.screenshot(page, 'menu-phone');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Log in' }).waitFor();
  });

  test('the account pages pass axe (WCAG 2.1 A/AA) on a phone and a desktop, with errors showing', async () => {
    const user = await env.deps.auth.createUserDirect({
      email: 'axe@example.test',
      displayName: 'Axe Host',
      role: 'host',
      password: 'accessible password',
    });
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await env.newPage({ viewport });
      const w = viewport.width;
      await page.goto('/');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await env.expectAccessible(page, `landing @${w}`);

      await page.goto('/register?role=host');
      await page.getByLabel('Your name').fill('Someone');
      await page.getByLabel('Email').fill('axe@example.test');
      await page.getByLabel('Password').fill('accessible password');
      await page.getByLabel(/I accept the terms of use/).check();
      await page.getByRole('button', { name: 'Create account' }).click();
      // The server's field error lands under the field it names.
      const emailError = page.locator('#f-email-error');
      await emailError.waitFor();
      assert.equal(await emailError.textContent(), 'An account with this email already exists.');
      assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
      await env.expectAccessible(page, `register with errors @${w}`);

      await page.goto('/login');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.locator('#f-email-error').waitFor();
      await env.expectAccessible(page, `login with errors @${w}`);

      await page.goto('/forgot-password');
      await page.getByLabel('Email').waitFor();
      await env.expectAccessible(page, `forgot password @${w}`);

      await page.goto('/reset-password?token=x');
      await page.getByLabel('New password').waitFor();
      await env.expectAccessible(page, `reset password @${w}`);

      await env.loginAs(page, user);
      await page.goto('/account');
      await page.getByText('This device').waitFor();
      await page.getByLabel('Current password').fill('not my password at all');
      await page.getByLabel('New password').fill('a new password for me');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.locator('#f-currentPassword-error').waitFor();
      assert.equal(await page.locator('#f-currentPassword-error').textContent(), 'Your current password is wrong.');
      await env.expectAccessible(page, `account with errors @${w}`);

      await page.goto('/dev/outbox');
      await page.getByRole('heading', { name: 'Dev outbox' }).waitFor();
      await env.expectAccessible(page, `dev outbox @${w}`);
    }
  });

  test('keyboard only: the phone menu opens and closes, and a person logs in without a mouse', async () => {
    await env.deps.auth.createUserDirect({
      email: 'keys@example.test',
      displayName: 'Keys',
      role: 'host',
      password: 'keyboard only please',
    });
    const page = await env.newPage({ viewport: PHONE });
    await page.goto('/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('html[data-app-ready]').waitFor({ state: 'attached' }); // hydrated (decision 042)
    const toggle = page.getByRole('button', { name: 'Menu' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Find a DJ', 'Tab moves into the opened menu');
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Menu', 'Escape returns focus to the toggle');

    await page.goto('/login?next=%2Faccount');
    await page.getByLabel('Email').focus();
    await page.keyboard.type('keys@example.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type('keyboard only please');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  });

  test('the account page lists my sessions and logs another device out', async () => {
    const user = await env.deps.auth.createUserDirect({
      email: 'devices@example.test',
      displayName: 'Two Devices',
      role: 'dj',
      password: 'two devices here',
    });
    await env.deps.auth.issueSession(user.id, {
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
    });
    const page = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(page, user);
    await page.goto('/account');
    const sessions = page.getByRole('region', { name: "Where you're logged in" }).getByRole('listitem');
    await page.getByText('This device').waitFor();
    assert.equal(await sessions.count(), 2);
    await page.getByRole('button', { name: 'Log out Firefox on Windows' }).click();
    await page.getByText('Firefox on Windows').waitFor({ state: 'detached' });
    assert.equal(await sessions.count(), 1);
    const left = await env.deps.auth.listSessions(user.id, '');
    assert.equal(left.length, 1, 'the other session is gone on the server too');
  });

  test('a broken confirmation link offers the logged-in owner a new one', async () => {
    const user = await env.deps.auth.createUserDirect({
      email: 'relink@example.test',
      displayName: 'Relink',
      role: 'host',
      password: 'relink password here',
      verified: false,
    });
    const page = await env.newPage({ viewport: PHONE });
    await page.goto('/verify-email?token=not-a-real-token');
    await page.getByRole('alert').waitFor();
    await page.getByRole('link', { name: 'Log in to get a new link' }).waitFor();

    await env.loginAs(page, user);
    await page.goto('/verify-email');
    await page.getByText('This link has no confirmation code').waitFor();
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await page.getByText('A new link is on its way.').waitFor();
    const mails = (await (await page.request.get('/api/dev/outbox?to=relink@example.test')).json()) as {
      messages: { text: string }[];
    };
    const link = /https?:\/\/\S+verify-email\?token=\S+/.exec(mails.messages[0]?.text ?? '')?.[0];
    assert.ok(link, 'a new link was mailed');
    await page.goto(link);
    await page.getByText('Your email is confirmed').waitFor();
  });

  test('a person who forgot the password resets it from the mailed link, then login follows ?next=', async () => {
    await env.deps.auth.createUserDirect({
      email: 'forgetful@example.test',
      displayName: 'Forgetful',
      role: 'dj',
      password: 'the old password',
    });
    const page = await env.newPage({ viewport: DESKTOP });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill('forgetful@example.test');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    // Failed twice under load (2026-12-03, cause not found): say what the page showed instead.
    await page
      .getByText('a reset link is on its way')
      .waitFor()
      .catch(async (e: unknown) => {
        const shown = await page
          .locator('main')
          .innerText()
          .catch(() => '(no main)');
        throw new Error(`${String(e)}\npage at ${page.url()} showed:\n${shown.slice(0, 600)}`);
      });

    await page.goto('/dev/outbox');
    await page.getByRole('button', { name: /Reset your PartyStream password/ }).click();
    await page.getByRole('link', { name: /reset-password\?token=/ }).click();
    await page.getByLabel('New password').fill('too short');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByText('Use at least 12 characters.').waitFor();
    assert.equal(await page.getByLabel('New password').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('New password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await page.getByText('Your password is changed').waitFor();

    await page.goto('/login?next=%2Fdjs');
    await page.getByLabel('Email').fill('forgetful@example.test');
    await page.getByLabel('Password').fill('the old password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Wrong email or password.').waitFor();
    await page.getByLabel('Password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/djs$/);

    // An absolute ?next= is not followed (no open redirect).
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in' }).waitFor();
    await page.goto('/login?next=https%3A%2F%2Fevil.example%2F');
    await page.getByLabel('Email').fill('forgetful@example.test');
    await page.getByLabel('Password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Log in' }).click();
    // Not evil.example: the app's own next step (a DJ without a profile goes to onboarding; issue 20).
    await page.waitForURL(/\/dj\/profile$/);
  });
});

/** On a phone the links sit behind the Menu button; opened, each named one is fully on screen. */
async function assertNavReachable(page: Page, names: string[]) {
  // Public pages are server-rendered and start the app after load (decision 042): the button works once hydrated.
  await page.locator('html[data-app-ready]').waitFor({ state: 'attached' });
  const toggle = page.getByRole('button', { name: 'Menu' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of names) {
    const item = nav.getByRole('link', { name, exact: true }).or(nav.getByRole('button', { name, exact: true }));
    const box = await item.boundingBox();
    assert.ok(box, `${name} is visible`);
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${name} fits the screen (${box.x}+${box.width})`);
  }
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
}
