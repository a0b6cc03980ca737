import { useEffect, useState } from 'react';
import type { WebrtcSession } from '../../lib/webrtc';
import type { StageSession } from './ivs-stage';
import { appendSample, countersOf, statsBetween, type Counters, type HealthSample, type PublishStats } from './health';

/**
 * What leaves the DJ's browser, once a second while on air: the latest rates and their history (health.ts) for
 * the console's graph. WHIP: the peer connection's own stats; IVS: the SDK's sent bytes (bitrate only).
 */
export function usePublishStats(session: WebrtcSession | null, stage: StageSession | null) {
  const [stats, setStats] = useState<PublishStats | null>(null);
  const [history, setHistory] = useState<HealthSample[]>([]);

  useEffect(() => {
    if (!session && !stage) return;
    let last: Counters | null = null;
    let first = true;
    const timer = setInterval(async () => {
      const at = performance.now();
      let next: Counters | null = null;
      if (session) {
        const rows: Record<string, unknown>[] = [];
        (await session.pc.getStats()).forEach((s: Record<string, unknown>) => rows.push(s));
        next = countersOf(rows, at);
      } else if (stage) {
        const bytes = await stage.sentBytes().catch(() => null);
        if (bytes !== null) next = { bytes, frames: 0, lost: 0, sent: 0, rttMs: null, at };
      }
      if (next && last) {
        const s = statsBetween(last, next);
        setStats(s);
        const sample = { ...s, at: Date.now() };
        // A new stream starts a new graph.
        setHistory((h) => (first ? [sample] : appendSample(h, sample)));
        first = false;
      }
      if (next) last = next;
    }, 1000);
    return () => clearInterval(timer);
  }, [session, stage]);

  const onAir = !!session || !!stage;
  return { stats: onAir ? stats : null, history };
}
