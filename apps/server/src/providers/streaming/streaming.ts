/**
 * Where the party's audio and video flow. Two implementations, chosen in deps.ts by STREAMING_PROVIDER:
 * - embedded (default): the werift SFU in this process (packages/media); the DJ publishes over WHIP and guests
 *   play over WHEP at /api/streams/<party>/…, authorised by the stream feature;
 * - ivs: Amazon IVS Real-Time — one stage per party, participant tokens minted per person: PUBLISH+SUBSCRIBE for
 *   the booked DJ (usable in the browser SDK and, with the stage's WHIP endpoint, as OBS's bearer token),
 *   SUBSCRIBE only for the host and guests. The stage is deleted after the party.
 *
 * The provider never decides who may do what: the stream service authorises (booked DJ inside the window,
 * party access for viewers) and then asks the provider for credentials. Every method is idempotent; `prepare`
 * is safe under concurrent calls (one room per party, even across processes).
 */
import type { IngestStats, PublishCredentials, ViewCredentials } from '@partystream/shared/stream/stream.schemas';

export type { PublishCredentials, ViewCredentials };

/** What a provider needs to know about a party: its id, its public token (for URLs) and when credentials expire. */
export interface PartyRoom {
  partyId: string;
  token: string;
  /** Credentials never outlive this instant (the party's end plus the grace period). */
  expiresAt: Date;
}

export interface Participant {
  /** Our user id, or `guest:<invite id>` for an invited guest without an account. */
  userId: string;
  role: 'dj' | 'host' | 'guest';
  displayName: string;
}

/** What happens on a party's stream, as the provider sees it (for the stream's facts). */
export type StreamActivity =
  { partyId: string; type: 'live' } | { partyId: string; type: 'offline' } | { partyId: string; type: 'viewers'; count: number };

export interface StreamingProvider {
  readonly kind: 'embedded' | 'ivs';
  /** Makes sure the party's room exists (IVS: creates the stage once). */
  prepare(room: PartyRoom): Promise<void>;
  /** Credentials to publish as the party's DJ. The caller has checked the DJ and the window. */
  publishCredentials(room: PartyRoom, dj: Participant): Promise<PublishCredentials>;
  /** Credentials to watch. The caller has checked the viewer's party access. */
  viewCredentials(room: PartyRoom, viewer: Participant): Promise<ViewCredentials>;
  /** Cuts one participant off for good (a revoked invite). Unknown participants are fine. */
  disconnect(partyId: string, participantId: string): Promise<void>;
  /** Releases the party's room after the party (IVS: DeleteStage). A room already gone is fine. */
  endParty(partyId: string): Promise<void>;
  /** Live or not; the viewer count where the provider knows it cheaply (null otherwise). */
  status(partyId: string): Promise<{ live: boolean; viewers: number | null }>;
  /** What the server receives from the DJ (the pre-show check); null where the provider does not say (IVS). */
  ingestStats(partyId: string): Promise<IngestStats | null>;
  /** Tells the listener when the DJ goes on/off air and when the viewer count changes (where the provider knows). */
  onActivity?(listener: (e: StreamActivity) => void): void;
}

/**
 * Where a provider keeps its per-party handle (the IVS stage ARN, in `parties.stage_arn`). `claim` stores the
 * handle only when none is stored yet and returns the one that won, so two processes racing to create a stage
 * agree on one.
 */
export interface RoomStore {
  find(partyId: string): Promise<string | null>;
  claim(partyId: string, handle: string): Promise<string>;
  /** Forgets the handle if it is still this one. */
  clear(partyId: string, handle: string): Promise<void>;
}
