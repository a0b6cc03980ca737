import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendSample, countersOf, graphRows, statsBetween, type HealthSample } from './health.ts';

describe('stream health', () => {
  it('reads the outbound counters of a publisher report: both tracks, video frames, remote loss, the nominated RTT', () => {
    const c = countersOf(
      [
        { type: 'outbound-rtp', kind: 'audio', bytesSent: 1000, packetsSent: 50 },
        { type: 'outbound-rtp', kind: 'video', bytesSent: 9000, packetsSent: 150, framesEncoded: 30 },
        { type: 'remote-inbound-rtp', packetsLost: 2 },
        { type: 'candidate-pair', nominated: false, currentRoundTripTime: 0.5 },
        { type: 'candidate-pair', nominated: true, currentRoundTripTime: 0.012 },
      ],
      1000,
    );
    assert.deepEqual(c, { bytes: 10_000, frames: 30, lost: 2, sent: 200, rttMs: 12, at: 1000 });
  });

  it('turns two readings a second apart into kbit/s, frames per second and loss', () => {
    const a = { bytes: 0, frames: 0, lost: 0, sent: 0, rttMs: null, at: 0 };
    const b = { bytes: 250_000, frames: 30, lost: 3, sent: 300, rttMs: 20, at: 1000 };
    assert.deepEqual(statsBetween(a, b), { kbps: 2000, fps: 30, lossPct: 1, rttMs: 20 });
    // A restarted encoder (counters went back) never draws a negative rate.
    assert.deepEqual(statsBetween(b, { ...a, at: 2000 }), { kbps: 0, fps: 0, lossPct: 0, rttMs: null });
  });

  it('keeps only the window and labels rows by seconds before now', () => {
    let h: HealthSample[] = [];
    for (let s = 0; s <= 150; s++) h = appendSample(h, { at: s * 1000, kbps: s, fps: 30, lossPct: 0, rttMs: null });
    assert.equal(h.length, 120);
    assert.equal(h[0]!.kbps, 31);
    const rows = graphRows(h);
    assert.deepEqual(rows.at(-1), { ago: 0, kbps: 150, fps: 30, lossPct: 0 });
    assert.equal(rows[0]!.ago, -119);
  });
});
