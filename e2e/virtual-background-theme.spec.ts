/**
 * Issue 19 (PRD 3.2): the DJ is live with the party theme's backdrop and the host picks another theme in the room
 * (`theme.set` → `theme.changed` to the room, which the DJ's console has joined). The backdrop follows inside the
 * running segmentation engine: the frames the room receives take the new theme's colours while the same peer
 * connection keeps sending the same track — no replaceTrack, no new WHIP offer, no blink to the camera.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, middayClock, useE2E } from './support/fixtures.ts';
import { bookedParty as book } from './support/booked-party.ts';
import { waitForFrame } from './support/video-frame.ts';

const clock = middayClock();
const env = useE2E({
  mediaArgs: true,
  env: { SFU_ICE_LOOPBACK: 'true', SFU_FORWARD_WORKERS: '1' },
  setup: async () => ({ overrides: { clock } }),
});

const bookedParty = (tag: string) => book(env, clock, tag);

describe('the theme backdrop follows the party room', () => {
  // MediaPipe's WebAssembly logs this line through console.error; it is information, not a failure.
  env.allowConsoleErrors(/Created TensorFlow Lite XNNPACK delegate/);
  test('the host changes the party theme in the room while the DJ is live on the theme backdrop: the frames guests get take the new theme, from the same track and sender, without renegotiating', async () => {
    const { djUser, host, token } = await bookedParty('theme');
    const dj = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(dj, djUser);
    // Every peer connection the page makes and every track a sender is given, to prove nothing is replaced.
    await dj.addInitScript(() => {
      const w = window as unknown as { __pcs: RTCPeerConnection[]; __replaced: (string | null)[] };
      w.__pcs = [];
      w.__replaced = [];
      const Native = window.RTCPeerConnection;
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          w.__pcs.push(this);
        }
      };
      const replace = RTCRtpSender.prototype.replaceTrack;
      RTCRtpSender.prototype.replaceTrack = function (track) {
        w.__replaced.push(track?.id ?? null);
        return replace.call(this, track);
      };
    });
    const whip: string[] = [];
    dj.on('request', (r) => {
      if (r.url().includes('/whip')) whip.push(r.method());
    });
    await dj.goto(`/party/${token}/live`);
    await dj.getByLabel('Background', { exact: true }).selectOption('theme');
    await dj.locator('[data-testid=vb-status][data-state=on]').waitFor({ timeout: 60_000 });
    // MediaPipe's own usage statistics (a fetch to Google every minute) are refused in the page, not left to the CSP
    // (whose block Chromium reports as a console error, failing this test).
    assert.equal(
      await dj.evaluate(() =>
        fetch('https://odml.pa.googleapis.com/v1/log', { method: 'POST' }).then(
          () => 'sent',
          (e: Error) => e.message,
        ),
      ),
      'MediaPipe usage statistics are not sent',
    );
    await dj.getByRole('button', { name: 'Go live' }).click();
    await dj.getByTestId('publish-state').waitFor({ timeout: 15_000 });

    // The host watches in the room (the same WHEP picture as guests) and picks the theme there.
    const room = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(room, host);
    await room.goto(`/party/${token}/room`);
    await room.getByTestId('stream-state').filter({ hasText: 'LIVE' }).waitFor({ timeout: 20_000 });
    await room.waitForFunction(() => (document.querySelector('[data-testid=party-video]') as HTMLVideoElement).videoWidth > 0);
    const video = '[data-testid=party-video]';
    // Neon (the party's theme so far): pink and cyan glows, so more blue than red. Disco: yellow and pink, more red.
    const neon = await waitForFrame(room, video, (c) => c.b - c.r > 15);
    assert.ok(neon.b - neon.r > 15, `the room sees the neon backdrop: ${JSON.stringify(neon)}`);

    const sending = () =>
      dj.evaluate(async () => {
        const w = window as unknown as { __pcs: RTCPeerConnection[]; __replaced: (string | null)[] };
        const sender = w.__pcs[0]!.getSenders().find((s) => s.track?.kind === 'video')!;
        let frames = 0;
        (await sender.getStats()).forEach((r: { type: string; framesSent?: number }) => {
          if (r.type === 'outbound-rtp') frames += r.framesSent ?? 0;
        });
        const preview = (document.querySelector('video.preview') as HTMLVideoElement).srcObject as MediaStream;
        return {
          peerConnections: w.__pcs.length,
          track: sender.track!.id,
          trackState: sender.track!.readyState,
          replaceTrackCalls: w.__replaced.length,
          preview: preview.getVideoTracks()[0]!.id,
          frames,
        };
      });
    const before = await sending();
    assert.equal(before.track, before.preview, 'the preview shows the published track');

    await room.getByRole('button', { name: 'Disco', exact: true }).click();
    const disco = await waitForFrame(room, video, (c) => c.r - c.b > 15);
    const djSays = await dj.getByTestId('vb-status').innerText();
    assert.ok(
      disco.r - disco.b > 15,
      `the room sees the disco backdrop: ${JSON.stringify(disco)} (neon was ${JSON.stringify(neon)}); the DJ's page: "${djSays}"`,
    );
    await dj.getByText(/Background on: [\d.]+ ms of work per frame/).waitFor({ timeout: 5_000 });
    const after = await sending();
    const { frames: framesBefore, ...same } = before;
    const { frames: framesAfter, ...still } = after;
    assert.deepEqual(still, same, 'the same peer connection sends the same live track; no replaceTrack, no new track');
    assert.ok(framesAfter > framesBefore, `frames keep going out: ${framesBefore} → ${framesAfter}`);
    assert.equal(whip.filter((m) => m === 'POST').length, 1, `one WHIP offer, no renegotiation: ${whip.join(', ')}`);
  });
});
