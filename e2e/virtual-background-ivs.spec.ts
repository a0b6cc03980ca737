/**
 * Issue 19 (PRD 3.2) on Amazon IVS Real-Time: the server runs with STREAMING_PROVIDER=ivs against the local
 * IVS-speaking server (apps/server/test/support/ivs-server.ts), so the go-live page publishes to a stage through
 * `amazon-ivs-web-broadcast`. The SDK itself needs AWS, so the browser gets a stand-in for its chunk: a Stage that
 * publishes over a real RTCPeerConnection looped back to a local "viewer" video, and does on `refreshStrategy()` what
 * the 1.41 SDK does (read in its source: `syncTracksToPublish` → `replaceOrAddTrack` → the existing transceiver's
 * `sender.replaceTrack`). The background turned on, re-themed and off while live must reach that viewer without
 * leaving the stage or negotiating again.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { DESKTOP, middayClock, useE2E } from './support/fixtures.ts';
import { bookedParty } from './support/booked-party.ts';
import { waitForFrame } from './support/video-frame.ts';
import { startFakeIvs, type FakeIvs } from '../apps/server/test/support/ivs-server.ts';

const clock = middayClock();
let ivs: FakeIvs | undefined;
const env = useE2E({
  mediaArgs: true,
  setup: async () => {
    ivs = await startFakeIvs({ now: () => clock.now() });
    return {
      env: {
        STREAMING_PROVIDER: 'ivs',
        IVS_REGION: 'eu-west-1',
        IVS_ENDPOINT: ivs.url,
        IVS_ACCESS_KEY_ID: 'AKIAPARTYSTREAMTEST',
        IVS_SECRET_ACCESS_KEY: 'test-secret-access-key-0000',
      },
      overrides: { clock },
    };
  },
});
after(() => ivs?.close());

/** The stand-in for the `amazon-ivs-web-broadcast` chunk (an ES module whose default export is the SDK's exports). */
const FAKE_SDK = `
const ivs = (window.__ivs = { joins: 0, leaves: 0, offers: 0, refreshes: 0, replaced: 0, published: [] });
class LocalStageStream {
  constructor(track, config) {
    this.mediaStreamTrack = track;
    this.config = config;
    this.streamType = track.kind;
    this.id = Math.random().toString(36).slice(2);
  }
  requestQualityStats() { return Promise.resolve([]); }
  setMuted() {}
}
class Stage {
  constructor(token, strategy) { this.token = token; this.strategy = strategy; this.handlers = new Map(); }
  on(event, handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, []);
    this.handlers.get(event).push(handler);
  }
  emit(event, ...args) { for (const h of this.handlers.get(event) ?? []) h(...args); }
  async join() {
    ivs.joins++;
    this.emit('stageConnectionStateChanged', 'connecting');
    const pub = (this.pub = new RTCPeerConnection());
    const sub = new RTCPeerConnection();
    pub.onicecandidate = (e) => e.candidate && sub.addIceCandidate(e.candidate);
    sub.onicecandidate = (e) => e.candidate && pub.addIceCandidate(e.candidate);
    const remote = new MediaStream();
    sub.ontrack = (e) => remote.addTrack(e.track);
    const streams = this.strategy.stageStreamsToPublish();
    for (const s of streams) pub.addTransceiver(s.mediaStreamTrack, { direction: 'sendonly' });
    ivs.offers++;
    await pub.setLocalDescription(await pub.createOffer());
    await sub.setRemoteDescription(pub.localDescription);
    await sub.setLocalDescription(await sub.createAnswer());
    await pub.setRemoteDescription(sub.localDescription);
    const v = document.createElement('video');
    Object.assign(v, { id: 'ivs-viewer', muted: true, autoplay: true, playsInline: true, srcObject: remote });
    v.style.cssText = 'position:fixed;right:0;bottom:0;width:160px;height:90px';
    document.body.append(v);
    ivs.published = streams.map((s) => s.mediaStreamTrack.id);
    this.emit('stageConnectionStateChanged', 'connected');
  }
  refreshStrategy() {
    ivs.refreshes++;
    const streams = this.strategy.stageStreamsToPublish();
    for (const s of streams) {
      const sender = this.pub.getSenders().find((x) => x.track && x.track.kind === s.mediaStreamTrack.kind);
      if (sender && sender.track !== s.mediaStreamTrack) {
        ivs.replaced++;
        void sender.replaceTrack(s.mediaStreamTrack);
      }
    }
    ivs.published = streams.map((s) => s.mediaStreamTrack.id);
  }
  leave() { ivs.leaves++; this.pub && this.pub.close(); }
}
export default {
  Stage,
  LocalStageStream,
  SubscribeType: { NONE: 'none', AUDIO_VIDEO: 'audio_video' },
  StageEvents: {
    STAGE_CONNECTION_STATE_CHANGED: 'stageConnectionStateChanged',
    STAGE_PARTICIPANT_STREAMS_ADDED: 'stageParticipantStreamsAdded',
    STAGE_PARTICIPANT_STREAMS_REMOVED: 'stageParticipantStreamsRemoved',
  },
  StageConnectionState: { CONNECTING: 'connecting', CONNECTED: 'connected', ERRORED: 'errored', DISCONNECTED: 'disconnected' },
};
`;

interface IvsLog {
  joins: number;
  leaves: number;
  offers: number;
  refreshes: number;
  replaced: number;
  published: string[];
}
const ivsLog = (page: Page) => page.evaluate(() => (window as unknown as { __ivs: IvsLog }).__ivs);

describe('virtual background while live on an Amazon IVS stage', () => {
  env.allowConsoleErrors(/Created TensorFlow Lite XNNPACK delegate/);
  test('turned on, re-themed and off while live: the stage gets each picture on the same sender, without leaving or negotiating again', async () => {
    const { djUser, token } = await bookedParty(env, clock, 'ivs');
    const dj = await env.newPage({ viewport: DESKTOP });
    await env.loginAs(dj, djUser);
    let sdkServed = 0;
    await dj.route('**/amazon-ivs-web-broadcast-*.js', (route) => {
      sdkServed++;
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: FAKE_SDK });
    });
    await dj.goto(`/party/${token}/live`);
    await dj.getByRole('button', { name: 'Go live' }).click();
    await dj.getByTestId('publish-state').waitFor({ timeout: 15_000 });
    assert.equal(sdkServed, 1, 'the IVS path loaded the (stand-in) SDK');
    await dj.waitForFunction(() => (document.getElementById('ivs-viewer') as HTMLVideoElement | null)?.videoWidth);
    const camera = await dj.evaluate(
      () => ((document.querySelector('video.preview') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]!.id,
    );
    assert.ok((await ivsLog(dj)).published.includes(camera), 'the camera is published');
    const cameraFrame = await waitForFrame(dj, '#ivs-viewer', (x) => x.r + x.g + x.b > 0);
    assert.ok(cameraFrame.blue < 0.05, `the stage gets the camera: ${JSON.stringify(cameraFrame)}`);
    let f = cameraFrame;
    const likeCamera = (x: typeof f) =>
      x.blue < 0.05 && Math.abs(x.r - cameraFrame.r) + Math.abs(x.g - cameraFrame.g) + Math.abs(x.b - cameraFrame.b) < 40;

    // On while live (was disabled on IVS): the upload turns the image background on.
    const select = dj.getByLabel('Background', { exact: true });
    assert.equal(await select.isEnabled(), true, 'the background can be changed while live on IVS');
    const blue = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#1e40ff' } })
      .png()
      .toBuffer();
    await dj
      .getByLabel('Upload a background image (JPEG, PNG, WebP or GIF)')
      .setInputFiles({ name: 'blue.png', mimeType: 'image/png', buffer: blue });
    await dj.locator('[data-testid=vb-status][data-state=on]').waitFor({ timeout: 60_000 });
    f = await waitForFrame(dj, '#ivs-viewer', (x) => x.blue >= 0.8);
    assert.ok(f.blue >= 0.8, `the stage gets the image backdrop: ${JSON.stringify(f)}`);
    const on = await ivsLog(dj);
    assert.ok(!on.published.includes(camera), 'the processed track replaced the camera');
    assert.equal(on.replaced, 1);

    // Image → theme: only the backdrop inside the running engine changes; the stage's track stays.
    await select.selectOption('theme');
    f = await waitForFrame(dj, '#ivs-viewer', (x) => x.blue < 0.05 && x.b - x.r > 15);
    assert.ok(f.blue < 0.05 && f.b - f.r > 15, `the stage gets the neon theme backdrop: ${JSON.stringify(f)}`);
    assert.deepEqual((await ivsLog(dj)).published, on.published, 'the same processed track');
    assert.equal((await ivsLog(dj)).replaced, 1, 'no track replaced for another backdrop');

    // Off while live: the camera again, on the same sender.
    await select.selectOption('off');
    f = await waitForFrame(dj, '#ivs-viewer', likeCamera);
    assert.ok(likeCamera(f), `the stage gets the camera again: ${JSON.stringify(f)} (first ${JSON.stringify(cameraFrame)})`);
    const off = await ivsLog(dj);
    assert.ok(off.published.includes(camera), 'the camera is published again');
    assert.equal(off.replaced, 2);
    assert.deepEqual(
      { joins: off.joins, leaves: off.leaves, offers: off.offers },
      { joins: 1, leaves: 0, offers: 1 },
      'one stage join, never left, one negotiation',
    );
  });
});
