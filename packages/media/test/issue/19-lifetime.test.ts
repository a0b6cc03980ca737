// Issue 19: sessions with a lifetime. A WHIP POST answered 201 whose ICE never completes must not hold the room;
// publishers and viewers that vanish at any step are closed and counted out; a new publish replaces a dead one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RTCPeerConnection } from 'werift';
import { SfuError } from '../../src/errors.ts';
import { Sfu } from '../../src/sfu.ts';
import type { SfuEvents } from '../../src/types.ts';
import { TestPublisher, TestViewer, loopbackIce, until } from '../support/peers.ts';

/** An offer from a peer that will never answer anything (the encoder behind a firewall that drops UDP). */
async function deadOffer(direction: 'sendonly' | 'recvonly'): Promise<{ pc: RTCPeerConnection; sdp: string }> {
  const pc = new RTCPeerConnection(loopbackIce);
  pc.addTransceiver('audio', { direction });
  pc.addTransceiver('video', { direction });
  await pc.setLocalDescription(await pc.createOffer());
  await until(() => pc.iceGatheringState === 'complete', 5000, 'gathered');
  return { pc, sdp: pc.localDescription!.sdp };
}

/** The peer's machine drops off the network: nothing it sends arrives any more (its process keeps running). */
function vanish(pc: RTCPeerConnection): void {
  for (const t of pc.iceTransports) {
    const conn = t.connection as unknown as {
      protocols: { transport?: { send: (...a: unknown[]) => Promise<void>; socket?: { send: (...a: unknown[]) => void } } }[];
    };
    for (const p of conn.protocols) {
      if (!p.transport) continue;
      p.transport.send = async () => {};
      if (p.transport.socket) p.transport.socket.send = () => {};
    }
  }
}

/** Sends audio every 20 ms, as an encoder does; returns a stop function. */
function stream(p: TestPublisher): () => void {
  let i = 0;
  const t = setInterval(() => p.send('audio', Buffer.from([i++ & 0xff, 1, 2]), { tsStep: 960 }), 20);
  return () => clearInterval(t);
}

for (const forwardWorkers of [0, 1]) {
  describe(`issue 19: session lifetimes (${forwardWorkers} forwarding workers)`, () => {
    // Made in before(): a worker booting while the other suite connects would slow that suite's peers.
    let sfu: Sfu;
    const ended: SfuEvents['sessionEnded'][0][] = [];
    before(() => {
      sfu = new Sfu({
        iceUseLoopback: true,
        forwardWorkers,
        connectTimeoutMs: 3000,
        publisherSilenceMs: 1500,
        viewerSilenceMs: 3000,
      });
      sfu.on('sessionEnded', (e) => ended.push(e));
      return sfu.ready(); // the worker loads first: the 3 s connect deadline must not include its boot
    });
    const cleanup: { close(): Promise<void> }[] = [];
    after(async () => {
      for (const c of cleanup) await c.close().catch(() => {});
      await sfu.close();
    });
    const endedWith = (sessionId: string) => ended.find((e) => e.sessionId === sessionId)?.reason;

    it('a publisher that vanishes mid-ICE is replaced at once by the DJ’s next publish', async () => {
      const room = `r-mid-ice-${forwardWorkers}`;
      const dead = await deadOffer('sendonly');
      cleanup.push(dead.pc);
      const first = await sfu.publish(room, dead.sdp);
      assert.equal(sfu.hasPublisher(room), true);
      assert.equal(sfu.isLive(room), false, 'not live before it connects');
      const again = new TestPublisher();
      cleanup.push(again);
      const started = performance.now();
      await again.connect((sdp) => sfu.publish(room, sdp));
      assert.ok(performance.now() - started < 2500, 'no wait for the dead attempt to time out');
      assert.equal(endedWith(first.sessionId), 'replaced');
      await until(() => sfu.isLive(room), 3000, 'the new publisher is live');
    });

    it('a publisher that never connects is closed after the connect timeout; the room is free again', async () => {
      const room = `r-never-${forwardWorkers}`;
      const dead = await deadOffer('sendonly');
      cleanup.push(dead.pc);
      const { sessionId } = await sfu.publish(room, dead.sdp);
      await until(() => !sfu.hasPublisher(room), 6000, 'the attempt is closed');
      assert.equal(endedWith(sessionId), 'connect-timeout');
      assert.equal(sfu.session(sessionId), undefined);
    });

    it('a live publisher refuses a second publish; once it vanishes it is closed and counted out', async () => {
      const room = `r-live-${forwardWorkers}`;
      const dj = new TestPublisher();
      cleanup.push(dj);
      await dj.connect((sdp) => sfu.publish(room, sdp));
      const stop = stream(dj);
      try {
        await until(() => sfu.isLive(room), 3000, 'live');
        const other = await deadOffer('sendonly');
        cleanup.push(other.pc);
        await assert.rejects(
          sfu.publish(room, other.sdp),
          (e: unknown) => e instanceof SfuError && e.code === 'ROOM_HAS_PUBLISHER',
        );
        vanish(dj.pc);
        await until(() => !sfu.hasPublisher(room), 5000, 'the silent publisher is closed');
        assert.equal(endedWith(dj.sessionId), 'silent');
        assert.equal(sfu.isLive(room), false);
      } finally {
        stop();
      }
    });

    it('a viewer that never connects is not counted and is cleaned up', async () => {
      const room = `r-viewer-never-${forwardWorkers}`;
      const dead = await deadOffer('recvonly');
      cleanup.push(dead.pc);
      const { sessionId } = await sfu.subscribe(room, dead.sdp);
      assert.equal(sfu.viewerCount(room), 0, 'connecting viewers are not counted');
      assert.ok(sfu.session(sessionId));
      await until(() => sfu.session(sessionId) === undefined, 6000, 'the viewer session is closed');
      assert.equal(endedWith(sessionId), 'connect-timeout');
    });

    it('a viewer that vanishes after connecting is counted out', async () => {
      const room = `r-viewer-gone-${forwardWorkers}`;
      const viewer = new TestViewer();
      cleanup.push(viewer);
      await viewer.connect((sdp) => sfu.subscribe(room, sdp));
      await until(() => sfu.viewerCount(room) === 1, 3000, 'counted once connected');
      vanish(viewer.pc);
      await until(() => sfu.viewerCount(room) === 0, 9000, 'counted out');
      assert.equal(endedWith(viewer.sessionId), 'silent');
    });

    // The SFU's thread starved of CPU (a busy 2-core box) hears nothing while it is away; the packets its viewers
    // sent wait in the socket buffers. That stall is the SFU's, not the viewers' silence: they must stay.
    it(
      'a stall of the SFU thread longer than the silence limit does not close its connected viewers',
      { skip: forwardWorkers > 0 },
      async () => {
        const room = `r-viewer-stall-${forwardWorkers}`;
        const viewer = new TestViewer();
        cleanup.push(viewer);
        await viewer.connect((sdp) => sfu.subscribe(room, sdp));
        await until(() => sfu.viewerCount(room) === 1, 3000, 'counted');
        const t0 = performance.now();
        while (performance.now() - t0 < 4500); // 1.5 × viewerSilenceMs without turning the event loop
        await new Promise((r) => setTimeout(r, 2000));
        assert.equal(endedWith(viewer.sessionId), undefined, 'not ended');
        assert.equal(sfu.viewerCount(room), 1, 'still counted');
      },
    );

    it('a viewer that leaves (DELETE) is counted out at once', async () => {
      const room = `r-viewer-leaves-${forwardWorkers}`;
      const viewer = new TestViewer();
      cleanup.push(viewer);
      await viewer.connect((sdp) => sfu.subscribe(room, sdp));
      await until(() => sfu.viewerCount(room) === 1, 3000, 'counted');
      await sfu.end(viewer.sessionId);
      assert.equal(sfu.viewerCount(room), 0);
      assert.equal(endedWith(viewer.sessionId), 'ended');
    });

    it('a codec switch (VP8 → H.264, a new publish) reaches a connected viewer without it reconnecting', async () => {
      const room = `r-switch-${forwardWorkers}`;
      const vp8 = new TestPublisher(undefined, { video: 'vp8' });
      cleanup.push(vp8);
      await vp8.connect((sdp) => sfu.publish(room, sdp));
      vp8.send('video', Buffer.from([0x10, 0, 0]), { marker: true });
      await until(() => sfu.publisherSsrcKnown(room, 'video'), 3000, 'VP8 SSRC');
      const viewer = new TestViewer({ video: 'vp8+h264' });
      cleanup.push(viewer);
      await viewer.connect((sdp) => sfu.subscribe(room, sdp));
      await until(() => sfu.viewerCount(room) === 1, 3000, 'viewer counted');
      let i = 0;
      let t = setInterval(() => vp8.send('video', Buffer.from([0x10, i++ & 0xff, 1]), { marker: true, tsStep: 3000 }), 20);
      await until(() => viewer.count.video >= 5, 5000, 'VP8 reaches the viewer').finally(() => clearInterval(t));
      await sfu.end(vp8.sessionId);
      const h264 = new TestPublisher({ audio: 5000, video: 9000 }, { video: 'h264' });
      cleanup.push(h264);
      await h264.connect((sdp) => sfu.publish(room, sdp));
      const before = viewer.count.video;
      t = setInterval(() => h264.send('video', Buffer.from([0x65, i++ & 0xff, 2]), { marker: true, tsStep: 3000 }), 20);
      await until(
        () => viewer.received.video.filter((r) => r.payload[0] === 0x65).length >= 5,
        6000,
        'H.264 reaches the same viewer',
      ).finally(() => clearInterval(t));
      assert.ok(viewer.count.video > before);
      assert.equal(viewer.pc.connectionState, 'connected');
    });
  });
}
