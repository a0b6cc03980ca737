import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Sfu } from '../src/sfu.ts';
import { TestPublisher, TestViewer, until } from './support/peers.ts';

// A forwarding worker drops packets that waited in its queue longer than forwardMaxQueueMs. A limit below zero
// makes every packet "too old" on arrival: nothing reaches the viewer, the drops are counted and reported, and the
// viewer's connection (ICE, DTLS, RTCP in the same worker) stays up.
describe('forwarding worker under overload', () => {
  // Made in before(), not when the file loads: two workers booting at once (through tsx) slow both suites' peers.
  let sfu: Sfu;
  const publisher = new TestPublisher();
  const viewer = new TestViewer();
  const room = 'room-shed';

  before(async () => {
    sfu = new Sfu({ iceUseLoopback: true, forwardWorkers: 1, forwardMaxQueueMs: -1 });
    await sfu.ready();
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

// A worker that falls behind must still serve connection setup: a guest arriving at a full, busy party connects
// in about the time it would on an idle one. Each forwarded packet costs the worker 4 ms here (a slow machine), and
// the publisher sends ~500 packets a second: twice what the worker can forward, so it runs a backlog and sheds.
describe('forwarding worker behind on media still lets viewers join', () => {
  let sfu: Sfu;
  const publisher = new TestPublisher();
  const first = new TestViewer();
  const late = new TestViewer();
  const room = 'room-busy-join';
  let flood: NodeJS.Timeout | undefined;

  before(async () => {
    sfu = new Sfu({ iceUseLoopback: true, forwardWorkers: 1, debugForwardCostMs: 4 });
    await sfu.ready();
    await publisher.connect((sdp) => sfu.publish(room, sdp));
    publisher.send('video', Buffer.from([0x10, 0]), { marker: true });
    await until(() => sfu.publisherSsrcKnown(room, 'video'), 3000, 'publisher video SSRC');
    await first.connect((sdp) => sfu.subscribe(room, sdp));
  });
  after(async () => {
    clearInterval(flood);
    await Promise.all([first.close(), late.close(), publisher.close()]);
    await sfu.close();
  });

  it('a new viewer connects within 3 s while the worker sheds, and the first viewer stays', async () => {
    let i = 0;
    flood = setInterval(() => {
      for (let k = 0; k < 2; k++) publisher.send('audio', Buffer.from([i++ & 0xff, 1, 2]), { tsStep: 960 });
    }, 4);
    await new Promise((r) => setTimeout(r, 1500)); // a backlog builds up
    const t0 = performance.now();
    await late.connect((sdp) => sfu.subscribe(room, sdp)).catch(() => {});
    await until(() => sfu.viewerCount(room) === 2, 10_000, 'the late viewer is counted').catch(() => {});
    const ms = performance.now() - t0;
    assert.ok(ms < 3000, `joined in ${ms.toFixed(0)} ms`);
    assert.equal(first.pc.connectionState, 'connected');
    await until(() => sfu.stats().packetsShed > 0, 5000, 'the worker was behind (it shed copies)');
  });
});
