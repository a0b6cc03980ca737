// werift client peers for tests and the capacity bench: a publisher that writes generated RTP (what OBS would
// do over WHIP) and a viewer that records what it receives (what a WHEP player would do). Loopback-only ICE.
import {
  GenericNack,
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RTCRtpHeaderExtensionParameters,
  RtcpSrPacket,
  RtcpTransportLayerFeedback,
  RtpHeader,
  RtpPacket,
  type PeerConfig,
  type RTCRtpReceiver,
} from 'werift';

export const loopbackIce: Partial<PeerConfig> = {
  iceServers: [],
  bundlePolicy: 'max-bundle',
  iceUseIpv4: false,
  iceUseIpv6: false,
  iceAdditionalHostAddresses: ['127.0.0.1'],
  iceInterfaceAddresses: { udp4: '127.0.0.1' },
};

const vp8 = () =>
  new RTCRtpCodecParameters({
    mimeType: 'video/VP8',
    clockRate: 90000,
    rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
  });
/** H.264 constrained baseline, packetization-mode 1: what OBS's WHIP output sends. */
const h264 = () =>
  new RTCRtpCodecParameters({
    mimeType: 'video/H264',
    clockRate: 90000,
    rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
    parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  });
export type VideoCodecs = 'vp8' | 'h264' | 'vp8+h264';
const withVideo = (video: VideoCodecs) => ({
  audio: codecs.audio,
  video: video === 'vp8' ? [vp8()] : video === 'h264' ? [h264()] : [vp8(), h264()],
});

const codecs = {
  audio: [
    new RTCRtpCodecParameters({
      mimeType: 'audio/opus',
      clockRate: 48000,
      channels: 2,
      parameters: 'minptime=10;useinbandfec=1',
    }),
  ],
  video: [
    new RTCRtpCodecParameters({
      mimeType: 'video/VP8',
      clockRate: 90000,
      rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }],
    }),
  ],
};

async function offer(pc: RTCPeerConnection): Promise<string> {
  const gathered = new Promise<void>((resolve) => {
    pc.iceGatheringStateChange.subscribe((s) => {
      if (s === 'complete') resolve();
    });
  });
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete') await gathered;
  return pc.localDescription!.sdp;
}

export function waitConnected(pc: RTCPeerConnection, timeoutMs = 8000): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected after ${timeoutMs} ms`)), timeoutMs);
    pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

type Answerer = (offerSdp: string) => Promise<{ sessionId: string; answerSdp: string }>;

/** RFC 6464 audio level, as browsers offer it on audio. */
export const AUDIO_LEVEL_EXT = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

export class TestPublisher {
  readonly pc: RTCPeerConnection;
  readonly audio = new MediaStreamTrack({ kind: 'audio' });
  readonly video = new MediaStreamTrack({ kind: 'video' });
  pliCount = 0;
  sessionId = '';
  private seq: { audio: number; video: number };
  private ts = { audio: 0, video: 0 };

  /**
   * `firstSeq`: where this publisher's sequence numbers start (a second publisher can start elsewhere);
   * `offerAudioLevel`: offer the RFC 6464 audio-level extension, as browsers do.
   */
  constructor(firstSeq = { audio: 1000, video: 30000 }, opts: { offerAudioLevel?: boolean; video?: VideoCodecs } = {}) {
    this.seq = { ...firstSeq };
    this.pc = new RTCPeerConnection({
      ...loopbackIce,
      codecs: withVideo(opts.video ?? 'vp8'),
      ...(opts.offerAudioLevel
        ? { headerExtensions: { audio: [new RTCRtpHeaderExtensionParameters({ uri: AUDIO_LEVEL_EXT })] } }
        : {}),
    });
  }

  /** The audio-level extension id the SFU accepted in its answer (undefined: not negotiated). */
  get audioLevelId(): number | undefined {
    const m = /a=extmap:(\d+) urn:ietf:params:rtp-hdrext:ssrc-audio-level/.exec(this.pc.remoteDescription?.sdp ?? '');
    return m ? Number(m[1]) : undefined;
  }

  /** Skips `n` sequence numbers, as if those packets were lost on the way. */
  lose(kind: 'audio' | 'video', n: number): void {
    this.seq[kind] = (this.seq[kind] + n) & 0xffff;
  }

  async connect(answer: Answerer): Promise<void> {
    this.pc.addTransceiver(this.audio, { direction: 'sendonly' });
    const v = this.pc.addTransceiver(this.video, { direction: 'sendonly' });
    v.sender.onPictureLossIndication.subscribe(() => this.pliCount++);
    const res = await answer(await offer(this.pc));
    this.sessionId = res.sessionId;
    await this.pc.setRemoteDescription({ type: 'answer', sdp: res.answerSdp });
    await waitConnected(this.pc);
  }

  /** Writes one RTP packet with the next sequence number; returns the header sequence number used. */
  send(
    kind: 'audio' | 'video',
    payload: Buffer,
    opts: { marker?: boolean; tsStep?: number; audioLevelDbov?: number } = {},
  ): number {
    const seq = this.seq[kind];
    this.seq[kind] = (seq + 1) & 0xffff;
    if (opts.tsStep) this.ts[kind] = (this.ts[kind] + opts.tsStep) >>> 0;
    const header = new RtpHeader({
      payloadType: 96,
      sequenceNumber: seq,
      timestamp: this.ts[kind],
      marker: opts.marker ?? false,
      ...(opts.audioLevelDbov !== undefined && this.audioLevelId !== undefined
        ? {
            extension: true,
            extensions: [{ id: this.audioLevelId, payload: Buffer.from([0x80 | Math.min(127, -opts.audioLevelDbov)]) }],
          }
        : {}),
    });
    (kind === 'audio' ? this.audio : this.video).writeRtp(new RtpPacket(header, payload));
    return seq;
  }

  async close(): Promise<void> {
    await this.pc.close();
  }
}

export interface Received {
  seq: number;
  ts: number;
  payload: Buffer;
  at: bigint;
}

/** The playout-delay RTP header extension (what Chromium offers for video). */
export const PLAYOUT_DELAY_EXT = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';

export class TestViewer {
  readonly pc: RTCPeerConnection;
  /** Header extensions (id → payload) of the last video packet received. */
  lastVideoExtensions = new Map<number, Buffer>();

  /** `offerPlayoutDelay`: offer the playout-delay extension for video, as Chromium does; `video`: the codecs offered. */
  constructor(opts: { offerPlayoutDelay?: boolean; video?: VideoCodecs } = {}) {
    this.pc = new RTCPeerConnection({
      ...loopbackIce,
      codecs: withVideo(opts.video ?? 'vp8'),
      ...(opts.offerPlayoutDelay
        ? { headerExtensions: { video: [new RTCRtpHeaderExtensionParameters({ uri: PLAYOUT_DELAY_EXT })] } }
        : {}),
    });
  }
  readonly received: Record<'audio' | 'video', Received[]> = { audio: [], video: [] };
  onPacket?: (kind: 'audio' | 'video', payload: Buffer) => void;
  /** Set false to count packets without keeping them (bench). */
  keep = true;
  count = { audio: 0, video: 0 };
  sessionId = '';
  /** RTCP sender reports received for the video stream: RTP timestamp and packet count. */
  readonly senderReports: { ssrc: number; rtpTimestamp: number; packetCount: number }[] = [];
  private videoReceiver?: RTCRtpReceiver;
  private videoSsrc?: number;

  async connect(answer: Answerer): Promise<void> {
    this.pc.addTransceiver('audio', { direction: 'recvonly' });
    this.pc.addTransceiver('video', { direction: 'recvonly' });
    this.pc.onTrack.subscribe((track) => {
      const kind = track.kind === 'audio' ? 'audio' : 'video';
      const transceiver = this.pc.getTransceivers().find((t) => t.receiver.track === track);
      if (kind === 'video' && transceiver) {
        this.videoReceiver = transceiver.receiver;
        transceiver.receiver.onRtcp.subscribe((p) => {
          if (p instanceof RtcpSrPacket)
            this.senderReports.push({
              ssrc: p.ssrc,
              rtpTimestamp: p.senderInfo.rtpTimestamp,
              packetCount: p.senderInfo.packetCount,
            });
        });
      }
      track.onReceiveRtp.subscribe((rtp) => {
        const at = process.hrtime.bigint();
        if (kind === 'video') {
          this.videoSsrc = rtp.header.ssrc;
          this.lastVideoExtensions = new Map(rtp.header.extensions.map((e) => [e.id, Buffer.from(e.payload)]));
        }
        this.count[kind]++;
        this.onPacket?.(kind, rtp.payload);
        if (this.keep)
          this.received[kind].push({
            seq: rtp.header.sequenceNumber,
            ts: rtp.header.timestamp,
            payload: Buffer.from(rtp.payload),
            at,
          });
      });
    });
    const res = await answer(await offer(this.pc));
    this.sessionId = res.sessionId;
    await this.pc.setRemoteDescription({ type: 'answer', sdp: res.answerSdp });
    await waitConnected(this.pc);
  }

  /** Sends a Picture Loss Indication for the received video stream (needs at least one received packet). */
  async sendPli(): Promise<void> {
    if (!this.videoReceiver || this.videoSsrc === undefined) throw new Error('no video received yet');
    await this.videoReceiver.sendRtcpPLI(this.videoSsrc);
  }

  /** Sends a generic NACK (RFC 4585) asking the SFU to resend these video sequence numbers. */
  async sendNack(seqs: number[]): Promise<void> {
    if (!this.videoReceiver || this.videoSsrc === undefined) throw new Error('no video received yet');
    const nack = new GenericNack({ senderSsrc: 1, mediaSourceSsrc: this.videoSsrc, lost: seqs });
    await this.videoReceiver.dtlsTransport.sendRtcp([new RtcpTransportLayerFeedback({ feedback: nack })]);
  }

  /** The SSRC of the received video stream. */
  get receivedVideoSsrc(): number | undefined {
    return this.videoSsrc;
  }

  async close(): Promise<void> {
    await this.pc.close();
  }
}

/** Resolves when cond() holds, polling every 10 ms; rejects after timeoutMs with the message. */
export async function until(cond: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Load-generator mode for a connected viewer: counts its incoming SRTP packets at the ICE layer and skips SRTP
 * decryption, RTP parsing and the receiver pipeline (NACK, reports), which is most of a werift viewer's CPU per
 * packet. The RTP header is not encrypted, so each packet is still seen (first arrival per kind and sequence
 * number goes into `seen`; a window must stay under 65536 packets per kind); the payload is not readable any
 * more. The SFU does the same work for this viewer as for any other.
 */
export function countAtIceLayer(v: TestViewer, seen: Set<number>): void {
  const connection = v.pc.dtlsTransports[0]!.iceTransport.connection;
  const audioPt = v.pc.getTransceivers().find((t) => t.kind === 'audio')?.codecs[0]?.payloadType;
  connection.onData.allUnsubscribe(); // werift's SRTP/SRTCP handler (DTLS is finished once connected)
  connection.onData.subscribe((data: Buffer) => {
    // RFC 7983 demux: 128–191 = RTP/RTCP; RTCP packet types 192–223 in the second byte (RFC 5761).
    if (data.length < 12 || data[0]! < 128 || data[0]! > 191 || (data[1]! >= 192 && data[1]! <= 223)) return;
    seen.add(((data[1]! & 0x7f) === audioPt ? 0x10000 : 0) + data.readUInt16BE(2));
  });
}
