/**
 * Issue 18, the inbox page at 390 px: from the bell's "See all" to /inbox, 20 items and "Load more" for the rest
 * (keyset pages), an item marked read on its own, then all; a new item arrives live at the top; nothing is wider
 * than the phone; the same page in French.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { middayClock, useE2E } from './support/fixtures.ts';

const clock = middayClock();
const env = useE2E({ setup: async () => ({ overrides: { clock } }) });
const PHONE_390 = { width: 390, height: 844 };

describe('the inbox page', () => {
  test('25 notifications: 20, then “Load more”; mark one read, then all; a new one arrives live; French too', async () => {
    const { auth, inbox, db } = env.deps;
    const user = await auth.createUserDirect({
      email: 'ines@example.test',
      displayName: 'Inès',
      role: 'host',
      password: 'ines host password 1',
    });
    const startsAt = (i: number) => new Date(Date.UTC(2027, 0, 1 + i, 19)).toISOString();
    await db.transaction((tx) =>
      inbox.add(
        tx,
        Array.from({ length: 25 }, (_, i) => ({
          userId: user.id,
          kind: 'booking.confirmed',
          data: { startsAt: startsAt(i) },
          key: `e2e-${i}`,
        })),
      ),
    );

    const page = await env.newPage({ viewport: PHONE_390, timezoneId: 'Europe/Madrid' });
    await env.loginAs(page, user);
    await page.goto('/bookings');
    await page.getByRole('button', { name: 'Notifications, 25 unread' }).click();
    await page.getByRole('link', { name: 'See all notifications' }).click();
    await page.waitForURL('**/inbox');
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const list = page.getByRole('list', { name: 'Notifications' });
    const items = list.getByRole('listitem');
    await page.getByText('25 unread').waitFor();
    assert.equal(await items.count(), 20, 'the first page');

    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('That is all your notifications.').waitFor();
    assert.equal(await items.count(), 25, 'every item, once');
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);
    // The oldest item (1 January) is last; nothing on the page is wider than the phone.
    assert.match((await items.last().textContent()) ?? '', /Jan 1,/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await env.screenshot(page, 'inbox-page-phone');
    await env.expectAccessible(page, 'the inbox page');

    await items
      .last()
      .getByRole('button', { name: /^Mark read: / })
      .click();
    await page.getByText('24 unread').waitFor();
    await page.getByRole('button', { name: 'Notifications, 24 unread' }).waitFor();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('0 unread').waitFor();
    await page.getByRole('button', { name: 'Notifications, 0 unread' }).waitFor();
    assert.equal(await list.locator('li.unread').count(), 0);

    // Something new happens while the page is open: it arrives at the top without a reload.
    const told = await db.transaction((tx) =>
      inbox.add(tx, [{ userId: user.id, kind: 'party.reminder_1h', data: { startsAt: startsAt(30) }, key: 'e2e-live' }]),
    );
    await inbox.announce(told);
    await page.getByText('1 unread').waitFor();
    await items
      .first()
      .getByText(/Reminder: your party starts in an hour/)
      .waitFor();

    // In French: the same page, worded in French.
    const fr = await env.newPage({ viewport: PHONE_390, timezoneId: 'Europe/Paris', locale: 'fr-FR' });
    await env.loginAs(fr, user);
    await fr.goto('/inbox');
    await fr.getByText('1 non lue').waitFor();
    await fr.getByRole('button', { name: 'Afficher plus' }).click();
    await fr.getByText('Vous avez vu toutes vos notifications.').waitFor();
    assert.equal(await fr.getByRole('list', { name: 'Notifications' }).getByRole('listitem').count(), 26);
  });
});
