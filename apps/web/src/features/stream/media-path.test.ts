import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audioConstraints, choosePublishPath, chooseViewPath, stageAudioConfig } from './media-path.ts';

const party = 'p'.repeat(43);
const ivs = {
  provider: 'ivs' as const,
  stageArn: 'arn:aws:ivs:eu-west-1:1:stage/abc',
  participantId: 'x',
  token: 'eyJ.tok',
  expiresAt: '2026-12-04T22:30:00.000Z',
};

test('the publish path follows the provider the server names', () => {
  const turn = { urls: ['turns:turn.example.net:443?transport=tcp'], username: '1764900000:dj', credential: 'c2VjcmV0' };
  assert.deepEqual(
    choosePublishPath(party, { provider: 'embedded', whipUrl: `/api/streams/${party}/whip`, iceServers: [turn] }),
    { kind: 'whip', url: `/api/streams/${party}/whip`, iceServers: [turn] },
  );
  assert.deepEqual(choosePublishPath(party, { ...ivs, whipUrl: 'https://abc.global-bm.whip.live-video.net' }), {
    kind: 'ivs',
    token: 'eyJ.tok',
    expiresAt: ivs.expiresAt,
  });
});

test('the view path is IVS only when the server says so; otherwise today’s WHEP path with the invite', () => {
  assert.deepEqual(chooseViewPath(party, 'inv/+', ivs), { kind: 'ivs', token: 'eyJ.tok', expiresAt: ivs.expiresAt });
  const stun = { urls: ['stun:stun.example.net:3478'] };
  assert.deepEqual(
    chooseViewPath(party, 'inv/+', { provider: 'embedded', whepUrl: `/api/streams/${party}/whep`, iceServers: [stun] }),
    { kind: 'whep', url: `/api/streams/${party}/whep?invite=inv%2F%2B`, iceServers: [stun] },
  );
  assert.deepEqual(chooseViewPath(party, undefined, null), { kind: 'whep', url: `/api/streams/${party}/whep`, iceServers: [] });
});

test('music mode on IVS is stereo at 128 kbit/s or more; speech mode keeps the SDK defaults', () => {
  const music = stageAudioConfig(true);
  assert.equal(music.stereo, true);
  assert.ok((music.maxAudioBitrateKbps ?? 0) >= 128);
  assert.deepEqual(stageAudioConfig(false), {});
});

test('music-mode capture turns off echo cancellation, noise suppression and auto gain, in stereo', () => {
  assert.deepEqual(audioConstraints(true, 'mic-1'), {
    deviceId: { exact: 'mic-1' },
    echoCancellation: false,
    noiseSuppression: false,
    autoGainControl: false,
    channelCount: 2,
    sampleRate: 48000,
  });
  const speech = audioConstraints(false);
  assert.equal(speech.echoCancellation, true);
  assert.equal(speech.deviceId, undefined);
});
