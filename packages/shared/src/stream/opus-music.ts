/**
 * Music mode for Opus (PRD: a DJ set is music, not speech): stereo both ways at 128 kbit/s. One SDP rewrite used by
 * the SFU on every answer (packages/media) and by the browser on its own offers and the answers it applies
 * (apps/web lib/webrtc.ts), so both sides ask for the same thing. Pure string work: no DOM, no Node.
 */

/** The Opus fmtp parameters music mode sets (RFC 7587 §6.1). */
export const OPUS_MUSIC_FMTP = 'stereo=1;sprop-stereo=1;maxaveragebitrate=128000';

/**
 * Rewrites every Opus `a=fmtp` line so it carries the music-mode parameters (other parameters kept, these
 * replaced), and adds an fmtp line for an Opus payload type that has none. Line endings are kept as found.
 */
export function applyOpusMusicMode(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const opusPts = new Set<string>();
  for (const line of lines) {
    const m = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (m?.[1]) opusPts.add(m[1]);
  }
  const out: string[] = [];
  for (const line of lines) {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (m?.[1] && opusPts.has(m[1])) {
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
    }
  }
  return out.join(eol);
}
