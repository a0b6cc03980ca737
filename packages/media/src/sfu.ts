// Embedded selective forwarding unit on werift. One publisher per room (the DJ, over WHIP) and any number of
// viewers (over WHEP). RTP from the publisher is forwarded as-is: every viewer has its own outgoing track per
// kind; each packet gets a fresh header for that viewer (SSRC, payload type, re-based seq/timestamp) over the
// shared payload bytes, and is encrypted and sent at once by fast-send.ts (decision 014). Sends never wait, so a
// slow or broken viewer never holds up the others; with forwarding workers the viewers live in worker threads.
//
// Every session has a lifetime (lifetime.ts, issue 19): it must connect within `connectTimeoutMs` and keep being
// heard from, or it is closed and counted out. A publish into a room whose publisher is not connected, or has
// stopped sending, replaces that publisher at once; only a live one makes a second publish 409.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { RTCRtpTransceiver, RtpPacket } from 'werift';
import { SfuError } from './errors.ts';
import { ForwardWorker } from './forward-pool.ts';
import type { IngestStats } from './ingest-stats.ts';
import { watchLifetime } from './lifetime.ts';
import {
  ingestStatsOf,
  newPublisher,
  newRoom,
  wirePublisherTransceiver,
  type Publisher,
  type Room,
  type Session,
  type Viewer,
} from './room.ts';
import { assertUsableOffer, preferCodec } from './sdp.ts';
import type { EndReason, KeyframeReason, MediaKind, SessionAnswer, SessionInfo, SfuEvents, SfuOptions } from './types.ts';
import { ViewerPeer, answerOffer } from './viewer-peer.ts';

/**
 * A publisher that has sent media and then nothing at all (no RTP, no RTCP: encoders send sender reports every
 * second or so even when a track is paused) for this long may be replaced by a new publish at once.
 */
const REPLACE_WHEN_SILENT_MS = 2000;

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
            if (s?.kind === 'viewer') this.viewerConnected(s);
          },
          gone: (sessionId, reason) => {
            const s = this.sessions.get(sessionId);
            if (s) this.teardown(s, reason).catch(() => {});
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

  /** Settles when every forwarding worker has loaded (at once without workers); sessions may start before. */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.ready));
  }

  /** Connected viewers in a room (sessions still connecting are not counted; they connect or time out). */
  viewerCount(roomId: string): number {
    return this.rooms.get(roomId)?.connectedViewers ?? 0;
  }

  /** The room has a publisher session, connected or still connecting. */
  hasPublisher(roomId: string): boolean {
    return !!this.rooms.get(roomId)?.publisher;
  }

  /** The room's publisher is connected (what "live" means to guests). */
  isLive(roomId: string): boolean {
    return !!this.rooms.get(roomId)?.publisher?.life?.connected;
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

  /** What the room's publisher is sending, as received here (the DJ's pre-show check); null without a publisher. */
  ingestStats(roomId: string): IngestStats | null {
    const pub = this.rooms.get(roomId)?.publisher;
    return pub ? ingestStatsOf(pub) : null;
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

  /**
   * Answers a publisher's offer. A room whose publisher is live (connected and sending) refuses with
   * ROOM_HAS_PUBLISHER; one still connecting, or gone quiet, is replaced at once (the DJ's retry after a failed
   * attempt, or the same DJ coming back).
   */
  async publish(roomId: string, offerSdp: string): Promise<SessionAnswer> {
    this.assertOpen();
    assertUsableOffer(offerSdp, 'publisher', this.options.maxSdpBytes ?? 65536);
    const current = this.rooms.get(roomId)?.publisher;
    if (current) {
      if (this.isAlive(current)) throw new SfuError('ROOM_HAS_PUBLISHER', `Room ${roomId} already has a live publisher`);
      await this.teardown(current, 'replaced');
    }
    const room = this.room(roomId);
    // A concurrent publish may have taken the room while the old publisher was closing.
    if (room.publisher) throw new SfuError('ROOM_HAS_PUBLISHER', `Room ${roomId} already has a publisher`);

    const sessionId = randomUUID();
    const pub = newPublisher(this.options, sessionId, room);
    const pc = pub.pc;
    // Reserve the room before any await so two concurrent publishes cannot both win.
    room.publisher = pub;
    room.epoch++;
    this.sessions.set(sessionId, pub);

    const audio = pc.addTransceiver('audio', { direction: 'recvonly' });
    const video = pc.addTransceiver('video', { direction: 'recvonly' });
    const wire = (t: RTCRtpTransceiver) =>
      wirePublisherTransceiver(
        pub,
        t,
        (kind) => {
          if (kind === 'video' && room.keyframePending) this.requestKeyframe(room.id, 'viewer-joined');
        },
        (kind, rtp) => this.forward(pub, kind, rtp),
      );
    for (const t of [audio, video]) wire(t);
    pc.onRemoteTransceiverAdded.subscribe(wire);

    try {
      const answerSdp = await answerOffer(pc, offerSdp, this.options.iceGatheringTimeoutMs);
      if (this.sessions.get(sessionId) !== pub) throw new SfuError('SESSION_NOT_FOUND', 'The session ended while answering');
      pub.life = watchLifetime(
        pc,
        {
          connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
          // Before its first packet an encoder is known alive only by its consent answers; after it, by its media.
          silenceMs: () =>
            pub.mediaStarted ? (this.options.publisherSilenceMs ?? 4000) : (this.options.viewerSilenceMs ?? 15_000),
          countConsent: () => !pub.mediaStarted,
        },
        (reason) => void this.teardown(pub, reason).catch(() => {}),
        () => {
          this.emit('publisherConnected', { roomId, sessionId });
          if (room.keyframePending) this.requestKeyframe(roomId, 'viewer-joined');
        },
      );
      this.emit('publisherStarted', { roomId, sessionId });
      return { sessionId, answerSdp };
    } catch (e) {
      await this.teardown(pub, 'failed', { silent: true });
      throw e;
    }
  }

  async subscribe(roomId: string, offerSdp: string): Promise<SessionAnswer> {
    this.assertOpen();
    assertUsableOffer(offerSdp, 'viewer', this.options.maxSdpBytes ?? 65536);
    const room = this.room(roomId);
    const sessionId = randomUUID();
    const viewer: Viewer = { kind: 'viewer', sessionId, room, connected: false };
    const videoMime = (room.publisher?.codec.video ?? room.codec.video)?.mimeType.toLowerCase();
    const worker = this.pickWorker();
    if (worker) viewer.worker = worker;
    else
      viewer.peer = ViewerPeer.create(this.options, sessionId, roomId, videoMime, (reason) =>
        this.requestKeyframe(roomId, reason),
      );
    this.sessions.set(sessionId, viewer);
    room.viewers.set(sessionId, viewer);
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
        if (this.sessions.get(sessionId) !== viewer) throw new SfuError('SESSION_NOT_FOUND', 'The session ended while answering');
        viewer.life = watchLifetime(
          viewer.peer.pc,
          {
            connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
            silenceMs: () => this.options.viewerSilenceMs ?? 15_000,
            countConsent: () => true,
          },
          (reason) => void this.teardown(viewer, reason).catch(() => {}),
          () => this.viewerConnected(viewer),
        );
      } else {
        answerSdp = await viewer.worker!.subscribe({ sessionId, roomId, offer, videoMime });
      }
      return { sessionId, answerSdp };
    } catch (e) {
      await this.teardown(viewer, 'failed', { silent: true });
      throw e;
    }
  }

  /** Tears down a publisher or viewer session. Throws SESSION_NOT_FOUND for unknown ids. */
  async end(sessionId: string): Promise<void> {
    const s = this.sessions.get(sessionId);
    if (!s) throw new SfuError('SESSION_NOT_FOUND', `No session ${sessionId}`);
    await this.teardown(s, 'ended');
  }

  /** Ends every session of a room (the party is over). */
  async endRoom(roomId: string): Promise<void> {
    const room = this.rooms.get(roomId);
    if (!room) return;
    const all: Session[] = [...room.viewers.values()];
    if (room.publisher) all.push(room.publisher);
    await Promise.all(all.map((s) => this.teardown(s, 'ended')));
  }

  /** Ends every session (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.sessions.values()].map((s) => this.teardown(s, 'ended')));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  // --- internals -------------------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new SfuError('SFU_CLOSED', 'The SFU is shut down');
  }

  private room(roomId: string): Room {
    let room = this.rooms.get(roomId);
    if (!room) this.rooms.set(roomId, (room = newRoom(roomId)));
    return room;
  }

  private dropRoomIfEmpty(room: Room): void {
    if (!room.publisher && room.viewers.size === 0 && this.rooms.get(room.id) === room) {
      if (room.keyframeTimer) clearTimeout(room.keyframeTimer);
      this.rooms.delete(room.id);
    }
  }

  /** Connected and heard from: its media recently, or (before its first packet) its consent answers. */
  private isAlive(pub: Publisher): boolean {
    const life = pub.life;
    if (!life?.connected) return false;
    return !pub.mediaStarted || life.silentForMs < REPLACE_WHEN_SILENT_MS;
  }

  private viewerConnected(viewer: Viewer): void {
    if (viewer.connected || this.sessions.get(viewer.sessionId) !== viewer) return;
    viewer.connected = true;
    viewer.room.connectedViewers++;
    this.emit('viewerCount', { roomId: viewer.room.id, count: viewer.room.connectedViewers });
    this.requestKeyframe(viewer.room.id, 'viewer-joined');
  }

  /** The hot path: one header clone and one un-awaited send per viewer (or one message per worker). */
  private forward(pub: Publisher, kind: MediaKind, rtp: RtpPacket): void {
    const room = pub.room;
    if (room.publisher !== pub) return;
    this.packetsIn++;
    const codec = pub.forwardCodec[kind];
    if (this.workers.length) {
      let serialized: Buffer | undefined;
      for (const w of this.workers) {
        const n = w.viewersIn(room.id);
        if (!n) continue;
        serialized ??= rtp.serialize();
        w.rtp(room.id, kind, room.epoch, codec, serialized);
        this.packetsForwarded += n;
      }
    }
    for (const viewer of room.viewers.values()) {
      if (viewer.peer?.forward(kind, rtp, room.epoch, codec)) this.packetsForwarded++;
    }
  }

  /** Idempotent. `silent`: a session that never got its answer out (no events: nobody saw it start). */
  private async teardown(s: Session, reason: EndReason, o: { silent?: boolean } = {}): Promise<void> {
    if (this.sessions.get(s.sessionId) !== s) return;
    this.sessions.delete(s.sessionId);
    s.life?.stop();
    const room = s.room;
    if (s.kind === 'publisher') {
      if (room.publisher === s) room.publisher = undefined;
      if (!o.silent) this.emit('publisherStopped', { roomId: room.id, sessionId: s.sessionId, reason });
    } else {
      room.viewers.delete(s.sessionId);
      if (s.connected) {
        room.connectedViewers--;
        this.emit('viewerCount', { roomId: room.id, count: room.connectedViewers });
      }
    }
    if (!o.silent) this.emit('sessionEnded', { roomId: room.id, sessionId: s.sessionId, role: s.kind, reason });
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
