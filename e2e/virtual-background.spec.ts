/**
 * Issue 19 (PRD 3.2): the DJ's virtual background. Chromium's fake camera (no person in it) is segmented in the
 * browser; with the background on, the whole picture a guest receives is the backdrop, so the guest's frame takes the
 * uploaded image's colour; turned off while live, the guest gets the camera's own picture again.
 * (The theme backdrop following the room's theme live: virtual-background-theme.spec.ts; on IVS: -ivs.spec.ts.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { DESKTOP, PHONE, middayClock, useE2E } from './support/fixtures.ts';
import { bookedParty as book } from './support/booked-party.ts';
import { waitForFrame } from './support/video-frame.ts';

const clock = middayClock();
const env = useE2E({
  mediaArgs: true,
  env: { SFU_ICE_LOOPBACK: 'true', SFU_FORWARD_WORKERS: '1' },
  setup: async () => ({ overrides: { clock } }),
});

const bookedParty = (tag: string) => book(env, clock, tag);

const VIDEO = '[data-testid=party-video]';

describe('virtual background on the go-live page', () => {
  // MediaPipe's WebAssembly logs this line through console.error; it is information, not a failure.
  env.allowConsoleErrors(/Created TensorFlow Lite XNNPACK delegate/);
  test('the DJ uploads a backdrop, turns the background on, goes live: the guest receives the processed picture; turned off live, the camera again', async () => {
    const { djUser, token, invite } = await bookedParty('on');
    const dj = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(dj, djUser);
    await dj.goto(`/party/${token}/live`);
    const status = dj.getByTestId('vb-status');
    assert.equal(await dj.getByLabel('Background', { exact: true }).inputValue(), 'off', 'off by default');
    assert.equal(await status.getAttribute('data-state'), 'off');

    // A file that is not an image is refused next to the field, before any upload.
    const upload = dj.getByLabel('Upload a background image (JPEG, PNG, WebP or GIF)');
    await upload.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await dj.getByText('Choose a JPEG, PNG, WebP or GIF image.').waitFor();

    const blue = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#1e40ff' } })
      .png()
      .toBuffer();
    await upload.setInputFiles({ name: 'blue.png', mimeType: 'image/png', buffer: blue });
    await dj.locator('[data-testid=vb-status][data-state=on]').waitFor({ timeout: 60_000 });
    assert.equal(await dj.getByLabel('Background', { exact: true }).inputValue(), 'image', 'the upload turns it on');
    await dj.getByText(/Background on: [\d.]+ ms of work per frame/).waitFor({ timeout: 10_000 });

    await dj.getByRole('button', { name: 'Go live' }).click();
    await dj.getByTestId('publish-state').waitFor({ timeout: 15_000 });
    const guest = await env.newPage({ viewport: PHONE });
    await guest.goto(`/party/${token}/room?invite=${invite}`);
    await guest.getByTestId('stream-state').filter({ hasText: 'LIVE' }).waitFor({ timeout: 20_000 });
    await guest.waitForFunction(() => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).videoWidth > 0);
    // The fake camera has no person in it: all of it is background, so nearly every pixel is the backdrop's blue.
    let share = (await waitForFrame(guest, VIDEO, (f) => f.blue >= 0.8, 40)).blue;
    assert.ok(share >= 0.8, `the guest sees the backdrop: ${(share * 100).toFixed(0)} % blue`);
    await env.screenshot(dj, 'virtual-background-desktop');

    // Off while live: the sent track goes back to the camera, and the guest's picture is the fake camera's again.
    await dj.getByLabel('Background', { exact: true }).selectOption('off');
    share = (await waitForFrame(guest, VIDEO, (f) => f.blue <= 0.05, 40)).blue;
    assert.ok(share <= 0.05, `the guest sees the camera again: ${(share * 100).toFixed(0)} % blue`);
    assert.equal(await status.getAttribute('data-state'), 'off');
  });

  test('when the model cannot be loaded, the camera stays as it is and the DJ is told why', async () => {
    const { djUser, token } = await bookedParty('fallback');
    const dj = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(dj, djUser);
    await dj.route('**/*.tflite', (route) => route.fulfill({ status: 404, body: '' }));
    await dj.goto(`/party/${token}/live`);
    await dj.getByLabel('Background', { exact: true }).selectOption('theme');
    await dj.locator('[data-testid=vb-status][data-state=fallback]').waitFor({ timeout: 30_000 });
    assert.match(await dj.getByTestId('vb-status').innerText(), /could not be loaded in this browser/);
    const track = await dj.evaluate(
      () => ((document.querySelector('video.preview') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]!.label,
    );
    assert.match(track, /fake|camera|device/i, `the camera's own track: ${track}`);
  });
});
