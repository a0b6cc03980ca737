// The SFU's per-viewer send path. werift's RTCRtpSender.sendRtp is written for one local track: per packet it
// rebuilds the header-extension list (map/filter/sort), computes an NTP time by string formatting, feeds a
// send-side bandwidth estimator and awaits three promise layers down to the UDP socket. With 100+ viewers each
// of those costs is paid 100+ times per publisher packet, and they were about a third of the SFU's CPU.
//
// This path does only what a forwarded packet needs, on the same werift objects, so everything else of the
// sender keeps working unchanged:
// - sequence number / timestamp rewritten with the sender's offsets (set by `rebase` when a new publisher takes over)
//   and the sender's SSRC and negotiated payload type;
// - the negotiated header extensions it knows, payloads built once: MID (BUNDLE demultiplexing) and, on video, the
//   playout-delay hint (SfuOptions.videoPlayoutDelayMs);
// - the packet stored in the sender's retransmission cache, so werift answers the viewer's NACKs as before;
// - packet/octet counters and the RTP/NTP timestamp pair for the sender reports werift sends (the pair is
//   refreshed at most every 20 ms: the NTP clock is what costs, and any recent pair is a valid SR);
// - SRTP with the transport's own session (werift's encrypt keeps the rollover counter), then a synchronous UDP
//   send on the nominated candidate pair's socket, respecting ICE consent (RFC 7675). Anything that is not a
//   plain UDP pair (TURN relay, TCP) falls back to werift's own send.
import {
  RTP_EXTENSION_URI,
  RtpHeader,
  RtpPacket,
  ntpTime,
  serializeSdesMid,
  uint16Add,
  uint32Add,
  type RTCRtpSender,
} from 'werift';

/** RTP header extension carrying the sender's playout-delay hint (min/max, 12 bits each, 10 ms units). */
export const PLAYOUT_DELAY_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay';

const RTP_HISTORY_SIZE = 128; // werift's rtpSender.js: NACK answers look packets up at seq % 128
const SR_PAIR_REFRESH_MS = 20;

/** The parts of werift's sender and transports this path reads and writes (all public fields at runtime). */
interface SenderInternals {
  ssrc: number;
  codec?: { payloadType: number; clockRate: number };
  seqOffset: number;
  timestampOffset: number;
  sequenceNumber?: number;
  timestamp?: number;
  ntpTimestamp: bigint;
  rtpTimestamp: number;
  octetCount: number;
  packetCount: number;
  headerBytesSent: number;
  rtpCache: RtpPacket[];
  mid?: string;
  headerExtensions: { uri: string; id: number }[];
  runRtcp(): Promise<void>;
  dtlsTransport: DtlsInternals;
}

interface DtlsInternals {
  state: string;
  srtp?: { encrypt(payload: Buffer, header: RtpHeader): Buffer };
  bytesSent: number;
  packetsSent: number;
  iceTransport: { connection: IceInternals };
}

interface IceInternals {
  nominated?: {
    remoteAddr: [string, number];
    packetsSent: number;
    bytesSent: number;
    /** `type` 'stun' = a plain UDP socket of ours; relay pairs ('turn') have no `transport` (they wrap TURN). */
    protocol: {
      type?: string;
      transport?: { closed?: boolean; socket?: { send(b: Buffer, port: number, host: string): void; type?: string } };
    };
  };
  canSendApplicationData(): boolean;
  send(data: Buffer): Promise<void>;
}

export class FastRtpSender {
  private readonly s: SenderInternals;
  private exts: { id: number; payload: Buffer }[] = [];
  private extsResolved = false;
  private rtcpStarted = false;
  private lastPairAt = 0;
  private lastSentAt = 0;

  constructor(
    sender: RTCRtpSender,
    private readonly playoutDelayMs?: { min: number; max: number },
  ) {
    this.s = sender as unknown as SenderInternals;
  }

  /**
   * Sends one forwarded packet; false when the viewer's transport is not ready (nothing sent). `payloadType`: the
   * viewer's payload type for the packet's codec when it is not the sender's first negotiated one (codec switch).
   */
  send(source: RtpPacket, payloadType?: number): boolean {
    const s = this.s;
    const dtls = s.dtlsTransport;
    const codec = s.codec;
    if (!codec || dtls.state !== 'connected' || !dtls.srtp) return false;
    const h = source.header;
    const header = new RtpHeader({
      version: 2,
      padding: false,
      paddingSize: 0,
      extension: false,
      marker: h.marker,
      payloadOffset: 0,
      payloadType: payloadType ?? codec.payloadType,
      sequenceNumber: uint16Add(h.sequenceNumber, s.seqOffset),
      timestamp: uint32Add(h.timestamp, s.timestampOffset),
      ssrc: s.ssrc,
      csrcLength: h.csrcLength,
      csrc: h.csrc,
      extensions: this.extensions(),
    });
    const packet = new RtpPacket(header, source.payload);
    s.sequenceNumber = header.sequenceNumber;
    s.timestamp = header.timestamp;
    const now = performance.now();
    this.lastSentAt = now;
    if (now - this.lastPairAt >= SR_PAIR_REFRESH_MS) {
      this.lastPairAt = now;
      s.ntpTimestamp = ntpTime();
      s.rtpTimestamp = header.timestamp;
    }
    s.octetCount += source.payload.length;
    s.headerBytesSent += header.serializeSize;
    s.packetCount = uint32Add(s.packetCount, 1);
    s.rtpCache[header.sequenceNumber % RTP_HISTORY_SIZE] = packet;
    if (!this.rtcpStarted) {
      this.rtcpStarted = true;
      s.runRtcp().catch(() => {});
    }
    let encrypted: Buffer;
    try {
      encrypted = dtls.srtp.encrypt(source.payload, header);
    } catch {
      return false;
    }
    dtls.bytesSent += encrypted.length;
    dtls.packetsSent++;
    const ice = dtls.iceTransport.connection;
    const pair = ice.nominated;
    const transport = pair?.protocol.type === 'stun' ? pair.protocol.transport : undefined;
    const socket = transport?.socket;
    if (pair && transport && socket && (socket.type === 'udp4' || socket.type === 'udp6') && !transport.closed) {
      if (!ice.canSendApplicationData()) return true;
      try {
        socket.send(encrypted, pair.remoteAddr[1], pair.remoteAddr[0]);
      } catch {
        return true; // socket closed under us: the connection is going away
      }
      pair.packetsSent++;
      pair.bytesSent += encrypted.length;
    } else {
      ice.send(encrypted).catch(() => {});
    }
    return true;
  }

  /**
   * A new source (the DJ reconnected, or another publisher took the room) starts with its own sequence numbers and
   * timestamps: continue the viewer's stream from where it stopped — the next sequence number (no gap, so the
   * viewer does not NACK packets that never existed) and a timestamp advanced by the time that passed since the
   * last packet (so the player's clock keeps moving forward). werift's replaceRTP leaves a gap of one and adds its
   * timestamp step with 16-bit arithmetic, which can move a 32-bit timestamp backwards.
   */
  rebase(first: { sequenceNumber: number; timestamp: number }): void {
    const s = this.s;
    if (s.sequenceNumber !== undefined) s.seqOffset = uint16Add(uint16Add(s.sequenceNumber, 1), -first.sequenceNumber);
    if (s.timestamp !== undefined) {
      const clockRate = s.codec?.clockRate ?? 90000;
      const gap = Math.max(1, Math.round(((performance.now() - this.lastSentAt) * clockRate) / 1000));
      s.timestampOffset = uint32Add(uint32Add(s.timestamp, gap), -first.timestamp);
    }
    s.rtpCache = []; // old packets would answer NACKs for the new numbering
  }

  /** The negotiated extensions this path writes: MID and the playout-delay hint, payloads built once. */
  private extensions(): { id: number; payload: Buffer }[] {
    if (!this.extsResolved) {
      const s = this.s;
      const exts: { id: number; payload: Buffer }[] = [];
      const mid = s.headerExtensions?.find((e) => e.uri === RTP_EXTENSION_URI.sdesMid);
      if (mid && s.mid) exts.push({ id: mid.id, payload: serializeSdesMid(s.mid) });
      const delay = s.headerExtensions?.find((e) => e.uri === PLAYOUT_DELAY_URI);
      if (delay && this.playoutDelayMs) exts.push({ id: delay.id, payload: playoutDelayPayload(this.playoutDelayMs) });
      this.exts = exts.sort((a, b) => a.id - b.id);
      this.extsResolved = !!s.headerExtensions;
    }
    return this.exts;
  }
}

/** min and max in 10 ms units, 12 bits each, packed into 3 bytes. */
export function playoutDelayPayload({ min, max }: { min: number; max: number }): Buffer {
  const lo = Math.min(0xfff, Math.max(0, Math.round(min / 10)));
  const hi = Math.min(0xfff, Math.max(lo, Math.round(max / 10)));
  return Buffer.from([lo >> 4, ((lo & 0xf) << 4) | (hi >> 8), hi & 0xff]);
}
