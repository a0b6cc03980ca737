// Embedded selective forwarding unit on werift. One publisher per room (the DJ, over WHIP) and any number of
// viewers (over WHEP). RTP from the publisher is forwarded as-is: every viewer has its own outgoing track per
// kind; each packet gets a fresh header for that viewer (SSRC, payload type, re-based seq/timestamp) over the
// shared payload bytes, and is encrypted and sent at once by fast-send.ts (decision 014). Sends never wait, so a
// slow or broken viewer never holds up the others; with forwarding workers the viewers live in worker threads.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RTCRtpHeaderExtensionParameters,
  type RtpPacket,
  type PeerConfig,
  type RTCRtpReceiver,
  type RTCRtpSender,
  type RTCRtpTransceiver,
  type RtcpPacket,
} from 'werift';
import { FastRtpSender, PLAYOUT_DELAY_URI } from './fast-send.ts';
import { ForwardWorker } from './forward-pool.ts';
import { AUDIO_LEVEL_URI, IngestMeter, type IngestStats } from './ingest-stats.ts';

export type MediaKind = 'audio' | 'video';

export type SfuErrorCode = 'ROOM_HAS_PUBLISHER' | 'SESSION_NOT_FOUND' | 'INVALID_SDP' | 'SFU_CLOSED';

export class SfuError extends Error {
  readonly code: SfuErrorCode;
  constructor(code: SfuErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SfuError';
    this.code = code;
  }
}

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface SfuOptions {
  /** Offer only 127.0.0.1 host candidates (tests, benchmarks, same-machine OBS). werift skips loopback otherwise. */
  iceUseLoopback?: boolean;
  /** Extra host addresses to advertise, e.g. the public IP of a NATed server (1:1 NAT). */
  iceAdditionalHostAddresses?: string[];
  /** UDP port range for ICE sockets, e.g. [40000, 40999] to match a firewall rule. */
  icePortRange?: [number, number];
  /** STUN/TURN servers used to gather server-reflexive/relay candidates. Default: none. */
  iceServers?: IceServer[];
  /** Upper bound on waiting for ICE gathering before answering (non-trickle). Default 5000 ms. */
  iceGatheringTimeoutMs?: number;
  /**
   * Worker threads that hold the viewers' peers (encryption and sending spread over cores); 0 keeps everything
   * in the calling thread. Default 0. A good value is the number of cores minus one.
   */
  forwardWorkers?: number;
  /**
   * A forwarding worker drops a packet that waited longer than this in its queue (overload: keeps delay bounded
   * and the worker responsive to ICE/RTCP). Default 400 ms: above the stalls a busy machine causes anyway, far
   * below the ~30 s after which ICE consent would fail.
   */
  forwardMaxQueueMs?: number;
  /**
   * Nice value for the forwarding worker threads (Linux, per thread; -20 … 19). Unset = inherit. Negative values
   * need CAP_SYS_NICE; without it the workers run at the inherited priority and the SFU emits `warning`.
   */
  forwardWorkerNice?: number;
  /** Minimum gap between keyframe requests sent to the publisher; later requests are coalesced. Default 250 ms. */
  keyframeMinIntervalMs?: number;
  /**
   * Playout-delay hint written on every video packet to viewers that negotiate the extension (Chromium does):
   * the receiver keeps its video delay (jitter buffer + render) between min and max, in 10 ms steps up to 40.95 s.
   * Default { min: 0, max: 0 }: render each frame as soon as it is decoded — the lowest latency, with uneven frame
   * pacing when the network jitters. `false` writes no hint (the browser sizes its jitter buffer itself).
   */
  videoPlayoutDelayMs?: { min: number; max: number } | false;
}

export interface SfuEvents {
  publisherStarted: [{ roomId: string; sessionId: string }];
  publisherStopped: [{ roomId: string; sessionId: string }];
  viewerCount: [{ roomId: string; count: number }];
  /** A keyframe request (PLI) was sent to the publisher of the room. */
  keyframeRequested: [{ roomId: string; reason: 'viewer-joined' | 'viewer-pli' | 'viewer-fir' }];
  /** Something the operator should know (e.g. a worker priority that could not be set). */
  warning: [{ message: string }];
}

export interface SessionAnswer {
  sessionId: string;
  answerSdp: string;
}

export interface SessionInfo {
  sessionId: string;
  roomId: string;
  role: 'publisher' | 'viewer';
}

/** Opus in music mode: stereo both ways, 128 kbit/s target. */
export const OPUS_MUSIC_FMTP = 'stereo=1;sprop-stereo=1;maxaveragebitrate=128000';

const opus = () =>
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
const vp8 = () => new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: videoFeedback });
const h264 = () =>
  new RTCRtpCodecParameters({
    mimeType: 'video/H264',
    clockRate: 90000,
    rtcpFeedback: videoFeedback,
    parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  });

interface Publisher {
  kind: 'publisher';
  sessionId: string;
  room: Room;
  pc: RTCPeerConnection;
  receivers: Partial<Record<MediaKind, RTCRtpReceiver>>;
  ssrc: Partial<Record<MediaKind, number>>;
  /** mimeType (lower case) of the codec the publisher actually sends, per kind. */
  mime: Partial<Record<MediaKind, string>>;
  codec: Partial<Record<MediaKind, RTCRtpCodecParameters>>;
  /** What arrives, for the pre-show check (ingest-stats.ts). */
  meters: Record<MediaKind, IngestMeter>;
  /** Negotiated RFC 6464 audio-level extension id (browsers send it when offered), if any. */
  audioLevelId?: number;
}

interface Viewer {
  kind: 'viewer';
  sessionId: string;
  room: Room;
  /** In-process viewer peer, or … */
  peer?: ViewerPeer;
  /** … the forwarding worker thread that holds it. */
  worker?: ForwardWorker;
}

export type KeyframeReason = 'viewer-joined' | 'viewer-pli' | 'viewer-fir';

/**
 * The SFU side of one viewer: a sendonly werift peer with one outgoing track per kind. Used in the SFU's own
 * thread, or inside a forwarding worker (src/forward-worker.ts).
 */
export class ViewerPeer {
  readonly senders: Partial<Record<MediaKind, RTCRtpSender>> = {};
  private readonly fast: Partial<Record<MediaKind, FastRtpSender>> = {};
  /** Which publisher source each sender last forwarded (to re-base seq/timestamp on a new publisher). */
  private readonly source: Partial<Record<MediaKind, number>> = {};

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
    // Offer the viewer exactly the codec the publisher sends when it is known (no transcoding here).
    const video = videoMime === 'video/h264' ? [h264()] : videoMime === 'video/vp8' ? [vp8()] : [vp8(), h264()];
    const playoutDelay = options.videoPlayoutDelayMs === undefined ? { min: 0, max: 0 } : options.videoPlayoutDelayMs;
    const pc = new RTCPeerConnection({
      ...peerConfigFor(options, { audio: [opus()], video }),
      ...(playoutDelay ? { headerExtensions: { video: [new RTCRtpHeaderExtensionParameters({ uri: PLAYOUT_DELAY_URI })] } } : {}),
    });
    return new ViewerPeer(sessionId, roomId, pc, onKeyframe, playoutDelay || undefined);
  }

  /** Encrypts and sends the packet to this viewer at once (fast-send.ts). Returns false when skipped. */
  forward(kind: MediaKind, rtp: RtpPacket, epoch: number, mime: string | undefined): boolean {
    const sender = this.senders[kind];
    const codec = sender?.codec;
    if (!sender || !codec || (mime && codec.mimeType.toLowerCase() !== mime)) return false;
    if (this.source[kind] !== epoch) {
      if (this.source[kind] !== undefined) this.fast[kind]!.rebase(rtp.header);
      this.source[kind] = epoch;
    }
    return this.fast[kind]!.send(rtp);
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
    await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
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

interface Room {
  id: string;
  publisher?: Publisher;
  /** Incremented per new publisher so viewers re-base their outgoing sequence numbers. */
  epoch: number;
  viewers: Map<string, Viewer>;
  lastKeyframeRequest: number;
  /** A keyframe was asked for before the publisher's video SSRC was known; send it on the first packet. */
  keyframePending: boolean;
  keyframeTimer?: NodeJS.Timeout;
  /** Last known codec mime per kind (kept after the publisher leaves, for viewers joining in between). */
  mime: Partial<Record<MediaKind, string>>;
  codec: Partial<Record<MediaKind, RTCRtpCodecParameters>>;
}

type Session = Publisher | Viewer;

const PSFB = 206;
const PLI_FMT = 1;
const FIR_FMT = 4;

/** Cheap structural check before handing an SDP to werift. */
export function looksLikeSdp(sdp: string): boolean {
  return /^v=0\r?\n/.test(sdp) && /\r?\nm=(audio|video|application) /.test(sdp) && /\r?\no=/.test(sdp);
}

/** Rewrites every Opus a=fmtp line (and adds one if missing) so it carries the music-mode parameters. */
export function applyOpusMusicMode(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const opusPts = new Set<string>();
  for (const line of lines) {
    const m = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (m?.[1]) opusPts.add(m[1]);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (m?.[1] && opusPts.has(m[1])) {
      seen.add(m[1]);
      const params = new Map<string, string>();
      for (const kv of (m[2] ?? '').split(';')) {
        const [k, v] = kv.split('=');
        if (k?.trim()) params.set(k.trim(), (v ?? '').trim());
      }
      for (const kv of OPUS_MUSIC_FMTP.split(';')) {
        const [k, v] = kv.split('=');
        if (k) params.set(k, v ?? '');
      }
      out.push(`a=fmtp:${m[1]} ${[...params].map(([k, v]) => `${k}=${v}`).join(';')}`);
      continue;
    }
    out.push(line);
    const r = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (r?.[1] && !lines.some((l) => l.startsWith(`a=fmtp:${r[1]} `))) {
      out.push(`a=fmtp:${r[1]} minptime=10;useinbandfec=1;${OPUS_MUSIC_FMTP}`);
      seen.add(r[1]);
    }
  }
  return out.join(eol);
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
  const sections = sdp.split(new RegExp(`(?=${eol}m=)`));
  return sections
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
      return m[1] + sorted.join(' ') + section.slice(m[0].length);
    })
    .join('');
}

export class Sfu extends EventEmitter<SfuEvents> {
  private readonly rooms = new Map<string, Room>();
  private readonly sessions = new Map<string, Session>();
  private readonly options: SfuOptions;
  private closed = false;
  private readonly workers: ForwardWorker[];
  private packetsIn = 0;
  private packetsForwarded = 0;
  private packetsShed = 0;

  constructor(options: SfuOptions = {}) {
    super();
    this.options = options;
    this.workers = Array.from(
      { length: options.forwardWorkers ?? 0 },
      () =>
        new ForwardWorker(options, {
          keyframe: (roomId, reason) => this.requestKeyframe(roomId, reason),
          connected: (sessionId) => {
            const s = this.sessions.get(sessionId);
            if (s) this.requestKeyframe(s.room.id, 'viewer-joined');
          },
          gone: (sessionId) => {
            const s = this.sessions.get(sessionId);
            if (s) this.teardown(s).catch(() => {});
          },
          shed: (copies) => {
            this.packetsShed += copies;
          },
          warning: (message) => {
            this.emit('warning', { message });
          },
        }),
    );
  }

  /** Number of connected-or-connecting viewers in a room. */
  viewerCount(roomId: string): number {
    return this.rooms.get(roomId)?.viewers.size ?? 0;
  }

  hasPublisher(roomId: string): boolean {
    return !!this.rooms.get(roomId)?.publisher;
  }

  /**
   * Counters since start: RTP packets received from publishers, packet copies handed to viewers (to workers, with
   * workers), and copies workers dropped because they waited too long in an overloaded worker's queue.
   */
  stats(): { rooms: number; sessions: number; packetsIn: number; packetsForwarded: number; packetsShed: number } {
    return {
      rooms: this.rooms.size,
      sessions: this.sessions.size,
      packetsIn: this.packetsIn,
      packetsForwarded: this.packetsForwarded,
      packetsShed: this.packetsShed,
    };
  }

  /**
   * What the room's publisher is sending, as received here (the DJ's pre-show check); null without a publisher.
   * Rates cover the last two full seconds.
   */
  ingestStats(roomId: string): IngestStats | null {
    const pub = this.rooms.get(roomId)?.publisher;
    if (!pub) return null;
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
        codec: pub.mime.audio ?? null,
        levelDbov: a.levelDbov,
      },
      video: v && {
        kbps: v.kbps,
        packetsPerSecond: v.packetsPerSecond,
        lossPct: v.lossPct,
        codec: pub.mime.video ?? null,
        fps: v.fps,
      },
      rttMs: typeof rtt === 'number' ? Math.round(rtt * 1000) : null,
    };
  }

  /** True once the publisher's SSRC for the kind is known (from its first RTP packet or its SDP). */
  publisherSsrcKnown(roomId: string, kind: MediaKind): boolean {
    return this.rooms.get(roomId)?.publisher?.ssrc[kind] !== undefined;
  }

  session(sessionId: string): SessionInfo | undefined {
    const s = this.sessions.get(sessionId);
    return s && { sessionId, roomId: s.room.id, role: s.kind };
  }

  /** Asks the room's publisher for a keyframe (coalesced to one PLI per keyframeMinIntervalMs). */
  requestKeyframe(roomId: string, reason: KeyframeReason = 'viewer-pli'): void {
    const room = this.rooms.get(roomId);
    if (!room?.publisher) return;
    const gap = this.options.keyframeMinIntervalMs ?? 250;
    const now = Date.now();
    const wait = room.lastKeyframeRequest + gap - now;
    if (wait > 0) {
      room.keyframeTimer ??= setTimeout(() => {
        room.keyframeTimer = undefined;
        this.requestKeyframe(roomId, reason);
      }, wait);
      return;
    }
    const pub = room.publisher;
    const receiver = pub.receivers.video;
    const ssrc = pub.ssrc.video;
    if (!receiver || ssrc === undefined) {
      room.keyframePending = true;
      return;
    }
    room.keyframePending = false;
    room.lastKeyframeRequest = now;
    receiver.sendRtcpPLI(ssrc).catch(() => {});
    this.emit('keyframeRequested', { roomId, reason });
  }

  async publish(roomId: string, offerSdp: string): Promise<SessionAnswer> {
    this.assertOpen();
    if (!looksLikeSdp(offerSdp)) throw new SfuError('INVALID_SDP', 'Body is not an SDP offer');
    const room = this.room(roomId);
    if (room.publisher) throw new SfuError('ROOM_HAS_PUBLISHER', `Room ${roomId} already has a publisher`);

    const pc = new RTCPeerConnection({
      ...peerConfigFor(this.options, { audio: [opus()], video: [vp8(), h264()] }),
      // Accept the encoder's per-packet audio level so the pre-show check can show it without decoding Opus.
      headerExtensions: { audio: [new RTCRtpHeaderExtensionParameters({ uri: AUDIO_LEVEL_URI })] },
    });
    const sessionId = randomUUID();
    const pub: Publisher = {
      kind: 'publisher',
      sessionId,
      room,
      pc,
      receivers: {},
      ssrc: {},
      mime: {},
      codec: {},
      meters: { audio: new IngestMeter(), video: new IngestMeter() },
    };
    // Reserve the room before any await so two concurrent publishes cannot both win.
    room.publisher = pub;
    room.epoch++;
    this.sessions.set(sessionId, pub);

    const audio = pc.addTransceiver('audio', { direction: 'recvonly' });
    const video = pc.addTransceiver('video', { direction: 'recvonly' });
    for (const t of [audio, video]) this.wirePublisherTransceiver(pub, t);
    pc.onRemoteTransceiverAdded.subscribe((t) => this.wirePublisherTransceiver(pub, t));

    try {
      const answerSdp = await answerOffer(pc, offerSdp, this.options.iceGatheringTimeoutMs);
      this.watchConnection(pub, pc);
      this.emit('publisherStarted', { roomId, sessionId });
      return { sessionId, answerSdp };
    } catch (e) {
      this.sessions.delete(sessionId);
      if (room.publisher === pub) room.publisher = undefined;
      this.dropRoomIfEmpty(room);
      await pc.close().catch(() => {});
      throw e;
    }
  }

  async subscribe(roomId: string, offerSdp: string): Promise<SessionAnswer> {
    this.assertOpen();
    if (!looksLikeSdp(offerSdp)) throw new SfuError('INVALID_SDP', 'Body is not an SDP offer');
    const room = this.room(roomId);
    const videoMime = room.publisher?.mime.video ?? room.mime.video;
    const sessionId = randomUUID();
    const viewer: Viewer = { kind: 'viewer', sessionId, room };
    const worker = this.pickWorker();
    if (worker) viewer.worker = worker;
    else
      viewer.peer = ViewerPeer.create(this.options, sessionId, roomId, videoMime, (reason) =>
        this.requestKeyframe(roomId, reason),
      );
    this.sessions.set(sessionId, viewer);
    room.viewers.set(sessionId, viewer);
    this.emit('viewerCount', { roomId, count: room.viewers.size });
    try {
      // werift sends with the first negotiated codec in the viewer's order: put the publisher's variant first.
      let offer = offerSdp;
      for (const kind of ['audio', 'video'] as const) {
        const want = room.publisher?.codec[kind] ?? room.codec[kind];
        if (want) offer = preferCodec(offer, kind, want);
      }
      let answerSdp: string;
      if (viewer.peer) {
        answerSdp = await answerOffer(viewer.peer.pc, offer, this.options.iceGatheringTimeoutMs);
        this.watchConnection(viewer, viewer.peer.pc);
      } else {
        answerSdp = await viewer.worker!.subscribe({ sessionId, roomId, offer, videoMime });
      }
      return { sessionId, answerSdp };
    } catch (e) {
      this.sessions.delete(sessionId);
      room.viewers.delete(sessionId);
      this.emit('viewerCount', { roomId, count: room.viewers.size });
      this.dropRoomIfEmpty(room);
      if (viewer.peer) await viewer.peer.pc.close().catch(() => {});
      else viewer.worker?.end(sessionId);
      throw e;
    }
  }

  /** Tears down a publisher or viewer session. Throws SESSION_NOT_FOUND for unknown ids. */
  async end(sessionId: string): Promise<void> {
    const s = this.sessions.get(sessionId);
    if (!s) throw new SfuError('SESSION_NOT_FOUND', `No session ${sessionId}`);
    await this.teardown(s);
  }

  /** Ends every session (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.sessions.values()].map((s) => this.teardown(s)));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  // --- internals -------------------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new SfuError('SFU_CLOSED', 'The SFU is shut down');
  }

  private room(roomId: string): Room {
    let room = this.rooms.get(roomId);
    if (!room) {
      room = { id: roomId, epoch: 0, viewers: new Map(), lastKeyframeRequest: 0, keyframePending: false, mime: {}, codec: {} };
      this.rooms.set(roomId, room);
    }
    return room;
  }

  private dropRoomIfEmpty(room: Room): void {
    if (!room.publisher && room.viewers.size === 0 && this.rooms.get(room.id) === room) {
      if (room.keyframeTimer) clearTimeout(room.keyframeTimer);
      this.rooms.delete(room.id);
    }
  }

  private wirePublisherTransceiver(pub: Publisher, t: RTCRtpTransceiver): void {
    const kind = t.kind;
    if (kind !== 'audio' && kind !== 'video') return;
    t.onTrack.subscribe((track) => {
      pub.receivers[kind] = t.receiver;
      if (track.ssrc !== undefined) pub.ssrc[kind] = track.ssrc;
      track.onReceiveRtp.subscribe((rtp) => {
        if (!pub.mime[kind] || pub.ssrc[kind] !== rtp.header.ssrc) {
          pub.ssrc[kind] = rtp.header.ssrc;
          const codec = t.codecs.find((c) => c.payloadType === rtp.header.payloadType);
          if (codec) {
            pub.mime[kind] = pub.room.mime[kind] = codec.mimeType.toLowerCase();
            pub.codec[kind] = pub.room.codec[kind] = codec;
          }
          if (kind === 'video' && pub.room.keyframePending) this.requestKeyframe(pub.room.id, 'viewer-joined');
          if (kind === 'audio') pub.audioLevelId = t.headerExtensions.find((e) => e.uri === AUDIO_LEVEL_URI)?.id;
        }
        pub.meters[kind].add(rtp, kind === 'audio' ? pub.audioLevelId : undefined);
        this.forward(pub, kind, rtp);
      });
    });
  }

  /** The hot path: one header clone and one un-awaited send per viewer (or one message per worker). */
  private forward(pub: Publisher, kind: MediaKind, rtp: RtpPacket): void {
    const room = pub.room;
    if (room.publisher !== pub) return;
    this.packetsIn++;
    const mime = pub.mime[kind];
    if (this.workers.length) {
      let serialized: Buffer | undefined;
      for (const w of this.workers) {
        const n = w.viewersIn(room.id);
        if (!n) continue;
        serialized ??= rtp.serialize();
        w.rtp(room.id, kind, room.epoch, mime, serialized);
        this.packetsForwarded += n;
      }
    }
    for (const viewer of room.viewers.values()) {
      if (viewer.peer?.forward(kind, rtp, room.epoch, mime)) this.packetsForwarded++;
    }
  }

  private watchConnection(s: Session, pc: RTCPeerConnection): void {
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && s.kind === 'viewer') this.requestKeyframe(s.room.id, 'viewer-joined');
      if (state === 'failed' || state === 'closed') {
        if (this.sessions.get(s.sessionId) === s) this.teardown(s).catch(() => {});
      }
    });
  }

  private async teardown(s: Session): Promise<void> {
    if (this.sessions.get(s.sessionId) !== s) return;
    this.sessions.delete(s.sessionId);
    const room = s.room;
    if (s.kind === 'publisher') {
      if (room.publisher === s) room.publisher = undefined;
      this.emit('publisherStopped', { roomId: room.id, sessionId: s.sessionId });
    } else {
      room.viewers.delete(s.sessionId);
      this.emit('viewerCount', { roomId: room.id, count: room.viewers.size });
    }
    this.dropRoomIfEmpty(room);
    if (s.kind === 'publisher') await s.pc.close().catch(() => {});
    else if (s.peer) await s.peer.pc.close().catch(() => {});
    else s.worker?.end(s.sessionId);
  }

  private pickWorker(): ForwardWorker | undefined {
    let best: ForwardWorker | undefined;
    for (const w of this.workers) if (!best || w.load < best.load) best = w;
    return best;
  }
}
