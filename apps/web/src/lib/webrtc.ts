/**
 * Browser side of WHIP (publish) and WHEP (play): non-trickle — gather every candidate, POST the offer as
 * application/sdp, apply the answer, keep the Location to DELETE on leave.
 */
export interface WebrtcSession {
  pc: RTCPeerConnection;
  location: string;
  close(): Promise<void>;
}

/** Music mode: stereo Opus at 128 kbit/s, no in-band FEC tweaks needed. */
export function musicModeSdp(sdp: string): string {
  return sdp.replace(/a=fmtp:(\d+) (.*minptime=\d+.*)/g, (line, pt: string, params: string) => {
    if (!new RegExp(`a=rtpmap:${pt} opus/48000`, 'i').test(sdp)) return line;
    const kept = params.split(';').filter((p) => !/^(stereo|sprop-stereo|maxaveragebitrate)=/.test(p.trim()));
    return `a=fmtp:${pt} ${[...kept, 'stereo=1', 'sprop-stereo=1', 'maxaveragebitrate=128000'].join(';')}`;
  });
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

export class WebrtcHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function negotiate(
  pc: RTCPeerConnection,
  url: string,
  opts: { music?: boolean; headers?: Record<string, string> } = {},
): Promise<WebrtcSession> {
  const offer = await pc.createOffer();
  await pc.setLocalDescription({ type: 'offer', sdp: opts.music ? musicModeSdp(offer.sdp ?? '') : offer.sdp });
  await gathered(pc);
  const res = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/sdp', ...opts.headers },
    body: pc.localDescription!.sdp,
  });
  if (res.status !== 201) {
    let detail = res.statusText;
    try {
      detail = (await res.json()).detail ?? detail;
    } catch {
      /* not JSON */
    }
    throw new WebrtcHttpError(res.status, detail);
  }
  const answer = await res.text();
  await pc.setRemoteDescription({ type: 'answer', sdp: opts.music ? musicModeSdp(answer) : answer });
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
