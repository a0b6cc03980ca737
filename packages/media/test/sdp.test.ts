import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RTCRtpCodecParameters } from 'werift';
import { applyOpusMusicMode, looksLikeSdp, preferCodec, unifyBundleTransport } from '../src/sdp.ts';

const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 127 125',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:102 H264/90000',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f',
  'a=rtpmap:127 H264/90000',
  'a=fmtp:127 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:125 H264/90000',
  'a=fmtp:125 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f',
  '',
].join('\r\n');

describe('SDP helpers', () => {
  it('looksLikeSdp accepts offers and rejects junk', () => {
    assert.equal(looksLikeSdp(offer), true);
    assert.equal(looksLikeSdp('hello'), false);
    assert.equal(looksLikeSdp('v=0\r\nm=audio 9 x 1\r\n'), false);
  });

  it("preferCodec puts the publisher's H.264 variant first in the video m-line only", () => {
    const want = new RTCRtpCodecParameters({
      mimeType: 'video/H264',
      clockRate: 90000,
      parameters: 'packetization-mode=1;profile-level-id=42e01f',
    });
    const out = preferCodec(offer, 'video', want);
    assert.match(out, /\r\nm=video 9 UDP\/TLS\/RTP\/SAVPF 127 125 102 96 97\r\n/);
    assert.match(out, /\r\nm=audio 9 UDP\/TLS\/RTP\/SAVPF 111 0\r\n/);
    // werift reads the codec order from the a=rtpmap lines: those follow the m= line; nothing else moves.
    const video = out.slice(out.indexOf('m=video'));
    assert.deepEqual(
      [...video.matchAll(/a=rtpmap:(\d+)/g)].map((m) => m[1]),
      ['127', '125', '102', '96', '97'],
    );
    const rest = (sdp: string) => sdp.split('\r\n').filter((l) => !/^(m=video|a=rtpmap:)/.test(l));
    assert.deepEqual(rest(out), rest(offer));
  });

  it('applyOpusMusicMode sets stereo and 128 kbit/s on Opus only', () => {
    const out = applyOpusMusicMode(offer);
    assert.match(out, /\r\na=fmtp:111 minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1;maxaveragebitrate=128000\r\n/);
    assert.match(out, /\r\na=fmtp:97 apt=96\r\n/);
    const noFmtp = applyOpusMusicMode(offer.replace('a=fmtp:111 minptime=10;useinbandfec=1\r\n', ''));
    assert.match(noFmtp, /a=rtpmap:111 opus\/48000\/2\r\na=fmtp:111 [^\r]*stereo=1;sprop-stereo=1;maxaveragebitrate=128000\r\n/);
  });

  it('unifyBundleTransport gives every bundled m-line the first one’s ICE credentials and candidates only (RFC 8843, aiortc)', () => {
    const perLine = [
      'v=0',
      'o=- 1 2 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      'a=group:BUNDLE 0 1',
      'm=audio 50000 UDP/TLS/RTP/SAVPF 111',
      'a=mid:0',
      'a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host',
      'a=end-of-candidates',
      'a=ice-ufrag:AAAA',
      'a=ice-pwd:aaaaaaaaaaaaaaaaaaaaaa',
      'a=rtpmap:111 opus/48000/2',
      'm=video 50002 UDP/TLS/RTP/SAVPF 96',
      'a=mid:1',
      'a=candidate:2 1 udp 2130706431 127.0.0.1 50002 typ host',
      'a=end-of-candidates',
      'a=ice-ufrag:BBBB',
      'a=ice-pwd:bbbbbbbbbbbbbbbbbbbbbb',
      'a=rtpmap:96 VP8/90000',
      '',
    ].join('\r\n');
    const out = unifyBundleTransport(perLine);
    assert.equal(out.match(/a=ice-ufrag:AAAA/g)?.length, 2);
    assert.equal(out.match(/a=ice-pwd:a{22}/g)?.length, 2);
    assert.doesNotMatch(out, /BBBB|b{22}/);
    assert.deepEqual(out.match(/a=candidate:\S+/g), ['a=candidate:1']);
    assert.equal(unifyBundleTransport(offer), offer, 'no BUNDLE group: unchanged');
  });
});
