import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sfu } from '../src/sfu.ts';
import { TestPublisher, TestViewer, until } from './support/peers.ts';

/** The codec name of the first payload type on the m=video line of an SDP. */
function firstVideoCodec(sdp: string): string {
  const pt = /\r?\nm=video \S+ \S+ (\d+)/.exec(sdp)![1];
  return new RegExp(`a=rtpmap:${pt} ([^/\\s]+)/`).exec(sdp)![1]!;
}

// OBS 30+ publishes H.264 (constrained baseline) over WHIP; browsers offer VP8 first. The SFU never transcodes,
// so it must hand viewers the publisher's codec.
for (const forwardWorkers of [0, 1]) {
  describe(`an H.264 publisher (as OBS sends), ${forwardWorkers} forwarding workers`, () => {
    // Made in before(): the other suite's worker booting at collection time starved this one's peers.
    let sfu: Sfu;
    const publisher = new TestPublisher(undefined, { video: 'h264' });
    const viewer = new TestViewer({ video: 'vp8+h264' });
    const room = 'room-h264';

    before(async () => {
      sfu = new Sfu({ iceUseLoopback: true, forwardWorkers });
      await sfu.ready(); // the worker loads first: peers' deadlines do not include its boot
      await publisher.connect((sdp) => sfu.publish(room, sdp));
      assert.equal(firstVideoCodec(publisher.pc.remoteDescription!.sdp), 'H264', 'the SFU accepts H.264 from the publisher');
      publisher.send('video', Buffer.from([0x65, 0x88, 0x84]), { marker: true, tsStep: 3000 });
      await until(() => sfu.publisherSsrcKnown(room, 'video'), 3000, 'publisher video SSRC');
      await viewer.connect((sdp) => sfu.subscribe(room, sdp));
    });
    after(async () => {
      await Promise.all([viewer.close(), publisher.close()]);
      await sfu.close();
    });

    it('a viewer that offers VP8 first is answered with H.264 and receives the NAL units intact and in order', async () => {
      assert.equal(firstVideoCodec(viewer.pc.remoteDescription!.sdp), 'H264');
      const nals = Array.from({ length: 30 }, (_, i) => Buffer.from([0x41, 0x9a, i, 0xee, i ^ 0x55]));
      const sent = nals.map((p, i) => publisher.send('video', p, { marker: true, tsStep: i ? 3000 : 0 }));
      await until(() => viewer.received.video.filter((r) => r.payload[0] === 0x41).length >= 30, 5000, 'thirty H.264 packets');
      const got = viewer.received.video.filter((r) => r.payload[0] === 0x41);
      assert.deepEqual(
        got.map((r) => [...r.payload]),
        nals.map((p) => [...p]),
      );
      for (let i = 1; i < got.length; i++)
        assert.equal((got[i]!.seq - got[i - 1]!.seq) & 0xffff, 1, 'consecutive sequence numbers');
      assert.equal(sent.length, 30);
    });
  });
}
