// SDP work the SFU does itself, before and after werift: the codecs it speaks, a structural check, what an offer
// asks for (so an unusable one gets a precise 4xx instead of a silent `m=video 0`), RFC 8843 BUNDLE transport
// credentials, and codec preference for viewers. Opus music mode is shared with the web app
// (@partystream/shared/stream/opus-music).
import { RTCRtpCodecParameters } from 'werift';
import { applyOpusMusicMode, OPUS_MUSIC_FMTP } from '@partystream/shared/stream/opus-music';
import { SfuError } from './errors.ts';
import type { MediaKind } from './types.ts';

export { applyOpusMusicMode, OPUS_MUSIC_FMTP };

/** What the SFU forwards, in words for error messages. No transcoding: publisher and viewers must share these. */
export const SUPPORTED_CODECS = { audio: 'Opus (48 kHz)', video: 'VP8 or H.264 (packetization-mode 1)' } as const;

export const opus = () =>
  new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    parameters: `minptime=10;useinbandfec=1;${OPUS_MUSIC_FMTP}`,
    rtcpFeedback: [{ type: 'transport-cc' }],
  });
const videoFeedback = [
  { type: 'nack' },
  { type: 'nack', parameter: 'pli' },
  { type: 'ccm', parameter: 'fir' },
  { type: 'goog-remb' },
  { type: 'transport-cc' },
];
export const vp8 = () => new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: videoFeedback });
export const h264 = () =>
  new RTCRtpCodecParameters({
    mimeType: 'video/H264',
    clockRate: 90000,
    rtcpFeedback: videoFeedback,
    parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  });

/** Cheap structural check before handing an SDP to werift. */
export function looksLikeSdp(sdp: string): boolean {
  return /^v=0\r?\n/.test(sdp) && /\r?\nm=(audio|video|application) /.test(sdp) && /\r?\no=/.test(sdp);
}

interface MediaSection {
  kind: string;
  port: number;
  /** Payload types listed on the m= line. */
  pts: string[];
  direction: string;
  /** Codec names (upper case) by payload type, from a=rtpmap; static payload types have none. */
  codecs: Map<string, string>;
  fmtp: Map<string, string>;
}

function sections(sdp: string): MediaSection[] {
  return sdp
    .split(/\r?\n(?=m=)/)
    .slice(1)
    .map((text) => {
      const lines = text.split(/\r?\n/);
      const [, kind = '', port = '0', fmts = ''] = /^m=(\S+) (\d+)(?:\/\d+)? \S+ ?(.*)$/.exec(lines[0]!) ?? [];
      const codecs = new Map<string, string>();
      const fmtp = new Map<string, string>();
      let direction = 'sendrecv';
      for (const l of lines) {
        const r = /^a=rtpmap:(\d+) ([^/\s]+)\//.exec(l);
        if (r) codecs.set(r[1]!, r[2]!.toUpperCase());
        const f = /^a=fmtp:(\d+) (.*)$/.exec(l);
        if (f) fmtp.set(f[1]!, f[2]!);
        const d = /^a=(sendrecv|sendonly|recvonly|inactive)$/.exec(l);
        if (d) direction = d[1]!;
      }
      return { kind, port: Number(port), pts: fmts.trim().split(/\s+/).filter(Boolean), direction, codecs, fmtp };
    });
}

const usableVideo = (s: MediaSection, pt: string) => {
  const name = s.codecs.get(pt);
  if (name === 'VP8') return true;
  if (name !== 'H264') return false;
  return /packetization-mode=1/.test(s.fmtp.get(pt) ?? '');
};

/**
 * Refuses offers the SFU cannot serve, naming what it takes (RFC 9725 leaves the status to the server; this one
 * answers 400/413 with a problem document rather than a `m=video 0` the client would have to notice):
 * - larger than `maxBytes`;
 * - without any active audio or video m-line (the publisher must send, the viewer must receive, at least one);
 * - an active audio or video m-line with no codec in common (no transcoding here).
 * A publisher's m-lines must send (sendonly/sendrecv); a viewer's must receive (recvonly/sendrecv).
 */
export function assertUsableOffer(sdp: string, role: 'publisher' | 'viewer', maxBytes: number): void {
  if (Buffer.byteLength(sdp) > maxBytes) throw new SfuError('SDP_TOO_LARGE', `The SDP offer is larger than ${maxBytes} bytes.`);
  if (!looksLikeSdp(sdp)) throw new SfuError('INVALID_SDP', 'The body is not an SDP offer (v=, o= and m= lines).');
  const wanted = role === 'publisher' ? ['sendonly', 'sendrecv'] : ['recvonly', 'sendrecv'];
  const media = sections(sdp).filter(
    (s) => (s.kind === 'audio' || s.kind === 'video') && s.port !== 0 && wanted.includes(s.direction),
  );
  if (!media.length) {
    throw new SfuError(
      'UNSUPPORTED_CODEC',
      role === 'publisher'
        ? 'The offer sends no audio or video: add an audio (Opus) and/or a video (VP8 or H.264) track.'
        : 'The offer receives no audio or video: add recvonly audio (Opus) and video (VP8 or H.264) transceivers.',
    );
  }
  for (const s of media) {
    const unmapped = s.pts.find((pt) => Number(pt) >= 96 && !s.codecs.has(pt));
    if (unmapped) throw new SfuError('INVALID_SDP', `Payload type ${unmapped} of the ${s.kind} m-line has no a=rtpmap line.`);
    const pts = [...s.codecs.keys()];
    const ok = s.kind === 'audio' ? pts.some((pt) => s.codecs.get(pt) === 'OPUS') : pts.some((pt) => usableVideo(s, pt));
    if (!ok) {
      const offered = [...new Set(s.codecs.values())].filter((c) => !['RTX', 'RED', 'ULPFEC', 'FLEXFEC-03'].includes(c));
      throw new SfuError(
        'UNSUPPORTED_CODEC',
        `No supported ${s.kind} codec in the offer (offered: ${offered.join(', ') || 'none'}). ` +
          `This server takes ${s.kind} as ${SUPPORTED_CODECS[s.kind as MediaKind]}.`,
      );
    }
  }
}

/**
 * RFC 8843 §7.1/§9: in a BUNDLE group every m-line shares the transport of the first one (the offerer's tagged
 * m-line), so that m-line's ICE ufrag/pwd and candidates are the transport's. libwebrtc repeats the same values
 * everywhere; other stacks (aiortc) write per-m-line credentials and candidates, and werift would take the last
 * m-line's credentials. This rewrites each bundled m-line to carry the first one's credentials and drops the
 * other m-lines' candidates, so werift sees one transport.
 */
export function unifyBundleTransport(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const group = new RegExp(`${eol}a=group:BUNDLE ([^\\r\\n]+)`).exec(sdp)?.[1]?.trim().split(/\s+/);
  if (!group || group.length < 2) return sdp;
  const parts = sdp.split(new RegExp(`(?=${eol}m=)`));
  const mid = (p: string) => new RegExp(`${eol}a=mid:(\\S+)`).exec(p)?.[1];
  const first = parts.find((p, i) => i > 0 && mid(p) === group[0]);
  if (!first) return sdp;
  const ufrag = new RegExp(`${eol}a=ice-ufrag:(\\S+)`).exec(first)?.[1];
  const pwd = new RegExp(`${eol}a=ice-pwd:(\\S+)`).exec(first)?.[1];
  if (!ufrag || !pwd) return sdp;
  return parts
    .map((p, i) => {
      const m = mid(p);
      if (i === 0 || p === first || !m || !group.includes(m)) return p;
      return p
        .split(eol)
        .filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
        .map((l) => (l.startsWith('a=ice-ufrag:') ? `a=ice-ufrag:${ufrag}` : l.startsWith('a=ice-pwd:') ? `a=ice-pwd:${pwd}` : l))
        .join(eol);
    })
    .join('');
}

function fmtp(codec: RTCRtpCodecParameters): Map<string, string> {
  const m = new Map<string, string>();
  for (const kv of (codec.parameters ?? '').split(';')) {
    const [k, v] = kv.split('=');
    if (k?.trim()) m.set(k.trim().toLowerCase(), (v ?? '').trim().toLowerCase());
  }
  return m;
}

/** How well a viewer-side codec matches what the publisher sends (higher is better; 0 = other codec). */
export function codecAffinity(candidate: RTCRtpCodecParameters, publisher: RTCRtpCodecParameters): number {
  if (candidate.mimeType.toLowerCase() !== publisher.mimeType.toLowerCase()) return 0;
  let score = 10;
  if (candidate.mimeType.toLowerCase() === 'video/h264') {
    const a = fmtp(candidate);
    const b = fmtp(publisher);
    if ((a.get('packetization-mode') ?? '0') === (b.get('packetization-mode') ?? '0')) score += 4;
    const pa = a.get('profile-level-id') ?? '42001f';
    const pb = b.get('profile-level-id') ?? '42001f';
    if (pa.slice(0, 2) === pb.slice(0, 2)) score += 2;
    if (pa.slice(0, 4) === pb.slice(0, 4)) score += 1;
  }
  return score;
}

/** Reorders the payload types of every m=<kind> section so the best match for `want` comes first. */
export function preferCodec(sdp: string, kind: MediaKind, want: RTCRtpCodecParameters): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const parts = sdp.split(new RegExp(`(?=${eol}m=)`));
  return parts
    .map((section) => {
      const m = new RegExp(`^(${eol}m=${kind} \\S+ \\S+ )([\\d ]+)`).exec(section);
      if (!m) return section;
      const pts = m[2]!.trim().split(/\s+/);
      const score = (pt: string) => {
        const rtpmap = new RegExp(`${eol}a=rtpmap:${pt} ([^/\\s]+)/(\\d+)`).exec(section);
        if (!rtpmap) return 0;
        const params = new RegExp(`${eol}a=fmtp:${pt} ([^\\r\\n]*)`).exec(section)?.[1];
        return codecAffinity(
          new RTCRtpCodecParameters({
            mimeType: `${kind}/${rtpmap[1]}`,
            clockRate: Number(rtpmap[2]),
            parameters: params,
          }),
          want,
        );
      };
      const scores = new Map(pts.map((pt) => [pt, score(pt)]));
      const sorted = [...pts].sort((a, b) => scores.get(b)! - scores.get(a)!);
      // werift takes the codec order from the a=rtpmap lines, not the m= line: put those in the same order.
      const rank = (l: string) => sorted.indexOf(/^a=rtpmap:(\d+) /.exec(l)?.[1] ?? '');
      const lines = (m[1] + sorted.join(' ') + section.slice(m[0].length)).split(eol);
      const rtpmaps = lines.filter((l) => l.startsWith('a=rtpmap:')).sort((a, b) => rank(a) - rank(b));
      return lines.map((l) => (l.startsWith('a=rtpmap:') ? rtpmaps.shift()! : l)).join(eol);
    })
    .join('');
}
