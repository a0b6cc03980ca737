import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RtpHeader, RtpPacket } from 'werift';
import { IngestMeter } from '../src/ingest-stats.ts';
import { Sfu } from '../src/sfu.ts';
import { TestPublisher, until } from './support/peers.ts';

const packet = (seq: number, opts: { marker?: boolean; bytes?: number; levelId?: number; dbov?: number } = {}) =>
  new RtpPacket(
    new RtpHeader({
      sequenceNumber: seq & 0xffff,
      marker: opts.marker ?? false,
      ...(opts.levelId !== undefined
        ? { extension: true, extensions: [{ id: opts.levelId, payload: Buffer.from([-(opts.dbov ?? 127)]) }] }
        : {}),
    }),
    Buffer.alloc(opts.bytes ?? 988),
  );

describe('ingest meter (what the pre-show check shows)', () => {
  it('rates over the last two full seconds: bitrate, packets, frames from marker bits, loss from sequence gaps', () => {
    let now = 10_000;
    const m = new IngestMeter(() => now);
    let seq = 65_000; // wraps past 65535 on the way: the extended counter must not see a huge gap or a loss
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < 100; i++) {
        now = 10_000 + s * 1000 + i * 10;
        if (s >= 1 && i % 10 === 4) {
          seq++; // one in ten lost in the measured seconds
          continue;
        }
        m.add(packet(seq++, { marker: i % 4 === 3 }));
      }
    }
    now = 13_000; // the third second just ended: the window is seconds 1 and 2
    const st = m.stats()!;
    assert.equal(st.packetsPerSecond, 90);
    assert.equal(st.kbps, Math.round((90 * 1000 * 8) / 1000)); // 988 B payload + 12 B header
    assert.equal(st.lossPct, 10);
    assert.equal(st.fps, 25);
    assert.equal(st.levelDbov, null, 'no level without the extension');
    assert.equal(st.receivingForMs, 3000);
  });

  it('late and repeated packets do not count as loss or move the counter backwards', () => {
    let now = 0;
    const m = new IngestMeter(() => now);
    for (let i = 0; i < 50; i++) {
      now = 1000 + i * 20;
      m.add(packet(100 + i));
      if (i === 10) m.add(packet(95)); // late
    }
    now = 2000;
    assert.equal(m.stats()!.lossPct, 0);
  });

  it('audio level: the loudest of the last half second; silence once levels stop coming', () => {
    let now = 5000;
    const m = new IngestMeter(() => now);
    m.add(packet(1, { levelId: 1, dbov: -30 }), 1);
    now = 5100;
    m.add(packet(2, { levelId: 1, dbov: -12 }), 1);
    now = 5300;
    m.add(packet(3, { levelId: 1, dbov: -40 }), 1);
    assert.equal(m.stats()!.levelDbov, -12, 'loudest of this and the previous quarter second');
    now = 5600;
    m.add(packet(4, { levelId: 1, dbov: -40 }), 1);
    assert.equal(m.stats()!.levelDbov, -40, 'the loud packet has aged out');
    now = 7000;
    assert.equal(m.stats()!.levelDbov, -127, 'nothing recent reads as silence');
  });

  it('nothing received yet: no stats', () => {
    assert.equal(new IngestMeter().stats(), null);
  });
});

describe('SFU ingest stats from a real publisher', () => {
  const sfu = new Sfu({ iceUseLoopback: true });
  const publisher = new TestPublisher(undefined, { offerAudioLevel: true });
  const room = 'room-preshow';

  before(async () => {
    await publisher.connect((sdp) => sfu.publish(room, sdp));
  });
  after(async () => {
    await publisher.close();
    await sfu.close();
  });

  it('reports what arrives: audio level from RFC 6464, video frames and loss, round trip from ICE', async () => {
    assert.ok(publisher.audioLevelId, 'the SFU accepts the audio-level extension');
    assert.equal(sfu.ingestStats('no-such-room'), null);
    const started = Date.now();
    let frame = 0;
    // ~2.6 s: audio every 20 ms at -18 dBov, video 3 packets per frame every 40 ms, every 10th video packet lost.
    while (Date.now() - started < 2600) {
      publisher.send('audio', Buffer.alloc(160, 1), { tsStep: 960, audioLevelDbov: -18 });
      if (frame % 2 === 0) {
        for (let p = 0; p < 3; p++) {
          if ((frame * 3 + p) % 10 === 9) publisher.lose('video', 1);
          else publisher.send('video', Buffer.alloc(1000, 2), { marker: p === 2, tsStep: p === 0 ? 3600 : 0 });
        }
      }
      frame++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const st = sfu.ingestStats(room)!;
    assert.ok(st.audio && st.video, JSON.stringify(st));
    assert.equal(st.audio.codec, 'audio/opus');
    assert.equal(st.video.codec, 'video/vp8');
    assert.equal(st.audio.levelDbov, -18);
    // Rates depend on how fast this busy test loop ran; exact figures are the fake-clock tests' job.
    assert.ok(st.audio.packetsPerSecond > 0 && st.audio.packetsPerSecond <= 52, `audio pps ${st.audio.packetsPerSecond}`);
    assert.equal(st.audio.lossPct, 0);
    assert.ok(
      st.video.fps > 0 && st.video.fps * 2 <= st.video.packetsPerSecond,
      `fps ${st.video.fps}, pps ${st.video.packetsPerSecond} (three packets a frame)`,
    );
    assert.ok(st.video.lossPct > 4 && st.video.lossPct < 20, `video loss ${st.video.lossPct} %`);
    assert.ok(st.video.kbps > 100, `video ${st.video.kbps} kbit/s`);
    await until(() => sfu.ingestStats(room)!.rttMs !== null, 3000, 'a round trip from the ICE checks');
    assert.ok(sfu.ingestStats(room)!.rttMs! < 1000);
  });
});
