/**
 * Publishing to and watching an Amazon IVS Real-Time stage with `amazon-ivs-web-broadcast`. The SDK (~750 kB) is
 * imported on first use only, so parties on the embedded SFU never download it.
 */
import type * as IvsSdk from 'amazon-ivs-web-broadcast';
import { stageAudioConfig } from './media-path';

type Sdk = typeof IvsSdk;
let sdk: Promise<Sdk> | null = null;
const loadSdk = () => (sdk ??= import('amazon-ivs-web-broadcast'));

export type StageState = 'connecting' | 'live' | 'offline' | 'error';

export interface StageSession {
  leave(): void;
  /**
   * Publishes another video track in place of the current one (the virtual background turned on or off, another
   * backdrop engine) without leaving the stage: the strategy's streams change and `refreshStrategy()` makes the SDK
   * swap the track on its existing sender (`RTCRtpSender.replaceTrack`, checked in the 1.41 SDK), as the WHIP path
   * does — no new participant, no renegotiation.
   */
  replaceVideo(track: MediaStreamTrack): void;
  /** Outgoing bitrate of the published streams, where the SDK reports it. */
  sentBytes(): Promise<number | null>;
}

/**
 * Joins the stage as the DJ and publishes the audio (music mode: stereo at the SDK's 128 kbit/s maximum) and
 * video tracks. Resolves once joined; the SDK re-publishes by itself after network blips.
 */
export async function publishToStage(
  token: string,
  tracks: { audio?: MediaStreamTrack; video?: MediaStreamTrack },
  opts: { music: boolean; onState?: (s: StageState) => void },
): Promise<StageSession> {
  const { Stage, LocalStageStream, SubscribeType, StageEvents, StageConnectionState } = await loadSdk();
  const videoConfig = { maxVideoBitrateKbps: 2500, maxFramerate: 30 };
  const audio = tracks.audio ? new LocalStageStream(tracks.audio, stageAudioConfig(opts.music)) : null;
  let video = tracks.video ? new LocalStageStream(tracks.video, videoConfig) : null;
  const streams = () => [...(audio ? [audio] : []), ...(video ? [video] : [])];
  const stage = new Stage(token, {
    stageStreamsToPublish: streams,
    shouldPublishParticipant: () => true,
    shouldSubscribeToParticipant: () => SubscribeType.NONE,
  });
  stage.on(StageEvents.STAGE_CONNECTION_STATE_CHANGED, (s) => {
    opts.onState?.(
      s === StageConnectionState.CONNECTED
        ? 'live'
        : s === StageConnectionState.CONNECTING
          ? 'connecting'
          : s === StageConnectionState.ERRORED
            ? 'error'
            : 'offline',
    );
  });
  await stage.join();
  return {
    leave: () => stage.leave(),
    replaceVideo(track) {
      if (video?.mediaStreamTrack === track) return;
      video = new LocalStageStream(track, videoConfig);
      stage.refreshStrategy();
    },
    async sentBytes() {
      let total: number | null = null;
      for (const s of streams()) {
        for (const st of (await s.requestQualityStats()) ?? []) {
          const b = (st as { bytesSent?: number }).bytesSent;
          if (typeof b === 'number') total = (total ?? 0) + b;
        }
      }
      return total;
    },
  };
}

/**
 * Joins the stage with a SUBSCRIBE-only token and hands every published track to `onTracks` (the DJ is the only
 * participant who can publish). `onState` says live while a publisher's streams are present.
 */
export async function watchStage(
  token: string,
  opts: { onTracks: (tracks: MediaStreamTrack[]) => void; onState: (s: StageState) => void },
): Promise<StageSession> {
  const { Stage, SubscribeType, StageEvents, StageConnectionState } = await loadSdk();
  const tracks = new Map<string, MediaStreamTrack>();
  const emit = () => {
    opts.onTracks([...tracks.values()]);
    opts.onState(tracks.size > 0 ? 'live' : 'offline');
  };
  const stage = new Stage(token, {
    stageStreamsToPublish: () => [],
    shouldPublishParticipant: () => false,
    shouldSubscribeToParticipant: () => SubscribeType.AUDIO_VIDEO,
  });
  stage.on(StageEvents.STAGE_PARTICIPANT_STREAMS_ADDED, (_p, streams) => {
    for (const s of streams) tracks.set(s.id, s.mediaStreamTrack);
    emit();
  });
  stage.on(StageEvents.STAGE_PARTICIPANT_STREAMS_REMOVED, (_p, streams) => {
    for (const s of streams) tracks.delete(s.id);
    emit();
  });
  stage.on(StageEvents.STAGE_CONNECTION_STATE_CHANGED, (s) => {
    if (s === StageConnectionState.CONNECTING) opts.onState('connecting');
    if (s === StageConnectionState.ERRORED || s === StageConnectionState.DISCONNECTED) opts.onState('connecting');
  });
  opts.onState('connecting');
  await stage.join();
  if (tracks.size === 0) opts.onState('offline');
  return { leave: () => stage.leave(), replaceVideo: () => {}, sentBytes: async () => null };
}
