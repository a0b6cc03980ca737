// The SFU side of one viewer, and the peer plumbing publisher and viewers share (config, non-trickle answer).
// Used in the SFU's own thread or inside a forwarding worker (forward-worker.ts).
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpHeaderExtensionParameters,
  type PeerConfig,
  type RTCRtpCodecParameters,
  type RTCRtpSender,
  type RTCRtpTransceiver,
  type RtcpPacket,
  type RtpPacket,
} from 'werift';
import { SfuError } from './errors.ts';
import { FastRtpSender, PLAYOUT_DELAY_URI } from './fast-send.ts';
import { applyOpusMusicMode, codecAffinity, h264, opus, unifyBundleTransport, vp8 } from './sdp.ts';
import type { ForwardCodec, KeyframeReason, MediaKind, SfuOptions } from './types.ts';

const PSFB = 206;
const PLI_FMT = 1;
const FIR_FMT = 4;

/**
 * A sendonly werift peer with one outgoing track per kind. Every codec the SFU forwards is negotiated (when the
 * viewer offers it), so when the DJ changes codec (a new publish with H.264 after VP8) the packets simply go out
 * with the viewer's payload type for the new codec: a payload type change inside a negotiated m-line needs no
 * renegotiation (RFC 3264 §5.1), and browsers switch decoders on it.
 */
export class ViewerPeer {
  readonly senders: Partial<Record<MediaKind, RTCRtpSender>> = {};
  private readonly transceivers: Partial<Record<MediaKind, RTCRtpTransceiver>> = {};
  private readonly fast: Partial<Record<MediaKind, FastRtpSender>> = {};
  /** Which publisher source each sender last forwarded (to re-base seq/timestamp on a new publisher). */
  private readonly source: Partial<Record<MediaKind, number>> = {};
  /** Negotiated payload type per publisher codec (`mime` + fmtp), looked up once per codec. */
  private readonly ptFor = new Map<string, number | null>();

  constructor(
    readonly sessionId: string,
    readonly roomId: string,
    readonly pc: RTCPeerConnection,
    onKeyframe: (reason: KeyframeReason) => void,
    videoPlayoutDelayMs?: { min: number; max: number },
  ) {
    for (const kind of ['audio', 'video'] as const) {
      const track = new MediaStreamTrack({ kind });
      const t = pc.addTransceiver(track, { direction: 'sendonly' });
      this.transceivers[kind] = t;
      this.senders[kind] = t.sender;
      this.fast[kind] = new FastRtpSender(t.sender, kind === 'video' ? videoPlayoutDelayMs : undefined);
      if (kind === 'video') {
        t.sender.onRtcp.subscribe((p: RtcpPacket) => {
          if (p.type !== PSFB) return;
          const fmt = (p as unknown as { feedback?: { count?: number } }).feedback?.count;
          if (fmt === PLI_FMT) onKeyframe('viewer-pli');
          else if (fmt === FIR_FMT) onKeyframe('viewer-fir');
        });
      }
    }
  }

  static create(
    options: SfuOptions,
    sessionId: string,
    roomId: string,
    videoMime: string | undefined,
    onKeyframe: (reason: KeyframeReason) => void,
  ): ViewerPeer {
    // Both codecs, the publisher's current one first (werift answers in its own order and sends the first).
    const video = videoMime === 'video/h264' ? [h264(), vp8()] : [vp8(), h264()];
    const playoutDelay = options.videoPlayoutDelayMs === undefined ? { min: 0, max: 0 } : options.videoPlayoutDelayMs;
    const pc = new RTCPeerConnection({
      ...peerConfigFor(options, { audio: [opus()], video }),
      ...(playoutDelay ? { headerExtensions: { video: [new RTCRtpHeaderExtensionParameters({ uri: PLAYOUT_DELAY_URI })] } } : {}),
    });
    return new ViewerPeer(sessionId, roomId, pc, onKeyframe, playoutDelay || undefined);
  }

  /**
   * Encrypts and sends the packet to this viewer at once (fast-send.ts), with the viewer's payload type for the
   * publisher's codec. Returns false when skipped (not connected yet, or the viewer did not negotiate that codec).
   */
  forward(kind: MediaKind, rtp: RtpPacket, epoch: number, codec: ForwardCodec | undefined): boolean {
    const sender = this.senders[kind];
    if (!sender?.codec) return false;
    let pt: number | null | undefined = sender.codec.payloadType;
    if (codec && codec.mime !== sender.codec.mimeType.toLowerCase()) {
      const key = `${codec.mime};${codec.fmtp ?? ''}`;
      pt = this.ptFor.get(key);
      if (pt === undefined) {
        pt = this.bestPayloadType(kind, codec);
        this.ptFor.set(key, pt);
      }
      if (pt === null) return false;
    }
    if (this.source[kind] !== epoch) {
      if (this.source[kind] !== undefined) this.fast[kind]!.rebase(rtp.header);
      this.source[kind] = epoch;
    }
    return this.fast[kind]!.send(rtp, pt);
  }

  private bestPayloadType(kind: MediaKind, codec: { mime: string; fmtp?: string }): number | null {
    const want = { mimeType: codec.mime, parameters: codec.fmtp } as RTCRtpCodecParameters;
    let best: { pt: number; score: number } | null = null;
    for (const c of this.transceivers[kind]?.codecs ?? []) {
      const score = codecAffinity(c, want);
      if (score > 0 && (!best || score > best.score)) best = { pt: c.payloadType!, score };
    }
    return best?.pt ?? null;
  }
}

export function peerConfigFor(
  o: SfuOptions,
  codecs: { audio: RTCRtpCodecParameters[]; video: RTCRtpCodecParameters[] },
): Partial<PeerConfig> {
  const config: Partial<PeerConfig> = {
    codecs,
    iceServers: o.iceServers ?? [],
    icePortRange: o.icePortRange,
    iceAdditionalHostAddresses: o.iceAdditionalHostAddresses,
    bundlePolicy: 'max-bundle',
  };
  if (o.iceUseLoopback) {
    // Skip interface enumeration entirely and bind the ICE sockets to loopback.
    config.iceUseIpv4 = false;
    config.iceUseIpv6 = false;
    config.iceAdditionalHostAddresses = ['127.0.0.1', ...(o.iceAdditionalHostAddresses ?? [])];
    config.iceInterfaceAddresses = { udp4: '127.0.0.1' };
  }
  return config;
}

/** Applies the offer, answers, waits for ICE gathering (non-trickle) and returns the answer in music mode. */
export async function answerOffer(pc: RTCPeerConnection, offerSdp: string, gatherTimeoutMs = 5000): Promise<string> {
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: unifyBundleTransport(offerSdp) });
  } catch (e) {
    throw new SfuError('INVALID_SDP', `Cannot apply the SDP offer: ${(e as Error).message}`, { cause: e });
  }
  const gathered = new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(done, gatherTimeoutMs);
    const sub = pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') done();
    });
    function done() {
      clearTimeout(timer);
      sub.unSubscribe();
      resolve();
    }
  });
  try {
    await pc.setLocalDescription(await pc.createAnswer());
  } catch (e) {
    throw new SfuError('INVALID_SDP', `Cannot answer the SDP offer: ${(e as Error).message}`, { cause: e });
  }
  await gathered;
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new SfuError('INVALID_SDP', 'No local description');
  return applyOpusMusicMode(sdp);
}
