/**
 * The go-live console's stream health over time: one sample a second of what leaves the DJ's browser (bitrate,
 * frames per second, packet loss, round trip), kept for the last HEALTH_WINDOW_S seconds for the graph.
 */
export type PublishStats = { kbps: number; fps: number; lossPct: number; rttMs: number | null };
export type HealthSample = PublishStats & { at: number };
/** Counters read from one RTCStatsReport (cumulative; rates come from two of them). */
export type Counters = { bytes: number; frames: number; lost: number; sent: number; rttMs: number | null; at: number };

export const HEALTH_WINDOW_S = 120;

/** Sums the outbound counters of a publisher's stats report (every outbound RTP stream; the nominated pair's RTT). */
export function countersOf(report: Iterable<Record<string, unknown>>, at: number): Counters {
  const c: Counters = { bytes: 0, frames: 0, lost: 0, sent: 0, rttMs: null, at };
  for (const s of report) {
    const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0);
    if (s.type === 'outbound-rtp') {
      c.bytes += n('bytesSent');
      c.sent += n('packetsSent');
      if (s.kind === 'video') c.frames += n('framesEncoded');
    }
    if (s.type === 'remote-inbound-rtp') c.lost += n('packetsLost');
    if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number')
      c.rttMs = Math.round(s.currentRoundTripTime * 1000);
  }
  return c;
}

/** Rates between two readings (loss as a share of everything sent so far). */
export function statsBetween(prev: Counters, next: Counters): PublishStats {
  const ms = Math.max(1, next.at - prev.at);
  return {
    kbps: Math.max(0, Math.round(((next.bytes - prev.bytes) * 8) / ms)),
    fps: Math.max(0, Math.round(((next.frames - prev.frames) * 1000) / ms)),
    lossPct: next.sent ? Math.round((next.lost / next.sent) * 1000) / 10 : 0,
    rttMs: next.rttMs,
  };
}

/** The history with `sample` added, keeping only the last `windowS` seconds (by the samples' own times, in ms). */
export function appendSample(history: readonly HealthSample[], sample: HealthSample, windowS = HEALTH_WINDOW_S): HealthSample[] {
  const from = sample.at - windowS * 1000;
  return [...history.filter((s) => s.at > from), sample];
}

/** The graph's rows: seconds before the newest sample (0 = now), oldest first. */
export function graphRows(history: readonly HealthSample[]) {
  const last = history.at(-1)?.at ?? 0;
  return history.map((s) => ({ ago: Math.round((s.at - last) / 1000), kbps: s.kbps, fps: s.fps, lossPct: s.lossPct }));
}
