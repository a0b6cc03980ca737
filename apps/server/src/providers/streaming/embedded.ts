import type { Sfu } from '@partystream/media/sfu';
import type { StreamingProvider } from './streaming.ts';

/**
 * Default: the werift SFU in this process. Rooms are the party ids and exist while someone is in them, so there
 * is nothing to create or delete; credentials are the browser WHIP/WHEP paths on this server (the stream feature
 * authorises each request there by session or invite, and OBS by the party's stream key).
 */
export function embeddedStreaming(sfu: Sfu): StreamingProvider {
  return {
    kind: 'embedded',
    async prepare() {},
    async publishCredentials(room) {
      return { provider: 'embedded', whipUrl: `/api/streams/${room.token}/whip` };
    },
    async viewCredentials(room) {
      return { provider: 'embedded', whepUrl: `/api/streams/${room.token}/whep` };
    },
    async disconnect(_partyId, sessionId) {
      await sfu.end(sessionId).catch(() => {});
    },
    // Sessions end when their peers leave, and publishing is refused after the grace period.
    async endParty() {},
    async status(partyId) {
      return { live: sfu.hasPublisher(partyId), viewers: sfu.viewerCount(partyId) };
    },
  };
}
