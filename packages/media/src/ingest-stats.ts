// What the SFU receives from a room's publisher, for the DJ's pre-show check: bitrate, frame rate, packet loss,
// audio level and round trip, measured on the server — so it is the same for the browser and for OBS, and it is
// what the guests will get. Counting is a few additions per received packet (~200 per second), never per viewer.
import type { RtpPacket } from 'werift';

/** RFC 6464 client-to-mixer audio level: -dBov in the low 7 bits of a one-byte extension. */
export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

export interface IngestKindStats {
  /** Payload + header bits per second over the last full seconds. */
  kbps: number;
  packetsPerSecond: number;
  /** Packets the sequence numbers say were sent but never arrived (after any retransmission), in percent. */
  lossPct: number;
  /** mimeType of what arrives, lower case. */
  codec: string | null;
}

export interface IngestStats {
  /** Milliseconds since the first packet of this publisher. */
  receivingForMs: number;
  audio:
    | (IngestKindStats & {
        /** Loudest level in the last half second, dBov (0 loudest … -127 silence); null when the encoder does not send RFC 6464 levels. */ levelDbov:
          number | null;
      })
    | null;
  video: (IngestKindStats & { /** Frames completed per second (RTP marker bits). */ fps: number }) | null;
  /** Round trip to the publisher from ICE checks (consent freshness, every ~5 s); null before the first answer. */
  rttMs: number | null;
}

interface Bucket {
  second: number;
  bytes: number;
  packets: number;
  frames: number;
  /** Highest extended sequence number seen before this second's first packet. */
  startSeq: number;
  /** … and by the end of this second. */
  highestSeq: number;
}

const WINDOW_SECONDS = 2;
/** Audio level: the loudest value of this quarter second and the one before it. */
const LEVEL_SLOT_MS = 250;

/** Counts one kind (audio or video) of one publisher. */
export class IngestMeter {
  private readonly buckets: Bucket[] = [];
  private firstAt = 0;
  private highestSeq = -1;
  private sawLevel = false;
  private levelSlot = -1;
  private levelSlotMax = -127;
  private prevSlot = -1;
  private prevSlotMax = -127;

  constructor(private readonly now: () => number = Date.now) {}

  /** `audioLevelId`: the negotiated RFC 6464 extension id, if any. */
  add(rtp: RtpPacket, audioLevelId?: number): void {
    const at = this.now();
    if (!this.firstAt) this.firstAt = at;
    const second = Math.floor(at / 1000);
    const h = rtp.header;
    let b = this.buckets[this.buckets.length - 1];
    if (!b || b.second !== second) {
      const start = this.highestSeq < 0 ? h.sequenceNumber - 1 : this.highestSeq;
      b = { second, bytes: 0, packets: 0, frames: 0, startSeq: start, highestSeq: start };
      this.buckets.push(b);
      if (this.buckets.length > WINDOW_SECONDS + 2) this.buckets.shift();
    }
    b.bytes += rtp.payload.length + 12 + h.csrcLength * 4;
    b.packets++;
    if (h.marker) b.frames++;
    this.highestSeq = this.extend(h.sequenceNumber);
    b.highestSeq = Math.max(b.highestSeq, this.highestSeq);
    if (audioLevelId !== undefined) {
      const ext = h.extensions.find((e) => e.id === audioLevelId);
      if (ext && ext.payload.length > 0) {
        const dbov = -(ext.payload[0]! & 0x7f);
        const slot = Math.floor(at / LEVEL_SLOT_MS);
        this.sawLevel = true;
        if (slot !== this.levelSlot) {
          this.prevSlot = this.levelSlot;
          this.prevSlotMax = this.levelSlotMax;
          this.levelSlot = slot;
          this.levelSlotMax = dbov;
        } else if (dbov > this.levelSlotMax) this.levelSlotMax = dbov;
      }
    }
  }

  /** Extends a 16-bit sequence number to a monotonic counter (wraps forward; late packets map to the past). */
  private extend(seq: number): number {
    if (this.highestSeq < 0) return seq;
    const cycle = this.highestSeq - (this.highestSeq & 0xffff);
    let ext = cycle + seq;
    if (ext < this.highestSeq - 0x8000) ext += 0x10000;
    else if (ext > this.highestSeq + 0x8000) ext -= 0x10000;
    return Math.max(ext, this.highestSeq);
  }

  /** Rates over the last WINDOW_SECONDS complete seconds (or what there is of them). */
  stats(): {
    kbps: number;
    packetsPerSecond: number;
    lossPct: number;
    fps: number;
    levelDbov: number | null;
    receivingForMs: number;
  } | null {
    if (!this.firstAt) return null;
    const at = this.now();
    const current = Math.floor(at / 1000);
    const full = this.buckets.filter((b) => b.second < current && b.second >= current - WINDOW_SECONDS);
    const seconds = full.length ? current - full[0]!.second : 0;
    const sum = (f: (b: Bucket) => number) => full.reduce((s, b) => s + f(b), 0);
    const received = sum((b) => b.packets);
    // Expected = how far the highest sequence number moved across the window.
    const expected = full.length ? full[full.length - 1]!.highestSeq - full[0]!.startSeq : 0;
    const lost = Math.max(0, expected - received);
    // No level packet in the last two slots (the encoder stopped sending, or DTX silence) reads as silence.
    const slot = Math.floor(at / LEVEL_SLOT_MS);
    let level = -127;
    if (this.levelSlot >= slot - 1) level = Math.max(level, this.levelSlotMax);
    if (this.prevSlot >= slot - 1) level = Math.max(level, this.prevSlotMax);
    return {
      kbps: seconds ? Math.round((sum((b) => b.bytes) * 8) / seconds / 1000) : 0,
      packetsPerSecond: seconds ? Math.round(received / seconds) : 0,
      lossPct: expected > 0 ? Math.round((lost / expected) * 1000) / 10 : 0,
      fps: seconds ? Math.round(sum((b) => b.frames) / seconds) : 0,
      levelDbov: this.sawLevel ? level : null,
      receivingForMs: at - this.firstAt,
    };
  }
}
