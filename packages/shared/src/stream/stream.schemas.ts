/**
 * How to publish and watch a party's stream. The server answers with the provider it runs (STREAMING_PROVIDER):
 * `embedded` — WHIP/WHEP paths on the PartyStream server; `ivs` — an Amazon IVS Real-Time stage token for the
 * `amazon-ivs-web-broadcast` SDK (PUBLISH+SUBSCRIBE for the DJ, SUBSCRIBE for everyone else).
 */
import { z } from 'zod';

const IvsToken = {
  provider: z.literal('ivs'),
  /** The party's stage. */
  stageArn: z.string(),
  /** IVS's id for this token's participant. */
  participantId: z.string(),
  /** The participant token (a JWT) to join the stage with. Secret: whoever holds it joins as this person. */
  token: z.string(),
  /** ISO instant the token stops working (the party's end plus the grace period, at the latest). */
  expiresAt: z.string(),
};

/** A STUN/TURN server for RTCPeerConnection (TURN credentials are time-limited, made per request). */
export const IceServerSchema = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

/** GET /api/streams/:token/publish-credentials — the booked DJ, inside the party window. */
export const PublishCredentialsSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('embedded'),
    /** Browser WHIP endpoint (a path on this server). */
    whipUrl: z.string(),
    /** STUN/TURN servers to give the peer connection (empty: host candidates only). */
    iceServers: z.array(IceServerSchema),
  }),
  z.object({
    ...IvsToken,
    /** The stage's WHIP endpoint for OBS (bearer = `token`); null if IVS gave none. */ whipUrl: z.string().nullable(),
  }),
]);
export type PublishCredentials = z.infer<typeof PublishCredentialsSchema>;

/** GET /api/streams/:token/view-credentials — host, DJ or invited guest (?invite=), until the party is over. */
export const ViewCredentialsSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('embedded'),
    /** WHEP endpoint (a path on this server; add ?invite= for guests). */
    whepUrl: z.string(),
    /** STUN/TURN servers to give the peer connection (empty: host candidates only). */
    iceServers: z.array(IceServerSchema),
  }),
  z.object(IvsToken),
]);
export type ViewCredentials = z.infer<typeof ViewCredentialsSchema>;

/**
 * Whether guests may watch yet. The DJ lets them in after the pre-show check (POST /doors); if nobody does, the
 * doors open by themselves when the party starts. The host and the DJ can always watch.
 */
export const DoorsSchema = z.object({
  open: z.boolean(),
  /** When the DJ opened them; null if not (yet), or if they opened by themselves at the start. */
  openedAt: z.string().nullable(),
  /** The party's start: the doors open by themselves then. */
  opensAt: z.string(),
});
export type Doors = z.infer<typeof DoorsSchema>;

/** GET /api/streams/:token/status. `viewers` is null when the provider does not count them (IVS). */
export const StreamStatusSchema = z.object({ live: z.boolean(), viewers: z.number().int().nullable(), doors: DoorsSchema });
export type StreamStatus = z.infer<typeof StreamStatusSchema>;

const IngestKindSchema = {
  kbps: z.number(),
  packetsPerSecond: z.number(),
  lossPct: z.number(),
  codec: z.string().nullable(),
};
/** What the server receives from the DJ right now (embedded SFU; null with IVS or before anything arrives). */
export const IngestStatsSchema = z.object({
  receivingForMs: z.number(),
  audio: z.object({ ...IngestKindSchema, levelDbov: z.number().nullable() }).nullable(),
  video: z.object({ ...IngestKindSchema, fps: z.number() }).nullable(),
  rttMs: z.number().nullable(),
});
export type IngestStats = z.infer<typeof IngestStatsSchema>;

/** GET /api/streams/:token/preshow — the DJ's pre-show check: what the server receives, and the doors. */
export const PreshowSchema = z.object({
  live: z.boolean(),
  viewers: z.number().int().nullable(),
  doors: DoorsSchema,
  ingest: IngestStatsSchema.nullable(),
});
export type Preshow = z.infer<typeof PreshowSchema>;

/** POST /api/streams/:token/key — what to paste into OBS (Settings → Stream → WHIP). */
export const StreamKeySchema = z.object({ whipUrl: z.string(), streamKey: z.string() });
export type StreamKey = z.infer<typeof StreamKeySchema>;
