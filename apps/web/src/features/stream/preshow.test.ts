import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IngestStats } from '@partystream/shared/stream/stream.schemas';
import { preshowWarnings } from './preshow.ts';

const clean: IngestStats = {
  receivingForMs: 5000,
  audio: { kbps: 130, packetsPerSecond: 50, lossPct: 0, codec: 'audio/opus', levelDbov: -14 },
  video: { kbps: 1500, packetsPerSecond: 150, lossPct: 0, codec: 'video/h264', fps: 30 },
  rttMs: 12,
};

describe('pre-show warnings', () => {
  it('a clean stream has none; nothing received yet has none (the panel says so instead)', () => {
    assert.deepEqual(preshowWarnings(clean), []);
    assert.deepEqual(preshowWarnings(null), []);
  });

  it('names each problem a DJ can fix', () => {
    assert.deepEqual(preshowWarnings({ ...clean, audio: null }), ['noAudio']);
    assert.deepEqual(preshowWarnings({ ...clean, audio: { ...clean.audio!, levelDbov: -90 } }), ['silent']);
    assert.deepEqual(
      preshowWarnings({ ...clean, audio: { ...clean.audio!, levelDbov: null } }),
      [],
      'OBS without levels is not silence',
    );
    assert.deepEqual(preshowWarnings({ ...clean, video: { ...clean.video!, kbps: 0, fps: 0 } }), ['noVideo']);
    assert.deepEqual(preshowWarnings({ ...clean, video: { ...clean.video!, fps: 9 } }), ['lowFps']);
    assert.deepEqual(preshowWarnings({ ...clean, video: { ...clean.video!, lossPct: 2.5 } }), ['loss']);
  });
});
