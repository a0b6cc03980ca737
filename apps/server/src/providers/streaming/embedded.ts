import type { Sfu } from '@partystream/media/sfu';
import type { IceServer } from '@partystream/shared/stream/stream.schemas';
import type { Participant, StreamingProvider } from './streaming.ts';

/**
 * Default: the werift SFU in this process. Rooms are the party ids and exist while someone is in them, so there
 * is nothing to create or delete; credentials are the browser WHIP/WHEP paths on this server (the stream feature
 * authorises each request there by session or invite, and OBS by the party's stream key) and the STUN/TURN
 * servers the browser should use (features/stream/ice-servers.ts).
 */
export function embeddedStreaming(
  sfu: Sfu,
  o: { iceServers?: (role: Participant['role']) => IceServer[] } = {},
): StreamingProvider {
  const ice = (role: Participant['role']) => o.iceServers?.(role) ?? [];
  return {
    kind: 'embedded',
    async prepare() {},
    async publishCredentials(room) {
      return { provider: 'embedded', whipUrl: `/api/streams/${room.token}/whip`, iceServers: ice('dj') };
    },
    async viewCredentials(room, who) {
      return { provider: 'embedded', whepUrl: `/api/streams/${room.token}/whep`, iceServers: ice(who.role) };
    },
    async disconnect(_partyId, sessionId) {
      await sfu.end(sessionId).catch(() => {});
    },
    // The party's time is up (the stream.end_party job, end + grace): every session of its room ends now.
    async endParty(partyId) {
      await sfu.endRoom(partyId);
    },
    // Live = the DJ's media path is up (not merely a POST answered); viewers = connected ones (issue 19).
    async status(partyId) {
      return { live: sfu.isLive(partyId), viewers: sfu.viewerCount(partyId) };
    },
    async ingestStats(partyId) {
      return sfu.ingestStats(partyId);
    },
    onActivity(listener) {
      sfu.on('publisherConnected', ({ roomId }) => listener({ partyId: roomId, type: 'live' }));
      sfu.on('publisherStopped', ({ roomId }) => listener({ partyId: roomId, type: 'offline' }));
      sfu.on('viewerCount', ({ roomId, count }) => listener({ partyId: roomId, type: 'viewers', count }));
    },
  };
}
