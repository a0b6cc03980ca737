import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sfu } from '../src/sfu.ts';
import { TestPublisher, TestViewer, until } from './support/peers.ts';

// A forwarding worker drops packets that waited in its queue longer than forwardMaxQueueMs. A limit below zero
// makes every packet "too old" on arrival: nothing reaches the viewer, the drops are counted and reported, and the
// viewer's connection (ICE, DTLS, RTCP in the same worker) stays up.
describe('forwarding worker under overload', () => {
  const sfu = new Sfu({ iceUseLoopback: true, forwardWorkers: 1, forwardMaxQueueMs: -1 });
  const publisher = new TestPublisher();
  const viewer = new TestViewer();
  const room = 'room-shed';

  before(async () => {
    await publisher.connect((sdp) => sfu.publish(room, sdp));
    publisher.send('video', Buffer.from([0x10, 0]), { marker: true });
    await until(() => sfu.publisherSsrcKnown(room, 'video'), 3000, 'publisher video SSRC');
    await viewer.connect((sdp) => sfu.subscribe(room, sdp));
  });
  after(async () => {
    await Promise.all([viewer.close(), publisher.close()]);
    await sfu.close();
  });

  it('drops stale packets, counts them, and keeps the viewer connected', async () => {
    for (let i = 0; i < 20; i++) publisher.send('audio', Buffer.from([i, 1, 2]), { tsStep: 960 });
    await until(() => sfu.stats().packetsShed >= 20, 4000, 'the worker reports the dropped copies');
    assert.equal(viewer.count.audio, 0);
    assert.equal(viewer.pc.connectionState, 'connected');
  });
});
