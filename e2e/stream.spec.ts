import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, middayClock, useE2E } from './support/fixtures.ts';
import { bookedParty } from './support/booked-party.ts';

// One forwarding worker: the browser journey goes through the threaded viewer path production uses.
// The server's day starts at midday so a party starting in 20 minutes stays inside the DJ's hours (00:00–23:45).
const clock = middayClock();
const env = useE2E({
  mediaArgs: true,
  env: { SFU_ICE_LOOPBACK: 'true', SFU_FORWARD_WORKERS: '1' },
  setup: async () => ({ overrides: { clock } }),
});

describe('live streaming in the browser', () => {
  test('the DJ goes live in music mode and checks what the server receives; an invited guest waits outside until let in, then sees moving video and hears audio; an uninvited visitor is refused', async () => {
    // Doors shut: the guest waits outside until the DJ lets guests in.
    const { djUser, token, invite } = await bookedParty(env, clock, 'stream', {
      dj: 'Vox',
      host: 'Kim',
      genre: 'techno',
      openDoors: false,
    });

    const dj = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(dj, djUser);
    await dj.goto(`/party/${token}/live`);
    assert.equal(await dj.getByLabel('Music mode').isChecked(), true, 'music mode is on by default');
    await dj.getByLabel('Frame around your video').selectOption('neon');
    await dj.getByRole('button', { name: 'Go live' }).click();
    await dj
      .getByTestId('publish-state')
      .waitFor({ timeout: 15_000 })
      .catch(async (e) => {
        await env.screenshot(dj, 'go-live-failure');
        console.log('PAGE TEXT', (await dj.locator('main').innerText()).slice(0, 500));
        throw e;
      });
    const settings = await dj.evaluate(() => {
      const v = document.querySelector('video.preview') as HTMLVideoElement;
      const a = (v.srcObject as MediaStream).getAudioTracks()[0]!.getSettings();
      return { echoCancellation: a.echoCancellation, noiseSuppression: a.noiseSuppression, autoGainControl: a.autoGainControl };
    });
    assert.deepEqual(settings, { echoCancellation: false, noiseSuppression: false, autoGainControl: false });

    // The guest arrives during the soundcheck (the party starts in ~20 minutes): waiting outside, no stream.
    const guest = await env.newPage({ viewport: PHONE });
    await guest.goto(`/party/${token}/room?invite=${invite}`);
    await guest.getByTestId('stream-waiting').waitFor({ timeout: 15_000 });
    assert.match(await guest.getByTestId('stream-waiting').innerText(), /sound-checking/);
    assert.equal(
      await guest.evaluate(() => !!(document.querySelector('[data-testid=party-video]') as HTMLVideoElement).srcObject),
      false,
      'no stream before the doors open',
    );

    // The DJ's pre-show check shows what the server receives from this browser, then the DJ lets the guests in.
    const check = dj.getByTestId('preshow-check');
    await check.getByTestId('preshow-level').waitFor({ timeout: 15_000 });
    await dj.waitForFunction(
      () => {
        const fps = Number(document.querySelector('[data-testid=preshow-fps]')?.textContent);
        const kbps = [
          ...(document.querySelector('[data-testid=preshow-bitrate]')?.textContent ?? '').matchAll(/(\d+) kbit\/s/g),
        ].map((m) => Number(m[1]));
        return fps > 5 && kbps.length === 2 && kbps.every((k) => k > 10);
      },
      undefined,
      { timeout: 15_000 },
    );
    // Chromium's fake microphone beeps: the level the server reads from the packets (RFC 6464) must rise with it.
    await dj.waitForFunction(
      () => Number(document.querySelector('[data-testid=preshow-level]')?.getAttribute('aria-valuenow')) > -40,
      undefined,
      { timeout: 10_000 },
    );
    assert.match(await check.getByTestId('doors-state').innerText(), /waiting outside/);
    await dj.evaluate(() => window.scrollTo(0, 0)); // the sticky header would land mid-page in a full-page shot
    await env.screenshot(dj, 'preshow-desktop');
    await env.screenshot(guest, 'stream-waiting-phone');
    await check.getByRole('button', { name: 'Let guests in' }).click();
    await check.getByTestId('doors-state').filter({ hasText: 'Doors open since' }).waitFor();
    await guest.getByTestId('stream-state').filter({ hasText: 'LIVE' }).waitFor({ timeout: 20_000 });
    const t0 = await guest.evaluate(() => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).currentTime);
    await guest.waitForFunction(
      (t) => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).currentTime > t,
      t0,
      { timeout: 10_000 },
    );
    const media = await guest.evaluate(async () => {
      const v = document.querySelector('[data-testid=party-video]') as HTMLVideoElement;
      const ctx = new AudioContext();
      const analyser = ctx.createAnalyser();
      ctx.createMediaStreamSource(v.srcObject as MediaStream).connect(analyser);
      const buf = new Float32Array(analyser.fftSize);
      let energy = 0;
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 50));
        analyser.getFloatTimeDomainData(buf);
        energy = Math.max(energy, buf.reduce((s, x) => s + x * x, 0) / buf.length);
      }
      return { width: v.videoWidth, height: v.videoHeight, time: v.currentTime, energy };
    });
    assert.ok(media.width > 0 && media.height > 0, `video has a picture: ${JSON.stringify(media)}`);
    assert.ok(media.time > t0, 'video is moving');
    assert.ok(media.energy > 1e-5, `audio has energy: ${media.energy}`);
    await env.screenshot(guest, 'stream-guest-phone');
    await env.screenshot(dj, 'go-live-desktop');

    // The DJ drops (ends the stream) and comes back: the guest's player shows offline, then plays again by itself.
    await dj.getByRole('button', { name: 'End stream' }).click();
    await guest.getByTestId('stream-state').filter({ hasText: 'Offline' }).waitFor({ timeout: 15_000 });
    await dj.getByRole('button', { name: 'Go live' }).click();
    await dj.getByTestId('publish-state').waitFor({ timeout: 15_000 });
    await guest.getByTestId('stream-state').filter({ hasText: 'LIVE' }).waitFor({ timeout: 20_000 });
    const t1 = await guest.evaluate(() => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).currentTime);
    await guest.waitForFunction(
      (t) => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).currentTime > t + 0.5,
      t1,
      { timeout: 10_000 },
    );

    const stranger = await env.newPage({ viewport: PHONE });
    await stranger.goto(`/party/${token}/room`);
    await stranger.getByRole('heading', { name: 'This party room needs a valid invite' }).waitFor();
    const whep = await stranger.evaluate(
      async (t) =>
        (
          await fetch(`/api/streams/${t}/whep`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/sdp' },
            body: 'v=0\r\n',
          })
        ).status,
      token,
    );
    assert.equal(whep, 404);
  });
});
