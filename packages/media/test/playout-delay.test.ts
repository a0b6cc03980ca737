import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sfu } from '../src/sfu.ts';
import { playoutDelayPayload } from '../src/fast-send.ts';
import { PLAYOUT_DELAY_EXT, TestPublisher, TestViewer, until } from './support/peers.ts';

describe('playout-delay hint on forwarded video', () => {
  it('packs min and max as 12-bit counts of 10 ms', () => {
    assert.deepEqual([...playoutDelayPayload({ min: 0, max: 0 })], [0, 0, 0]);
    assert.deepEqual([...playoutDelayPayload({ min: 20, max: 200 })], [0x00, 0x20, 0x14]);
    assert.deepEqual([...playoutDelayPayload({ min: 40950, max: 99999 })], [0xff, 0xff, 0xff]);
  });

  for (const forwardWorkers of [0, 1]) {
    describe(`${forwardWorkers} forwarding workers`, () => {
      // Made in before(): the other suite's worker booting at collection time starved this one's peers.
      let sfu: Sfu;
      const publisher = new TestPublisher();
      const offering = new TestViewer({ offerPlayoutDelay: true });
      const plain = new TestViewer();
      const room = 'room-playout';

      before(async () => {
        sfu = new Sfu({ iceUseLoopback: true, forwardWorkers, videoPlayoutDelayMs: { min: 20, max: 200 } });
        await sfu.ready(); // the worker loads first: peers' deadlines do not include its boot
        await publisher.connect((sdp) => sfu.publish(room, sdp));
        publisher.send('video', Buffer.from([0x10, 0, 0]), { marker: true });
        await until(() => sfu.publisherSsrcKnown(room, 'video'), 3000, 'publisher video SSRC');
        await offering.connect((sdp) => sfu.subscribe(room, sdp));
        await plain.connect((sdp) => sfu.subscribe(room, sdp));
      });
      after(async () => {
        await Promise.all([offering.close(), plain.close(), publisher.close()]);
        await sfu.close();
      });

      it('a viewer that offers the extension gets the configured hint on every video packet; one that does not gets none', async () => {
        const answerHasExt = offering.pc.remoteDescription!.sdp.includes(PLAYOUT_DELAY_EXT);
        assert.ok(answerHasExt, 'the SFU accepts the extension in its answer');
        const id = Number(
          /a=extmap:(\d+) http:\/\/www\.webrtc\.org\/experiments\/rtp-hdrext\/playout-delay/.exec(
            offering.pc.remoteDescription!.sdp,
          )![1],
        );
        assert.ok(!plain.pc.remoteDescription!.sdp.includes(PLAYOUT_DELAY_EXT));
        const before = [offering.received.video.length, plain.received.video.length];
        for (let i = 0; i < 5; i++) publisher.send('video', Buffer.from([0x11, i]), { tsStep: 3000 });
        await until(
          () => offering.received.video.length >= before[0]! + 5 && plain.received.video.length >= before[1]! + 5,
          3000,
          'five packets each',
        );
        assert.deepEqual([...(offering.lastVideoExtensions.get(id) ?? [])], [0x00, 0x20, 0x14]);
        assert.equal(plain.lastVideoExtensions.size, 0);
      });
    });
  }
});
