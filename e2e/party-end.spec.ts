/**
 * Issue 19, the party night finished in the browser: the DJ runs the night from the go-live console (preview,
 * health graph, chat, requests marked played, polls), a guest watches on a phone with the player's own controls
 * (volume, mute, fullscreen, picture-in-picture, whose party it is), the host sees who is here; the DJ ends the
 * party after its booked end and everyone gets the wrap screen with the set list, and the booking is completed.
 * Screenshots at 390 and 1280 px, in English and Spanish, go to docs/screenshots.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ARTIFACTS, DESKTOP, middayClock, useE2E } from './support/fixtures.ts';
import { bookedParty } from './support/booked-party.ts';

// The server's day starts at midday (a party 20 minutes ahead never straddles midnight); the test moves it on.
const clock = middayClock();
const env = useE2E({
  mediaArgs: true,
  env: { SFU_ICE_LOOPBACK: 'true', SFU_FORWARD_WORKERS: '1' },
  setup: async () => ({ overrides: { clock } }),
});
const PHONE_390 = { width: 390, height: 844 };
const docs = join(ARTIFACTS, '..', 'docs/screenshots');

async function shot(page: Page, name: string) {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.querySelector('.console-room')?.scrollTo(0, 0);
  });
  mkdirSync(docs, { recursive: true });
  copyFileSync(await env.screenshot(page, name), join(docs, `${name}.png`));
}
/** Elements reaching past the viewport's right edge (none: the page fits without sideways scrolling). */
const sideways = (page: Page) =>
  page.evaluate(() =>
    document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1
      ? []
      : Array.from(document.querySelectorAll('body *'))
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .filter((e) => getComputedStyle(e).position !== 'fixed' && !e.closest('.visually-hidden'))
          .slice(0, 5)
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}.${Array.from(e.classList).join('.')} ${Math.round(e.getBoundingClientRect().right)}`,
          ),
  );

describe('the end of the party in the browser', () => {
  test('the DJ runs the night from the console and ends it after the booked end: guests see the wrap with the set list, the booking is completed', async () => {
    const { booking, party } = env.deps;
    const {
      djUser,
      host: hostUser,
      token,
      invite: code,
      start,
      bookingId,
    } = await bookedParty(env, clock, 'end', { dj: 'Mara', host: 'Sol', languages: ['en', 'es'], openDoors: false });
    const end = new Date(start.getTime() + 3_600_000);
    const codeEs = new URL((await party.createInvite(token, hostUser, 'Lucía')).link).searchParams.get('invite')!;
    // The party is on: its start has passed (the jobs runner takes `start`).
    clock.set(new Date(start.getTime() + 5 * 60_000));

    // The DJ's console on a desktop: preview, go live, the room beside it.
    const dj = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(dj, djUser);
    await dj.goto(`/party/${token}/live`);
    await dj.getByTestId('room-console').waitFor();
    await dj.getByRole('button', { name: 'Go live' }).click();
    await dj.getByTestId('publish-state').waitFor({ timeout: 15_000 });

    // A guest on a phone: whose party, the player's controls, the live picture.
    const guest = await env.newPage({ viewport: PHONE_390 });
    await guest.goto(`/party/${token}/room?invite=${code}`);
    assert.equal(await guest.getByTestId('party-name').innerText(), "Sol's party");
    assert.equal(await guest.getByTestId('dj-name').innerText(), 'On the decks: DJ Mara');
    await guest.getByTestId('stream-state').filter({ hasText: 'LIVE' }).waitFor({ timeout: 20_000 });
    assert.match((await guest.getByTestId('player-title').textContent()) ?? '', /Sol's party\s*On the decks: DJ Mara/);
    const controls = guest.getByRole('group', { name: 'Player controls' });
    await controls.getByRole('button', { name: 'Unmute' }).click();
    assert.equal(
      await guest.evaluate(() => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).muted),
      false,
    );
    await controls.getByLabel('Volume').fill('40');
    assert.equal(
      await guest.evaluate(() => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).volume),
      0.4,
    );
    await controls.getByRole('button', { name: 'Mute' }).click();
    assert.equal(
      await guest.evaluate(() => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).muted),
      true,
    );
    await controls.getByRole('button', { name: 'Full screen' }).click();
    await controls.getByRole('button', { name: 'Exit full screen' }).waitFor();
    assert.equal(await guest.evaluate(() => document.fullscreenElement?.className), 'player');
    assert.equal(await guest.getByTestId('player-title').isVisible(), true, 'whose party stays on screen in fullscreen');
    await controls.getByRole('button', { name: 'Exit full screen' }).click();
    await controls.getByRole('button', { name: 'Full screen' }).waitFor();
    assert.equal(await controls.getByRole('button', { name: 'Picture in picture' }).count(), 1);
    assert.deepEqual(await sideways(guest), [], 'the room fits 390 px');

    // A request, played from the console; the host sees who is here.
    await guest.getByLabel('Song', { exact: true }).fill('Music Sounds Better');
    await guest.getByLabel('Artist', { exact: true }).fill('Stardust');
    await guest.getByRole('button', { name: 'Request', exact: true }).click();
    const panel = dj.getByTestId('room-console');
    const req = panel.locator('li.req', { hasText: 'Music Sounds Better' });
    await req.getByRole('button', { name: 'Played' }).click();
    await req.getByRole('button', { name: 'Played' }).waitFor({ state: 'detached' });
    await guest.getByLabel('Song', { exact: true }).fill('Never Played');
    await guest.getByLabel('Artist', { exact: true }).fill('Nobody');
    await guest.getByRole('button', { name: 'Request', exact: true }).click();
    await panel.getByLabel('Question', { exact: true }).fill('Next decade?');
    await panel.getByLabel('Options, separated by commas').fill('80s, 90s');
    await panel.getByRole('button', { name: 'Open poll' }).click();
    await guest.getByRole('button', { name: /90s/ }).waitFor();

    const host = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(host, hostUser);
    await host.goto(`/party/${token}/room`);
    await host.getByTestId('viewer-list').getByText('Pat', { exact: true }).waitFor();
    assert.equal(await guest.getByTestId('viewer-list').count(), 0, 'guests do not get the viewer list');

    // The health graph draws what left the browser over time.
    await dj.waitForFunction(() => Number(document.querySelector('.health-chart')?.getAttribute('data-points')) >= 3, undefined, {
      timeout: 15_000,
    });
    assert.ok((await dj.locator('.health-chart svg path.recharts-curve').count()) >= 3, 'three lines drawn');

    await shot(host, 'room-host-desktop');
    // The host leaves (their player is one viewer less on this 2-core box); they come back after the end.
    await host.close();

    // Spanish, phone and desktop, before the end.
    const guestEs = await env.newPage({ viewport: PHONE_390, locale: 'es-ES' });
    await guestEs.goto(`/party/${token}/room?invite=${codeEs}`);
    assert.equal(await guestEs.getByTestId('party-name').innerText(), 'La fiesta de Sol');
    await guestEs.getByTestId('stream-state').filter({ hasText: 'DIRECTO' }).waitFor({ timeout: 40_000 });
    await env.expectAccessible(guest, 'the room with the player');
    await shot(guest, 'room-player-phone');
    await shot(guestEs, 'room-player-phone-es');
    await shot(dj, 'dj-console-desktop');
    const djEs = await env.newPage({ viewport: PHONE_390, locale: 'es-ES' });
    await env.loginAs(djEs, djUser);
    await djEs.goto(`/party/${token}/live`);
    await djEs.getByTestId('room-console').waitFor();
    assert.deepEqual(await sideways(djEs), [], 'the console fits 390 px');
    await shot(djEs, 'dj-console-phone-es');
    await djEs.close();

    // Past the booked end (inside the grace period) the DJ ends the party.
    clock.set(new Date(end.getTime() + 5 * 60_000));
    dj.once('dialog', (d) => void d.accept());
    await panel.getByRole('button', { name: 'End the party' }).click();
    await panel.getByTestId('console-wrap').waitFor();

    await guest.getByTestId('wrap-screen').waitFor({ timeout: 10_000 });
    assert.equal(await guest.getByRole('heading', { name: "That's a wrap!" }).count(), 1);
    assert.deepEqual(await guest.getByTestId('set-list').locator('li strong').allInnerTexts(), ['Music Sounds Better']);
    assert.match(await guest.getByTestId('wrap-screen').innerText(), /Thanks for coming/);
    await guestEs.getByTestId('wrap-screen').waitFor({ timeout: 10_000 });
    assert.deepEqual(await sideways(guest), [], 'the wrap fits 390 px');
    await env.expectAccessible(guest, 'the wrap screen');
    await shot(guest, 'wrap-phone');
    await shot(guestEs, 'wrap-phone-es');

    // The host comes back: the room is the wrap now. What comes next: the review, and the booking, completed.
    const back = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(back, hostUser);
    await back.goto(`/party/${token}/room`);
    await back.getByTestId('wrap-screen').waitFor();
    await shot(back, 'wrap-host-desktop');
    assert.equal(await back.getByRole('link', { name: 'Leave a review' }).getAttribute('href'), `/bookings/${bookingId}/review`);
    await back.getByRole('link', { name: 'See the booking' }).click();
    await back.locator('.state').filter({ hasText: 'Completed' }).waitFor({ timeout: 10_000 });
    assert.equal((await booking.get(hostUser, bookingId)).state, 'completed');

    // The stream facts for receipts, reviews and payouts were kept.
    const facts = await env.deps.stream.getPartyFacts(bookingId);
    assert.ok(facts.minutesLive >= 0 && facts.peakViewers >= 2 && facts.guestsJoined === 2, JSON.stringify(facts));
  });
});
