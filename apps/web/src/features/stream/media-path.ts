/**
 * Which media path the party uses, decided by the server's credentials answer (STREAMING_PROVIDER): the embedded
 * SFU over WHIP/WHEP, or an Amazon IVS Real-Time stage through `amazon-ivs-web-broadcast` (loaded only then).
 * Pure, so it is unit-tested without a browser or AWS.
 */
import type { IceServer, PublishCredentials, ViewCredentials } from '@partystream/shared/stream/stream.schemas';

export type PublishPath =
  { kind: 'whip'; url: string; iceServers: IceServer[] } | { kind: 'ivs'; token: string; expiresAt: string };
export type ViewPath = { kind: 'whep'; url: string; iceServers: IceServer[] } | { kind: 'ivs'; token: string; expiresAt: string };

/** Embedded keeps today's browser WHIP path (`/api/streams/<party>/whip`); IVS joins the stage with the token. */
export function choosePublishPath(partyToken: string, creds: PublishCredentials): PublishPath {
  return creds.provider === 'ivs'
    ? { kind: 'ivs', token: creds.token, expiresAt: creds.expiresAt }
    : { kind: 'whip', url: `/api/streams/${partyToken}/whip`, iceServers: creds.iceServers ?? [] };
}

/**
 * No credentials (an older server, a network error, a party that is over) means the embedded WHEP path, which
 * reports offline by itself — so the embedded player behaves exactly as before whatever the endpoint says.
 */
export function chooseViewPath(partyToken: string, invite: string | undefined, creds: ViewCredentials | null): ViewPath {
  if (creds?.provider === 'ivs') return { kind: 'ivs', token: creds.token, expiresAt: creds.expiresAt };
  return {
    kind: 'whep',
    url: `/api/streams/${partyToken}/whep${invite ? `?invite=${encodeURIComponent(invite)}` : ''}`,
    iceServers: creds?.iceServers ?? [],
  };
}

/** IVS caps stage audio at 128 kbit/s (STAGE_MAX_AUDIO_BITRATE_KBPS); music mode asks for all of it, in stereo. */
export const IVS_MAX_AUDIO_KBPS = 128;

/** The LocalStageStream audio configuration: music mode = stereo at the maximum bitrate; speech = SDK defaults. */
export function stageAudioConfig(music: boolean): { stereo?: boolean; maxAudioBitrateKbps?: number } {
  return music ? { stereo: true, maxAudioBitrateKbps: IVS_MAX_AUDIO_KBPS } : {};
}

/**
 * getUserMedia audio constraints. Music mode turns off echo cancellation, noise suppression and auto gain (they
 * pump and gate a DJ mix) and asks for stereo at 48 kHz — the IVS SDK requires the first three off for stereo.
 */
export function audioConstraints(music: boolean, deviceId?: string): MediaTrackConstraints {
  return {
    deviceId: deviceId ? { exact: deviceId } : undefined,
    echoCancellation: !music,
    noiseSuppression: !music,
    autoGainControl: !music,
    channelCount: 2,
    sampleRate: 48000,
  };
}
