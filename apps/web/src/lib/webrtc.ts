/**
 * Browser side of WHIP (publish) and WHEP (play): non-trickle — gather every candidate, POST the offer as
 * application/sdp, apply the answer, keep the Location to DELETE on leave (a guest's Location carries the
 * `?invite=` that authorises that DELETE). Refusals are the app's one error type, ApiError, from the server's
 * problem document; music mode is the same SDP rewrite the SFU applies (@partystream/shared/stream/opus-music).
 */
import type { Problem } from '@partystream/shared/problem';
import { applyOpusMusicMode } from '@partystream/shared/stream/opus-music';
import { ApiError } from './api-client';

export interface WebrtcSession {
  pc: RTCPeerConnection;
  location: string;
  close(): Promise<void>;
}

function gathered(pc: RTCPeerConnection, timeoutMs = 3000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState === 'complete') {
        pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      }
    };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(resolve, timeoutMs);
  });
}

export async function negotiate(
  pc: RTCPeerConnection,
  url: string,
  opts: { music?: boolean; headers?: Record<string, string> } = {},
): Promise<WebrtcSession> {
  const offer = await pc.createOffer();
  await pc.setLocalDescription({ type: 'offer', sdp: opts.music ? applyOpusMusicMode(offer.sdp ?? '') : offer.sdp });
  await gathered(pc);
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/sdp', ...opts.headers },
    body: pc.localDescription!.sdp,
  });
  if (res.status !== 201) {
    let p: Partial<Problem> = {};
    try {
      p = (await res.json()) as Partial<Problem>;
    } catch {
      /* not a problem document */
    }
    throw new ApiError(res.status, {
      type: p.type ?? 'about:blank',
      title: p.title ?? res.statusText,
      status: res.status,
      code: p.code ?? 'INTERNAL',
      detail: p.detail,
    });
  }
  const answer = await res.text();
  await pc.setRemoteDescription({ type: 'answer', sdp: opts.music ? applyOpusMusicMode(answer) : answer });
  const location = new URL(res.headers.get('location') ?? '', new URL(url, window.location.href)).toString();
  return {
    pc,
    location,
    async close() {
      pc.close();
      await fetch(location, { method: 'DELETE', credentials: 'same-origin', headers: opts.headers }).catch(() => {});
    },
  };
}
