// The SFU's records: a room with its publisher and viewers, and what the publisher side needs (its peer, how its
// tracks are wired, what the pre-show check reads). sfu.ts holds the rooms and the lifecycle.
import {
  RTCPeerConnection,
  RTCRtpHeaderExtensionParameters,
  type RTCRtpCodecParameters,
  type RTCRtpReceiver,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import type { ForwardWorker } from './forward-pool.ts';
import { AUDIO_LEVEL_URI, IngestMeter, type IngestStats } from './ingest-stats.ts';
import type { Lifetime } from './lifetime.ts';
import { h264, opus, vp8 } from './sdp.ts';
import type { ForwardCodec, MediaKind, SfuOptions } from './types.ts';
import { type ViewerPeer, peerConfigFor } from './viewer-peer.ts';

export interface Publisher {
  kind: 'publisher';
  sessionId: string;
  room: Room;
  pc: RTCPeerConnection;
  life?: Lifetime;
  receivers: Partial<Record<MediaKind, RTCRtpReceiver>>;
  ssrc: Partial<Record<MediaKind, number>>;
  /** The codec the publisher actually sends, per kind. */
  codec: Partial<Record<MediaKind, RTCRtpCodecParameters>>;
  forwardCodec: Partial<Record<MediaKind, ForwardCodec>>;
  /** RTP has arrived (after that, silence means the encoder is gone). */
  mediaStarted: boolean;
  /** What arrives, for the pre-show check (ingest-stats.ts). */
  meters: Record<MediaKind, IngestMeter>;
  /** Negotiated RFC 6464 audio-level extension id (browsers send it when offered), if any. */
  audioLevelId?: number;
}

export interface Viewer {
  kind: 'viewer';
  sessionId: string;
  room: Room;
  connected: boolean;
  /** In-process viewer peer (and its lifetime), or … */
  peer?: ViewerPeer;
  life?: Lifetime;
  /** … the forwarding worker thread that holds it (which watches its lifetime). */
  worker?: ForwardWorker;
}

export interface Room {
  id: string;
  publisher?: Publisher;
  /** Incremented per new publisher so viewers re-base their outgoing sequence numbers. */
  epoch: number;
  viewers: Map<string, Viewer>;
  connectedViewers: number;
  lastKeyframeRequest: number;
  /** A keyframe was asked for before the publisher's video SSRC was known; send it on the first packet. */
  keyframePending: boolean;
  keyframeTimer?: NodeJS.Timeout;
  /** Last known codec per kind (kept after the publisher leaves, for viewers joining in between). */
  codec: Partial<Record<MediaKind, RTCRtpCodecParameters>>;
}

export type Session = Publisher | Viewer;

export function newRoom(id: string): Room {
  return { id, epoch: 0, viewers: new Map(), connectedViewers: 0, lastKeyframeRequest: 0, keyframePending: false, codec: {} };
}

/** A publisher record with its recvonly peer (Opus + VP8/H.264, RFC 6464 audio level accepted for the pre-show). */
export function newPublisher(options: SfuOptions, sessionId: string, room: Room): Publisher {
  const pc = new RTCPeerConnection({
    ...peerConfigFor(options, { audio: [opus()], video: [vp8(), h264()] }),
    headerExtensions: { audio: [new RTCRtpHeaderExtensionParameters({ uri: AUDIO_LEVEL_URI })] },
  });
  return {
    kind: 'publisher',
    sessionId,
    room,
    pc,
    receivers: {},
    ssrc: {},
    codec: {},
    forwardCodec: {},
    mediaStarted: false,
    meters: { audio: new IngestMeter(), video: new IngestMeter() },
  };
}

/**
 * Wires one of the publisher's transceivers: learns the SSRC and codec of each new source (`onNewSource`), meters
 * every packet and hands it on (`onRtp`).
 */
export function wirePublisherTransceiver(
  pub: Publisher,
  t: RTCRtpTransceiver,
  onNewSource: (kind: MediaKind) => void,
  onRtp: (kind: MediaKind, rtp: RtpPacket) => void,
): void {
  const kind = t.kind;
  if (kind !== 'audio' && kind !== 'video') return;
  t.onTrack.subscribe((track) => {
    pub.receivers[kind] = t.receiver;
    if (track.ssrc !== undefined) pub.ssrc[kind] = track.ssrc;
    track.onReceiveRtp.subscribe((rtp) => {
      if (!pub.forwardCodec[kind] || pub.ssrc[kind] !== rtp.header.ssrc) {
        pub.ssrc[kind] = rtp.header.ssrc;
        const codec = t.codecs.find((c) => c.payloadType === rtp.header.payloadType);
        if (codec) {
          pub.codec[kind] = pub.room.codec[kind] = codec;
          pub.forwardCodec[kind] = { mime: codec.mimeType.toLowerCase(), fmtp: codec.parameters };
        }
        if (kind === 'audio') pub.audioLevelId = t.headerExtensions.find((e) => e.uri === AUDIO_LEVEL_URI)?.id;
        onNewSource(kind);
      }
      pub.mediaStarted = true;
      pub.meters[kind].add(rtp, kind === 'audio' ? pub.audioLevelId : undefined);
      onRtp(kind, rtp);
    });
  });
}

/** What the publisher is sending, as received here (the DJ's pre-show check). Rates cover the last two seconds. */
export function ingestStatsOf(pub: Publisher): IngestStats {
  const a = pub.meters.audio.stats();
  const v = pub.meters.video.stats();
  const ice = (pub.pc.iceTransports[0] as unknown as { connection?: { nominated?: { rtt?: number } } } | undefined)?.connection;
  const rtt = ice?.nominated?.rtt;
  return {
    receivingForMs: Math.max(a?.receivingForMs ?? 0, v?.receivingForMs ?? 0),
    audio: a && {
      kbps: a.kbps,
      packetsPerSecond: a.packetsPerSecond,
      lossPct: a.lossPct,
      codec: pub.forwardCodec.audio?.mime ?? null,
      levelDbov: a.levelDbov,
    },
    video: v && {
      kbps: v.kbps,
      packetsPerSecond: v.packetsPerSecond,
      lossPct: v.lossPct,
      codec: pub.forwardCodec.video?.mime ?? null,
      fps: v.fps,
    },
    rttMs: typeof rtt === 'number' ? Math.round(rtt * 1000) : null,
  };
}
