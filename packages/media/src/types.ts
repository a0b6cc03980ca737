// Types shared by the SFU's parts (sfu.ts, viewer-peer.ts, forward-pool.ts, forward-worker.ts) so none of them
// has to import another for its types.
import type { IceServer } from '@partystream/shared/stream/stream.schemas';

export type { IceServer };

export type MediaKind = 'audio' | 'video';

/** The codec a publisher sends, as forwarded to viewers (mime lower case, fmtp for H.264 profile matching). */
export interface ForwardCodec {
  mime: string;
  fmtp?: string;
}

export type KeyframeReason = 'viewer-joined' | 'viewer-pli' | 'viewer-fir';

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
   * A session (publisher or viewer) that has not reached `connected` (ICE + DTLS) this long after its answer is
   * closed and counted out: an encoder behind a firewall that blocks UDP must not hold the room. Default 10000 ms.
   */
  connectTimeoutMs?: number;
  /**
   * A connected publisher from which nothing (RTP, RTCP) has arrived for this long is dead: closed, the room freed.
   * Encoders send media continuously, so a few seconds is safe. Default 4000 ms.
   */
  publisherSilenceMs?: number;
  /**
   * A connected viewer from which nothing has arrived for this long — no RTCP and no answer to the SFU's ICE
   * consent checks (RFC 7675, every 4–6 s) — is dead. werift alone would wait 30 s. Default 15000 ms.
   */
  viewerSilenceMs?: number;
  /** Largest SDP offer accepted (bytes). Default 64 KiB (a browser's offer is 3–8 KiB). */
  maxSdpBytes?: number;
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
  /** Tests only: CPU time (busy wait) a forwarding worker adds per forwarded packet, to act as a slower machine. */
  debugForwardCostMs?: number;
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

/** Why a session ended (the `sessionEnded` event). */
export type EndReason =
  /** DELETE, `end()`, or SFU shutdown. */
  | 'ended'
  /** Did not reach connected within `connectTimeoutMs`. */
  | 'connect-timeout'
  /** Connected, then nothing arrived for `publisherSilenceMs` / `viewerSilenceMs`. */
  | 'silent'
  /** ICE/DTLS failed or the peer closed. */
  | 'failed'
  /** A new publish into the room took over from this (dead or connecting) publisher. */
  | 'replaced';

export interface SfuEvents {
  /** The publisher's answer went out (not yet connected). */
  publisherStarted: [{ roomId: string; sessionId: string }];
  /** The publisher's media path is up (ICE + DTLS connected): the room is live. */
  publisherConnected: [{ roomId: string; sessionId: string }];
  publisherStopped: [{ roomId: string; sessionId: string; reason: EndReason }];
  /** Connected viewers in the room changed. */
  viewerCount: [{ roomId: string; count: number }];
  /** Any session ended, with why. */
  sessionEnded: [{ roomId: string; sessionId: string; role: 'publisher' | 'viewer'; reason: EndReason }];
  /** A keyframe request (PLI) was sent to the publisher of the room. */
  keyframeRequested: [{ roomId: string; reason: KeyframeReason }];
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
