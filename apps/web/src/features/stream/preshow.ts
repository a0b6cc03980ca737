import type { IngestStats } from '@partystream/shared/stream/stream.schemas';

/**
 * Things worth fixing before the guests come in, from what the server receives (keys of stream.preshow.warn):
 * nothing arriving, silence (below -60 dBov), a frame rate under 15, more than 2 % loss.
 */
export function preshowWarnings(ingest: IngestStats | null): string[] {
  if (!ingest) return [];
  const w: string[] = [];
  if (!ingest.audio || ingest.audio.kbps === 0) w.push('noAudio');
  else if (ingest.audio.levelDbov !== null && ingest.audio.levelDbov <= -60) w.push('silent');
  if (!ingest.video || ingest.video.kbps === 0) w.push('noVideo');
  else if (ingest.video.fps > 0 && ingest.video.fps < 15) w.push('lowFps');
  if (Math.max(ingest.audio?.lossPct ?? 0, ingest.video?.lossPct ?? 0) > 2) w.push('loss');
  return w;
}
