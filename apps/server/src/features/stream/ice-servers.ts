/**
 * STUN/TURN servers for real deployments (SFU_STUN_URLS, SFU_TURN_URLS, SFU_TURN_SECRET).
 * - The SFU itself gets the STUN servers only (to learn its public address when SFU_PUBLIC_IP is not set); it has
 *   no use for a relay.
 * - Browsers (credentials endpoints) and WHIP/WHEP clients (RFC 9725 `Link: rel="ice-server"` headers, which OBS
 *   reads) get STUN and TURN. TURN credentials are the TURN REST API's time-limited ones (what coturn's
 *   `use-auth-secret` checks): username `<expiry unix seconds>:<role>`, credential base64(HMAC-SHA1(secret,
 *   username)); the shared secret never leaves the server and a leaked credential dies within 12 hours.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '@partystream/shared/stream/stream.schemas';
import type { Participant } from '../../providers/streaming/streaming.ts';

export const TURN_CREDENTIAL_TTL_S = 12 * 3600;

export interface IceServerSettings {
  stun: string[];
  turn: string[];
  turnSecret?: string;
}

/** Who a client's credentials are for (goes into the TURN username; no names or ids). */
export type IceRole = Participant['role'];

export interface IceServers {
  /** For the SFU's own peers. */
  forSfu(): IceServer[];
  /** For a client (browser, OBS). */
  forClient(role: IceRole, now: Date): IceServer[];
}

export function createIceServers(s: IceServerSettings): IceServers {
  return {
    forSfu: () => (s.stun.length ? [{ urls: s.stun }] : []),
    forClient(role, now) {
      const servers: IceServer[] = s.stun.length ? [{ urls: s.stun }] : [];
      if (s.turn.length && s.turnSecret) {
        const username = `${Math.floor(now.getTime() / 1000) + TURN_CREDENTIAL_TTL_S}:${role}`;
        const credential = createHmac('sha1', s.turnSecret).update(username).digest('base64');
        servers.push({ urls: s.turn, username, credential });
      }
      return servers;
    },
  };
}
