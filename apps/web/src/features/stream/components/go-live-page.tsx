import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../lib/api-client';
import { negotiate, type WebrtcSession } from '../../../lib/webrtc';
import { paths } from '../../../config/paths';
import type { PublishCredentials } from '@partystream/shared/stream/stream.schemas';
import { audioConstraints, choosePublishPath } from '../media-path';
import type { StageSession } from '../ivs-stage';
import { PreshowPanel } from './preshow-panel';
import { HealthGraph } from './health-graph';
import { LevelMeter } from './level-meter';
import { usePublishStats } from '../use-publish-stats';
import { VirtualBackgroundPanel } from '../virtual-background/virtual-background-panel';
import type { Theme } from '../virtual-background/backdrops';
import '../stream.css';

const FRAMES = ['none', 'neon', 'disco', 'birthday'] as const;
type Frame = (typeof FRAMES)[number];
const FRAME_COLOURS: Record<Exclude<Frame, 'none'>, [string, string]> = {
  neon: ['#ff4fd8', '#4fd1ff'],
  disco: ['#ffd24f', '#ff4fd8'],
  birthday: ['#ff7eb3', '#7afcff'],
};

/** The camera drawn into a canvas with a glowing animated frame; returns the canvas's video track. */
function framedTrack(source: MediaStream, frame: Exclude<Frame, 'none'>): MediaStreamTrack {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = new MediaStream(source.getVideoTracks());
  void video.play();
  const canvas = document.createElement('canvas');
  canvas.width = 1280;
  canvas.height = 720;
  const g = canvas.getContext('2d')!;
  const [a, b] = FRAME_COLOURS[frame];
  const draw = (t: number) => {
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const grad = g.createLinearGradient(0, 0, canvas.width, canvas.height);
    const shift = (Math.sin(t / 600) + 1) / 2;
    grad.addColorStop(0, a);
    grad.addColorStop(shift, b);
    grad.addColorStop(1, a);
    g.lineWidth = 28;
    g.strokeStyle = grad;
    g.shadowColor = a;
    g.shadowBlur = 30;
    g.strokeRect(14, 14, canvas.width - 28, canvas.height - 28);
    g.shadowBlur = 0;
    requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
  return canvas.captureStream(30).getVideoTracks()[0]!;
}

/**
 * The DJ's go-live page: (a) from the browser — device pickers, level meter, music mode on by default (no echo
 * cancellation, noise suppression or auto gain; stereo Opus 128 kbit/s); (b) from OBS — the WHIP URL and a
 * stream key; what leaves the browser (its own stats) and the pre-show check of what the server receives, with
 * the button that lets the guests in (preshow-panel.tsx), the health graph over time (health-graph.tsx) and, composed
 * in by the route, the room console (chat, requests, polls, the end of the party). The server's publish credentials pick
 * the path: the embedded SFU over WHIP, or an Amazon IVS stage (SDK loaded only then; OBS then gets the stage's
 * WHIP endpoint and a publish token from the same "stream key" button).
 */
export function GoLivePage({
  renderConsole,
  theme,
}: {
  renderConsole?: (o: { onEnded: () => void }) => ReactNode;
  /** The party's theme as the room reports it, live (the host may change it during the party). */
  theme?: Theme | null;
} = {}) {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [audioId, setAudioId] = useState('');
  const [videoId, setVideoId] = useState('');
  const [music, setMusic] = useState(true);
  const [frame, setFrame] = useState<Frame>('none');
  // The virtual background's processed track (null: the camera as is); see virtual-background/.
  const [bgTrack, setBgTrack] = useState<MediaStreamTrack | null>(null);
  const [preview, setPreview] = useState<MediaStream | null>(null);
  const [session, setSession] = useState<WebrtcSession | null>(null);
  const [stage, setStage] = useState<StageSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [obs, setObs] = useState<{ whipUrl: string; streamKey: string } | null>(null);
  const videoEl = useRef<HTMLVideoElement>(null);
  const { stats, history } = usePublishStats(session, stage);
  // The room console is made once (its panels must not re-render with the page's stats); when it reports the
  // end of the party (the server has closed the stream) publishing stops here too, with the latest `stop`.
  const stopRef = useRef<() => Promise<void>>(async () => {});
  useEffect(() => {
    stopRef.current = stop;
  });
  const roomConsole = useMemo(() => renderConsole?.({ onEnded: () => void stopRef.current() }), [renderConsole]);

  useEffect(() => {
    let stream: MediaStream | null = null;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: audioConstraints(music, audioId),
          video: { deviceId: videoId ? { exact: videoId } : undefined, width: 1280, height: 720, frameRate: 30 },
        });
        setPreview(stream);
        if (videoEl.current) videoEl.current.srcObject = stream;
        setDevices(await navigator.mediaDevices.enumerateDevices());
      } catch (e) {
        setError(t('stream.noDevices', { reason: (e as Error).message }));
      }
    })();
    return () => {
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [audioId, videoId, music, t]);

  // IVS: the SDK owns the peer connection; leave the stage when the page goes away.
  useEffect(() => {
    if (!stage) return;
    const leave = () => stage.leave();
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [stage]);
  useEffect(() => () => stage?.leave(), [stage]);

  async function goLive() {
    if (!preview) return;
    setError(null);
    let creds: PublishCredentials;
    try {
      creds = await api.get<PublishCredentials>(`/streams/${token}/publish-credentials`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      return;
    }
    const path = choosePublishPath(token, creds);
    const camera = bgTrack ? new MediaStream([bgTrack]) : preview;
    const video = frame === 'none' ? camera.getVideoTracks()[0] : framedTrack(camera, frame);
    if (path.kind === 'ivs') {
      try {
        const { publishToStage } = await import('../ivs-stage');
        setStage(await publishToStage(path.token, { audio: preview.getAudioTracks()[0], video }, { music }));
      } catch (e) {
        setError(String((e as Error)?.message ?? e));
      }
      return;
    }
    const pc = new RTCPeerConnection({ iceServers: path.iceServers });
    // With a frame, the camera is drawn into a canvas with the frame on top, entirely in the browser (works offline).
    const out = new MediaStream([...preview.getAudioTracks(), ...(video ? [video] : [])]);
    for (const track of out.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [out] });
    try {
      setSession(await negotiate(pc, path.url, { music }));
    } catch (e) {
      pc.close();
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  async function stop() {
    await session?.close();
    stage?.leave();
    setSession(null);
    setStage(null);
  }

  async function newKey() {
    try {
      setObs(await api.post<{ whipUrl: string; streamKey: string }>(`/streams/${token}/key`));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  // The preview shows what is published; a background turned on or off while live replaces the sent track, on
  // either path: the WHIP sender's replaceTrack, or the IVS stage's (same participant, same sender).
  useEffect(() => {
    if (videoEl.current && preview)
      videoEl.current.srcObject = bgTrack ? new MediaStream([bgTrack, ...preview.getAudioTracks()]) : preview;
    const camera = preview?.getVideoTracks()[0];
    if (!camera || frame !== 'none') return;
    const sender = session?.pc.getSenders().find((s) => s.track?.kind === 'video');
    if (sender) void sender.replaceTrack(bgTrack ?? camera).catch(() => {});
    stage?.replaceVideo(bgTrack ?? camera);
  }, [bgTrack, preview, session, stage, frame]);

  const live = !!session || !!stage;
  const pick = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind);
  return (
    <div className="container stack go-live">
      <Link to={paths.party.to(token)} className="muted">
        ← {t('stream.backToParty')}
      </Link>
      <h1>{t('stream.title')}</h1>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="console-grid">
        <div className="stack console-main">
          <section className="card stack" aria-labelledby="browser-h">
            <h2 id="browser-h">{t('stream.fromBrowser')}</h2>
            <video ref={videoEl} className="preview" autoPlay playsInline muted />
            <LevelMeter stream={preview} />
            <div className="row two">
              <div className="field">
                <label htmlFor="mic">{t('stream.audioInput')}</label>
                <select id="mic" value={audioId} onChange={(e) => setAudioId(e.target.value)} disabled={live}>
                  <option value="">{t('stream.default')}</option>
                  {pick('audioinput').map((d) => (
                    <option key={d.deviceId} value={d.deviceId}>
                      {d.label || d.deviceId.slice(0, 8)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="cam">{t('stream.camera')}</label>
                <select id="cam" value={videoId} onChange={(e) => setVideoId(e.target.value)} disabled={live}>
                  <option value="">{t('stream.default')}</option>
                  {pick('videoinput').map((d) => (
                    <option key={d.deviceId} value={d.deviceId}>
                      {d.label || d.deviceId.slice(0, 8)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <label className="radio">
              <input type="checkbox" checked={music} disabled={live} onChange={(e) => setMusic(e.target.checked)} />{' '}
              {t('stream.musicMode')}
            </label>
            <div className="field">
              <label htmlFor="frame">{t('stream.frame')}</label>
              <select id="frame" value={frame} disabled={live} onChange={(e) => setFrame(e.target.value as Frame)}>
                {FRAMES.map((f) => (
                  <option key={f} value={f}>
                    {t(`stream.frames.${f}`)}
                  </option>
                ))}
              </select>
            </div>
            <VirtualBackgroundPanel
              token={token}
              theme={theme}
              camera={preview?.getVideoTracks()[0] ?? null}
              disabled={live && frame !== 'none'}
              onTrack={setBgTrack}
            />
            <p className="muted small">{t('stream.musicModeHint')}</p>
            {live ? (
              <button type="button" className="btn btn-danger" onClick={() => void stop()}>
                {t('stream.stop')}
              </button>
            ) : (
              <button type="button" className="btn btn-primary" disabled={!preview} onClick={() => void goLive()}>
                {t('stream.goLive')}
              </button>
            )}
            {live ? (
              <dl className="facts" aria-live="polite" data-testid="preshow">
                <dt>{t('stream.status')}</dt>
                <dd data-testid="publish-state">{t('stream.onAir')}</dd>
                <dt>{t('stream.bitrate')}</dt>
                <dd>{stats ? `${stats.kbps} kbit/s` : '…'}</dd>
                <dt>{t('stream.fps')}</dt>
                <dd>{stats && session ? stats.fps : '…'}</dd>
                <dt>{t('stream.loss')}</dt>
                <dd>{stats && session ? `${stats.lossPct} %` : '…'}</dd>
                <dt>{t('stream.rtt')}</dt>
                <dd>{stats?.rttMs != null ? `${stats.rttMs} ms` : '…'}</dd>
              </dl>
            ) : null}
          </section>
          <HealthGraph history={history} />
        </div>
        {roomConsole ? <div className="stack console-room">{roomConsole}</div> : null}
        <div className="stack console-setup">
          <PreshowPanel token={token} />
          <section className="card stack" aria-labelledby="obs-h">
            <h2 id="obs-h">{t('stream.fromObs')}</h2>
            <p className="muted">{t('stream.obsHelp')}</p>
            <button type="button" className="btn" onClick={() => void newKey()}>
              {obs ? t('stream.regenerate') : t('stream.showKey')}
            </button>
            {obs ? (
              <dl className="facts">
                <dt>{t('stream.server')}</dt>
                <dd>
                  <code>{obs.whipUrl}</code>
                </dd>
                <dt>{t('stream.key')}</dt>
                <dd>
                  <code data-testid="stream-key">{obs.streamKey}</code>
                </dd>
              </dl>
            ) : null}
            <p className="muted small">{t('stream.obsSettings')}</p>
          </section>
        </div>
      </div>
    </div>
  );
}
