// How long a session may live without proving it is alive (issue 19). werift on its own keeps a peer whose ICE
// never completes forever, and notices a vanished one only when RFC 7675 consent expires (30 s). The SFU wants
// both much sooner: a publisher that never connects or goes quiet must free the room for the DJ's next try, and a
// viewer that is gone must leave the count. Runs in the SFU's thread and in forwarding workers alike.
import type { RTCPeerConnection } from 'werift';

export type DeathReason = 'connect-timeout' | 'silent' | 'failed';

interface NominatedPair {
  packetsReceived?: number;
  responsesReceived?: number;
}

export interface Lifetime {
  readonly connected: boolean;
  /** performance.now() of the last packet (or consent answer) heard from the peer; connect time until then. */
  readonly lastHeardAt: number;
  stop(): void;
}

/**
 * Watches one peer: `onDead` once, if it does not connect within `connectTimeoutMs`, if nothing is heard from it
 * for `silenceMs()` after connecting (RTP, RTCP, DTLS; answers to the SFU's consent checks too while
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
  let lastHeardAt = performance.now();
  let lastCount = -1;
  let poll: NodeJS.Timeout | undefined;
  const die = (reason: DeathReason) => {
    if (dead) return;
    dead = true;
    stop();
    onDead(reason);
  };
  const connectTimer = setTimeout(() => die('connect-timeout'), o.connectTimeoutMs);
  connectTimer.unref();
  const heard = () => {
    const pair = (pc.iceTransports[0] as unknown as { connection?: { nominated?: NominatedPair } } | undefined)?.connection
      ?.nominated;
    return (pair?.packetsReceived ?? 0) + (o.countConsent() ? (pair?.responsesReceived ?? 0) : 0);
  };
  const sub = pc.connectionStateChange.subscribe((state) => {
    if (state === 'connected' && !connected && !dead) {
      connected = true;
      clearTimeout(connectTimer);
      lastHeardAt = performance.now();
      lastCount = heard();
      poll = setInterval(
        () => {
          const n = heard();
          const now = performance.now();
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
  function stop() {
    clearTimeout(connectTimer);
    if (poll) clearInterval(poll);
    sub.unSubscribe();
  }
  return {
    get connected() {
      return connected;
    },
    get lastHeardAt() {
      // Refresh on read, so a caller deciding "is it alive right now" does not wait for the next poll.
      if (connected && !dead) {
        const n = heard();
        if (n !== lastCount) {
          lastCount = n;
          lastHeardAt = performance.now();
        }
      }
      return lastHeardAt;
    },
    stop() {
      dead = true;
      stop();
    },
  };
}
