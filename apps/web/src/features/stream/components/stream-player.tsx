import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { negotiate, type WebrtcSession } from '../../../lib/webrtc';
import { api, ApiError } from '../../../lib/api-client';
import { timeIn, viewerTimeZone } from '../../../lib/format';
import type { StreamStatus, ViewCredentials } from '@partystream/shared/stream/stream.schemas';
import { chooseViewPath } from '../media-path';
import { PlayerControls } from './player-controls';
import '../stream.css';

/**
 * Plays the party over WHEP with the smallest safe jitter buffer, shows live/offline and the viewer count,
 * reconnects by itself after a drop, and unmutes with one tap (browsers block autoplay with sound). When the
 * server streams through Amazon IVS (its view credentials say so), it joins the party's stage with a
 * SUBSCRIBE-only token instead; the IVS SDK is loaded only then. A guest who arrives before the DJ has let the
 * guests in sees the soundcheck notice (with the time the doors open at the latest) until they open.
 */
export function StreamPlayer({
  token,
  invite,
  title,
  subtitle,
}: {
  token: string;
  invite?: string;
  /** The party's name and who is on stage, kept over the picture (also in fullscreen). */
  title?: string;
  subtitle?: string;
}) {
  const { t, i18n } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'offline' | 'connecting' | 'live' | 'waiting'>('offline');
  const [opensAt, setOpensAt] = useState<string | null>(null);
  const [viewers, setViewers] = useState<number | null>(0);
  const [muted, setMuted] = useState(true);
  const qs = invite ? `?invite=${encodeURIComponent(invite)}` : '';

  useEffect(() => {
    let stopped = false;
    let stop: (() => void) | undefined;
    void (async () => {
      let creds: ViewCredentials | null = null;
      // Guests wait outside until the doors open (the DJ lets them in, or the party starts).
      for (;;) {
        try {
          creds = await api.get<ViewCredentials>(`/streams/${token}/view-credentials${qs}`);
          break;
        } catch (e) {
          if (!(e instanceof ApiError && e.code === 'PARTY_DOORS_CLOSED')) break;
          setState('waiting');
          const status = await api.get<StreamStatus>(`/streams/${token}/status${qs}`).catch(() => null);
          if (status) {
            setOpensAt(status.doors.opensAt);
            setViewers(status.viewers);
          }
          await new Promise((r) => setTimeout(r, 2000));
          if (stopped) return;
        }
      }
      if (stopped) return;
      setState((s) => (s === 'waiting' ? 'offline' : s));
      const path = chooseViewPath(token, invite, creds);
      stop = path.kind === 'ivs' ? watchIvs(path.token) : watchWhep(path.url, path.iceServers);
    })();
    return () => {
      stopped = true;
      stop?.();
    };

    /** The embedded SFU: poll the status, (re)connect over WHEP while live. */
    function watchWhep(whepUrl: string, iceServers: RTCIceServer[]) {
      let session: WebrtcSession | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;

      async function tick() {
        if (stopped) return;
        try {
          const status = (await (await fetch(`/api/streams/${token}/status${qs}`, { credentials: 'same-origin' })).json()) as {
            live: boolean;
            viewers: number | null;
          };
          setViewers(status.viewers);
          const healthy = session && ['connected', 'connecting', 'new'].includes(session.pc.connectionState);
          if (status.live && !healthy) {
            await session?.close();
            setState('connecting');
            const pc = new RTCPeerConnection({ iceServers });
            pc.addTransceiver('audio', { direction: 'recvonly' });
            pc.addTransceiver('video', { direction: 'recvonly' });
            const stream = new MediaStream();
            pc.ontrack = (e) => {
              // Smallest safe jitter buffer: aim for the network's own jitter, no extra latency.
              const r = e.receiver as RTCRtpReceiver & { jitterBufferTarget?: number; playoutDelayHint?: number };
              if ('jitterBufferTarget' in r) r.jitterBufferTarget = 0;
              if ('playoutDelayHint' in r) r.playoutDelayHint = 0;
              stream.addTrack(e.track);
              if (video.current) video.current.srcObject = stream;
            };
            pc.onconnectionstatechange = () => {
              if (pc.connectionState === 'connected') setState('live');
              if (pc.connectionState === 'failed' || pc.connectionState === 'disconnected') setState('connecting');
            };
            session = await negotiate(pc, whepUrl);
          } else if (!status.live) {
            if (session) await session.close();
            session = null;
            setState('offline');
          }
        } catch {
          setState((s) => (s === 'live' ? 'connecting' : s));
        }
        timer = setTimeout(tick, 2000);
      }
      void tick();
      return () => {
        clearTimeout(timer);
        void session?.close();
      };
    }

    /** Amazon IVS: one stage join; the SDK resubscribes by itself and says when the DJ's streams come and go. */
    function watchIvs(stageToken: string) {
      let leave: (() => void) | undefined;
      let left = false;
      setViewers(null);
      void import('../ivs-stage')
        .then(({ watchStage }) =>
          watchStage(stageToken, {
            onState: (s) => setState(s === 'live' ? 'live' : s === 'offline' ? 'offline' : 'connecting'),
            onTracks: (tracks) => {
              if (video.current) video.current.srcObject = tracks.length ? new MediaStream(tracks) : null;
            },
          }),
        )
        .then((s) => {
          leave = s.leave;
          if (left) s.leave();
        })
        .catch(() => setState('offline'));
      return () => {
        left = true;
        leave?.();
      };
    }
  }, [token, qs, invite]);

  return (
    <div className="player" ref={box}>
      <video ref={video} className="player-video" autoPlay playsInline muted={muted} data-testid="party-video" />
      <div className="player-bar">
        <span className={`live-dot ${state}`} data-testid="stream-state">
          {t(`stream.state.${state}`)}
        </span>
        {viewers !== null ? <span className="muted small">{t('stream.watching', { count: viewers })}</span> : null}
        {state === 'live' && muted ? (
          <button
            type="button"
            className="btn btn-primary unmute"
            onClick={() => {
              setMuted(false);
              void video.current?.play();
            }}
          >
            {t('stream.unmute')}
          </button>
        ) : null}
      </div>
      {state === 'offline' ? <p className="player-offline">{t('stream.offline')}</p> : null}
      {state === 'waiting' ? (
        <p className="player-waiting" data-testid="stream-waiting">
          {t('stream.waiting', { time: opensAt ? timeIn(opensAt, viewerTimeZone(), i18n.language) : '…' })}
        </p>
      ) : null}
      <div className="player-foot">
        {title ? (
          <p className="player-title" data-testid="player-title">
            <strong>{title}</strong>
            {subtitle ? <span>{subtitle}</span> : null}
          </p>
        ) : null}
        <PlayerControls
          video={video}
          box={box}
          muted={muted}
          onMutedChange={setMuted}
          onVolumeChange={(v) => {
            if (video.current) video.current.volume = v;
          }}
        />
      </div>
    </div>
  );
}
