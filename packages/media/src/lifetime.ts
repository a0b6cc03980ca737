// How long a session may live without proving it is alive (issue 19). werift on its own keeps a peer whose ICE
// never completes forever, and notices a vanished one only when RFC 7675 consent expires (30 s). The SFU wants
// both much sooner: a publisher that never connects or goes quiet must free the room for the DJ's next try, and a
// viewer that is gone must leave the count. Runs in the SFU's thread and in forwarding workers alike.
import type { RTCPeerConnection } from 'werift';

export type DeathReason = 'connect-timeout' | 'silent' | 'failed';

/**
 * This thread's awake clock (ms): it runs with `performance.now()` while the event loop turns, but a gap between two
 * readings longer than MAX_GAP_MS counts as MAX_GAP_MS. When the thread gets no CPU for a while (a 2-core box
 * under load, a long GC, a burst of forwarding), packets from its peers wait in the kernel's socket buffers and are
 * read only after the timers that judge silence have run: judged on wall time, every peer would look silent after
 * such a stall and healthy sessions would be closed for the SFU's own delay. Deadlines (connect, silence) are
 * therefore measured in time this thread was awake to hear. A ticker keeps the readings close while sessions exist.
 */
const TICK_MS = 100;
const MAX_GAP_MS = 500;
let awake = 0;
let lastReading = performance.now();
let watched = 0;
let ticker: NodeJS.Timeout | undefined;
export function awakeNow(): number {
  const now = performance.now();
  awake += Math.min(now - lastReading, MAX_GAP_MS);
  lastReading = now;
  return awake;
}
function watchStarted(): void {
  if (watched++ === 0) {
    awakeNow();
    ticker = setInterval(awakeNow, TICK_MS);
    ticker.unref();
  }
}
function watchStopped(): void {
  if (--watched === 0 && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

interface NominatedPair {
  packetsReceived?: number;
  responsesReceived?: number;
}

export interface Lifetime {
  readonly connected: boolean;
  /** Awake time (see `awakeNow`) since the last packet or consent answer heard from the peer; since connecting until then. */
  readonly silentForMs: number;
  stop(): void;
}

/**
 * Watches one peer: `onDead` once, if it does not connect within `connectTimeoutMs`, if nothing is heard from it
 * for `silenceMs()` after connecting (both in this thread's awake time, see `awakeNow`) (RTP, RTCP, DTLS; answers to the SFU's consent checks too while
 * `countConsent()`), or if ICE/DTLS fail. Both are read at every check, so they can change with the session. `onConnected` once on connecting. Checks once a second (at most); timers never keep the process alive.
 */
export function watchLifetime(
  pc: RTCPeerConnection,
  o: { connectTimeoutMs: number; silenceMs: () => number; countConsent: () => boolean },
  onDead: (reason: DeathReason) => void,
  onConnected?: () => void,
): Lifetime {
  let connected = false;
  let dead = false;
  watchStarted();
  const startedAt = awakeNow();
  let lastHeardAt = startedAt;
  let lastCount = -1;
  let poll: NodeJS.Timeout | undefined;
  const die = (reason: DeathReason) => {
    if (dead) return;
    dead = true;
    stop();
    onDead(reason);
  };
  // The connect deadline in awake time too: checked often, so a starved thread does not close a connecting peer
  // whose handshake packets are waiting to be read.
  const connectTimer = setInterval(
    () => {
      if (awakeNow() - startedAt > o.connectTimeoutMs) die('connect-timeout');
    },
    Math.min(250, Math.max(20, o.connectTimeoutMs / 10)),
  );
  connectTimer.unref();
  const heard = () => {
    const pair = (pc.iceTransports[0] as unknown as { connection?: { nominated?: NominatedPair } } | undefined)?.connection
      ?.nominated;
    return (pair?.packetsReceived ?? 0) + (o.countConsent() ? (pair?.responsesReceived ?? 0) : 0);
  };
  const sub = pc.connectionStateChange.subscribe((state) => {
    if (state === 'connected' && !connected && !dead) {
      connected = true;
      clearInterval(connectTimer);
      lastHeardAt = awakeNow();
      lastCount = heard();
      poll = setInterval(
        () => {
          const n = heard();
          const now = awakeNow();
          if (n !== lastCount) {
            lastCount = n;
            lastHeardAt = now;
          } else if (now - lastHeardAt > o.silenceMs()) die('silent');
        },
        Math.min(1000, Math.max(50, o.silenceMs() / 4)),
      );
      poll.unref();
      onConnected?.();
    }
    if (state === 'failed' || state === 'closed') die('failed');
  });
  let stopped = false;
  function stop() {
    clearInterval(connectTimer);
    if (poll) clearInterval(poll);
    sub.unSubscribe();
    if (!stopped) {
      stopped = true;
      watchStopped();
    }
  }
  return {
    get connected() {
      return connected;
    },
    get silentForMs() {
      // Refresh on read, so a caller deciding "is it alive right now" does not wait for the next poll.
      const now = awakeNow();
      if (connected && !dead) {
        const n = heard();
        if (n !== lastCount) {
          lastCount = n;
          lastHeardAt = now;
        }
      }
      return now - lastHeardAt;
    },
    stop() {
      dead = true;
      stop();
    },
  };
}
