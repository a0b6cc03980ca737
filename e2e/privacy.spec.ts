/**
 * Privacy rights in the browser (issue 17): a user downloads their data as one JSON file and deletes their account
 * after the confirmation; the privacy policy is one click from the footer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DESKTOP, useE2E } from './support/fixtures.ts';

const env = useE2E();
const PASSWORD = 'privacy please 2026';

describe('privacy rights in the browser', () => {
  test('a user exports their data and deletes their account', async () => {
    const user = await env.deps.auth.createUserDirect({
      email: 'pat@example.test',
      displayName: 'Privacy Pat',
      role: 'host',
      password: PASSWORD,
    });
    const page = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(page, user);
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Your data and privacy' }).waitFor();
    await env.expectAccessible(page, 'account privacy');

    // The footer links the policies (no cookie banner: only the essential session cookie).
    await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy' }).click();
    await page.getByRole('heading', { name: 'Privacy policy' }).waitFor();
    await page.getByRole('heading', { name: 'Cookies' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: 'Your data and privacy' }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^partystream-export-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8'));
    assert.equal(data.format, 'partystream-export');
    assert.equal(data.profile.email, 'pat@example.test');
    assert.equal(data.profile.displayName, 'Privacy Pat');
    assert.ok(Array.isArray(data.bookings) && Array.isArray(data.sessions) && data.sessions.length >= 1);
    await page.getByText('Your download has started.').waitFor();

    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const confirm = page.getByRole('form', { name: 'Confirm deletion' });
    const submit = confirm.getByRole('button', { name: 'Delete my account now' });
    assert.equal(await submit.isDisabled(), true, 'nothing happens before the box is ticked');
    await confirm.getByLabel('I understand that my account is deleted at once').check();
    await confirm.getByLabel('Your password').fill('not the password at all');
    await submit.click();
    await confirm.locator('.field-error, .alert-error').first().waitFor();
    assert.ok(await env.deps.auth.findUserIdByEmail('pat@example.test'), 'a wrong password deletes nothing');
    await env.screenshot(page, 'account-delete-confirm');

    await confirm.getByLabel('Your password').fill(PASSWORD);
    await submit.click();
    await page.waitForURL(/\/\?deleted=1$/);
    await page.getByText('Your account was deleted.').waitFor();
    assert.equal(await env.deps.auth.findUserIdByEmail('pat@example.test'), null, 'the email is gone');
    const res = await page.request.get('/api/auth/me');
    assert.equal(res.status(), 401, 'the browser session ended');
  });
});
