import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SfuError } from '../src/errors.ts';
import { Sfu } from '../src/sfu.ts';
import type { SfuEvents } from '../src/types.ts';
import { TestPublisher, TestViewer, until } from './support/peers.ts';

for (const forwardWorkers of [0, 2]) {
  describe(`Sfu forwarding (werift publisher → SFU → 3 werift viewers, loopback, ${forwardWorkers} forwarding workers)`, () => {
    // No load shedding here: these tests check that every packet arrives intact and in order, and a busy CI box
    // can hold a burst in a worker's queue for longer than the default 400 ms (shedding has its own test).
    // Made in before(), not at collection time: both suites are collected first, and the other suite's forwarding
    // workers booting (tsx compiling in each) used to starve this suite's connections on a 2-core box.
    let sfu: Sfu;
    const room = 'room-forward';
    const publisher = new TestPublisher();
    const viewers = [new TestViewer(), new TestViewer(), new TestViewer()];
    const events: string[] = [];
    const keyframes: SfuEvents['keyframeRequested'][0][] = [];
    let publisherAnswer = '';
    let viewerAnswer = '';

    before(async () => {
      sfu = new Sfu({ iceUseLoopback: true, keyframeMinIntervalMs: 0, forwardWorkers, forwardMaxQueueMs: 60_000 });
      await sfu.ready(); // the worker loads first: peers' deadlines do not include its boot
      sfu.on('publisherStarted', (e) => events.push(`started:${e.roomId}`));
      sfu.on('publisherStopped', (e) => events.push(`stopped:${e.roomId}`));
      sfu.on('viewerCount', (e) => events.push(`viewers:${e.count}`));
      sfu.on('keyframeRequested', (e) => keyframes.push(e));
      await publisher.connect(async (sdp) => {
        const res = await sfu.publish(room, sdp);
        publisherAnswer = res.answerSdp;
        return res;
      });
      // One packet before anyone watches, so the SFU knows the publisher's video SSRC.
      publisher.send('video', Buffer.from([0x10, 0, 0, 0]), { marker: true });
      await until(() => sfu.publisherSsrcKnown(room, 'video'), 3000, 'publisher video SSRC learnt');
      await Promise.all(
        viewers.map((v) =>
          v.connect(async (sdp) => {
            const res = await sfu.subscribe(room, sdp);
            viewerAnswer = res.answerSdp;
            return res;
          }),
        ),
      );
      // Every viewer joining asks the publisher for a keyframe.
      await until(() => publisher.pliCount >= 3, 5000, 'three join PLIs reach the publisher');
    });

    after(async () => {
      await Promise.all(viewers.map((v) => v.close()));
      await publisher.close();
      await sfu.close();
    });

    it('answers with Opus in music mode and reports events', () => {
      for (const sdp of [publisherAnswer, viewerAnswer]) {
        assert.match(sdp, /a=fmtp:\d+ [^\r\n]*stereo=1;sprop-stereo=1;maxaveragebitrate=128000/);
        assert.match(sdp, /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 /);
        assert.doesNotMatch(sdp, /a=candidate:(?![^\r\n]* 127\.0\.0\.1 )/, 'loopback candidates only');
      }
      assert.match(publisherAnswer, /a=recvonly/);
      assert.match(viewerAnswer, /a=sendonly/);
      assert.deepEqual(events.slice(0, 4), ['started:room-forward', 'viewers:1', 'viewers:2', 'viewers:3']);
      assert.equal(sfu.viewerCount(room), 3);
      assert.equal(keyframes.filter((k) => k.reason === 'viewer-joined').length, 3);
    });

    it('refuses a second publisher with ROOM_HAS_PUBLISHER', async () => {
      const second = new TestPublisher();
      await assert.rejects(
        second.connect((sdp) => sfu.publish(room, sdp)),
        (e: unknown) => e instanceof SfuError && e.code === 'ROOM_HAS_PUBLISHER',
      );
      await second.close();
    });

    it('delivers every Opus and VP8 packet intact and in order to each viewer', async () => {
      const sent: Record<'audio' | 'video', { seq: number; payload: Buffer }[]> = { audio: [], video: [] };
      for (let i = 0; i < 150; i++) {
        const opus = Buffer.concat([Buffer.from([0xfc]), randomBytes(120 + (i % 40))]);
        sent.audio.push({ seq: publisher.send('audio', opus, { tsStep: 960 }), payload: opus });
        // VP8 payload descriptor (S bit on the first packet of a frame) + frame bytes; 3 packets per frame.
        const start = i % 3 === 0;
        const vp8 = Buffer.concat([Buffer.from([start ? 0x10 : 0x00]), randomBytes(900 + i)]);
        sent.video.push({
          seq: publisher.send('video', vp8, { marker: i % 3 === 2, tsStep: start ? 3000 : 0 }),
          payload: vp8,
        });
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 2));
      }
      await until(
        () => viewers.every((v) => v.received.audio.length >= 150 && v.received.video.length >= 150),
        5000,
        'all packets at all viewers',
      );
      for (const [n, v] of viewers.entries()) {
        for (const kind of ['audio', 'video'] as const) {
          assert.deepEqual(
            v.received[kind].map((r) => r.seq),
            sent[kind].map((s) => s.seq),
            `viewer ${n} ${kind} sequence order`,
          );
          v.received[kind].forEach((r, i) =>
            assert.ok(r.payload.equals(sent[kind][i]!.payload), `viewer ${n} ${kind} packet ${i} payload`),
          );
        }
      }
    });

    it(
      'a viewer whose socket fails does not hold back the others',
      { skip: forwardWorkers > 0 && 'needs the in-thread peer' },
      async () => {
        // Make the UDP socket of viewer 0's SFU-side connection throw on every send, as a socket torn down under a
        // send (or a full kernel buffer reported synchronously) would: sends are synchronous now, so an exception
        // must stay with that viewer.
        const session = (sfu as any).sessions.get(viewers[0]!.sessionId);
        const connection = session.peer.pc.dtlsTransports[0].iceTransport.connection;
        connection.nominated.protocol.transport.socket.send = () => {
          throw new Error('ENOBUFS');
        };
        const counts = viewers.map((v) => v.received.video.length);
        const seqs: number[] = [];
        for (let i = 0; i < 60; i++) seqs.push(publisher.send('video', Buffer.from([0x10, i, 1, 2, 3]), { tsStep: 3000 }));
        await until(
          () => viewers.slice(1).every((v, n) => v.received.video.length >= counts[n + 1]! + 60),
          3000,
          'viewers 1 and 2 get every packet',
        );
        for (const v of viewers.slice(1))
          assert.deepEqual(
            v.received.video.slice(-60).map((r) => r.seq),
            seqs,
          );
        assert.equal(viewers[0]!.received.video.length, counts[0]);
      },
    );

    it(
      "a relayed (TURN) candidate pair goes through werift's own send, not the direct socket path",
      { skip: forwardWorkers > 0 && 'needs the in-thread peer' },
      async () => {
        // Dress viewer 2's SFU-side pair up as a relay pair: type 'turn' and no plain UDP transport of ours, as
        // werift's StunOverTurnProtocol looks. Its methods still work (bound to the real protocol).
        const session = (sfu as any).sessions.get(viewers[2]!.sessionId);
        const pair = session.peer.pc.dtlsTransports[0].iceTransport.connection.nominated;
        const real = pair.protocol;
        let relayed = 0;
        pair.protocol = new Proxy(real, {
          get(target, key) {
            if (key === 'type') return 'turn';
            if (key === 'transport') return undefined;
            const value = Reflect.get(target, key);
            if (key === 'sendData') return (...args: unknown[]) => (relayed++, value.apply(target, args));
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        try {
          const v = viewers[2]!;
          const before = v.received.video.length;
          for (let i = 0; i < 5; i++) publisher.send('video', Buffer.from([0x40, i]), { tsStep: 3000 });
          await until(() => v.received.video.length >= before + 5, 3000, 'five packets over the relay path');
          assert.ok(relayed >= 5, `sent through the protocol's sendData (${relayed})`);
        } finally {
          pair.protocol = real;
        }
      },
    );

    it('resends NACKed packets from its history and sends sender reports for the rewritten stream', async () => {
      const v = viewers[1]!;
      const seqs: number[] = [];
      for (let i = 0; i < 10; i++) seqs.push(publisher.send('video', Buffer.from([0x20, i, 9, 9]), { tsStep: 3000 }));
      await until(() => v.received.video.length >= 10 && v.received.video.at(-1)!.payload[1] === 9, 3000, 'ten packets');
      const last10 = v.received.video.slice(-10);
      const before = v.received.video.length;
      const asked = [last10[2]!.seq, last10[5]!.seq, last10[7]!.seq];
      await v.sendNack(asked);
      await until(() => v.received.video.length >= before + 3, 3000, 'three retransmissions');
      const resent = v.received.video.slice(before);
      assert.deepEqual(
        resent.map((r) => r.seq),
        asked,
      );
      for (const r of resent) assert.ok(r.payload.equals(last10.find((x) => x.seq === r.seq)!.payload));
      // werift sends a sender report every 0.5–1.5 s; its RTP timestamp must be on the viewer's timeline.
      await until(
        () => v.senderReports.some((sr) => sr.ssrc === v.receivedVideoSsrc && sr.packetCount > 0),
        4000,
        'a sender report',
      );
      const sr = v.senderReports.filter((x) => x.ssrc === v.receivedVideoSsrc).at(-1)!;
      assert.ok(sr.packetCount >= 10);
    });

    it('relays a viewer PLI to the publisher', async () => {
      const before = publisher.pliCount;
      await viewers[1]!.sendPli();
      await until(() => publisher.pliCount > before, 3000, 'PLI at the publisher');
      assert.ok(keyframes.some((k) => k.reason === 'viewer-pli'));
    });

    it('counts viewers down on end() and reports the publisher stopping', async () => {
      await sfu.end(viewers[2]!.sessionId);
      assert.equal(sfu.viewerCount(room), 2);
      await assert.rejects(sfu.end('nope'), (e: unknown) => e instanceof SfuError && e.code === 'SESSION_NOT_FOUND');
      await sfu.end(publisher.sessionId);
      assert.ok(events.includes('stopped:room-forward'));
      assert.equal(sfu.hasPublisher(room), false);
    });

    it("a new publisher in the room continues the viewers' sequence numbers (re-based, no jump)", async () => {
      const v = viewers[1]!;
      await until(() => v.received.video.length > 0, 3000, 'earlier video');
      // The newest packet sent (a NACK repair earlier appended an older one at the end of the list).
      const newest = v.received.video.reduce((a, r) => (((r.seq - a.seq) & 0xffff) < 0x8000 ? r : a));
      const lastSeq = newest.seq;
      const second = new TestPublisher({ audio: 50, video: 5000 });
      try {
        await second.connect((sdp) => sfu.publish(room, sdp));
        const before = v.received.video.length;
        for (let i = 0; i < 5; i++) second.send('video', Buffer.from([0x30, i]), { tsStep: 3000 });
        await until(() => v.received.video.length >= before + 5, 5000, 'five packets from the new publisher');
        const seqs = v.received.video.slice(before, before + 5).map((r) => r.seq);
        assert.deepEqual(
          seqs,
          [1, 2, 3, 4, 5].map((d) => (lastSeq + d) & 0xffff),
        );
        // The 90 kHz clock moved forward by about the time between the two publishers, never backwards.
        const step = (v.received.video[before]!.ts - newest.ts) >>> 0;
        const elapsed90k = (Number(v.received.video[before]!.at - newest.at) / 1e9) * 90000;
        // Slack of 1 s: the viewer sees arrivals, the SFU counts from its last send (a loaded box delays either);
        // a truncated or backwards offset lands anywhere in 2^32, far outside this window.
        assert.ok(step > 0 && step <= elapsed90k + 90000, `timestamp step ${step} for ${elapsed90k.toFixed(0)} elapsed`);
      } finally {
        await second.close();
      }
    });
  });
}
