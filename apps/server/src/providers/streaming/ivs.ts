import {
  CreateParticipantTokenCommand,
  CreateStageCommand,
  DeleteStageCommand,
  DisconnectParticipantCommand,
  GetStageCommand,
  IVSRealTimeClient,
  IVSRealTimeServiceException,
  type ParticipantTokenCapability,
  type Stage,
} from '@aws-sdk/client-ivs-realtime';
import { AppError } from '../../errors.ts';
import type { Participant, PartyRoom, RoomStore, StreamingProvider } from './streaming.ts';

export interface IvsClientOptions {
  region: string;
  /** Another endpoint than AWS's (tests point this at a local stand-in). */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** Credentials from the options or, when absent, the SDK's default chain (env, shared config, instance role). */
export function createIvsClient(o: IvsClientOptions): IVSRealTimeClient {
  return new IVSRealTimeClient({
    region: o.region,
    endpoint: o.endpoint,
    credentials:
      o.accessKeyId && o.secretAccessKey ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } : undefined,
    maxAttempts: 3,
  });
}

/** CreateParticipantToken takes whole minutes, 1 to 20 160 (14 days). */
export const MAX_TOKEN_MINUTES = 20_160;
export function tokenMinutes(now: Date, expiresAt: Date): number {
  return Math.min(MAX_TOKEN_MINUTES, Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 60_000)));
}

const isNotFound = (e: unknown) =>
  e instanceof IVSRealTimeServiceException && (e.name === 'ResourceNotFoundException' || e.$metadata.httpStatusCode === 404);

/** Anything IVS refuses or fails with becomes a 503 the web can retry; the cause is logged, never sent. */
function unavailable(action: string, cause: unknown): AppError {
  return new AppError('STREAMING_UNAVAILABLE', {
    detail: `The streaming service did not ${action}. Try again in a moment.`,
    cause,
  });
}

/**
 * Production twin: Amazon IVS Real-Time. One stage per party, created on first use (named and tagged with the
 * party id, its ARN kept in `parties.stage_arn` through the RoomStore) and deleted by the stream feature's
 * `stream.end_party` job after the party. Tokens are minted per request and expire with the party window.
 *
 * IVS shows a token's user id and attributes to every participant of the stage (AWS: "should not be used for
 * personally identifying information"), so the user id is our opaque id and attributes carry the role only —
 * plus the stage name the DJ already shows publicly.
 */
export function ivsStreaming(d: {
  client: IVSRealTimeClient;
  store: RoomStore;
  now: () => Date;
  namePrefix?: string;
}): StreamingProvider {
  const prefix = d.namePrefix ?? 'partystream';
  /** One CreateStage at a time per party in this process; the store's claim settles races between processes. */
  const creating = new Map<string, Promise<string>>();
  /** The stage's WHIP endpoint, which never changes for a stage. */
  const whipEndpoints = new Map<string, string | null>();
  const statusCache = new Map<string, { at: number; live: boolean }>();

  async function deleteStage(arn: string): Promise<void> {
    try {
      await d.client.send(new DeleteStageCommand({ arn }));
    } catch (e) {
      if (!isNotFound(e)) throw unavailable('delete the stage', e);
    }
    whipEndpoints.delete(arn);
  }

  async function createStage(partyId: string): Promise<string> {
    let stage: Stage | undefined;
    try {
      stage = (
        await d.client.send(new CreateStageCommand({ name: `${prefix}-${partyId}`, tags: { 'partystream:party': partyId } }))
      ).stage;
    } catch (e) {
      throw unavailable('create the stage', e);
    }
    if (!stage?.arn) throw unavailable('return a stage', new Error('CreateStage answered without stage.arn'));
    whipEndpoints.set(stage.arn, stage.endpoints?.whip ?? null);
    const winner = await d.store.claim(partyId, stage.arn);
    // Another process created one first: keep theirs, remove ours.
    if (winner !== stage.arn) await deleteStage(stage.arn);
    return winner;
  }

  async function stageArn(partyId: string): Promise<string> {
    const known = await d.store.find(partyId);
    if (known) return known;
    let p = creating.get(partyId);
    if (!p) {
      p = createStage(partyId).finally(() => creating.delete(partyId));
      creating.set(partyId, p);
    }
    return p;
  }

  async function whipEndpoint(arn: string): Promise<string | null> {
    if (whipEndpoints.has(arn)) return whipEndpoints.get(arn)!;
    try {
      const stage = (await d.client.send(new GetStageCommand({ arn }))).stage;
      whipEndpoints.set(arn, stage?.endpoints?.whip ?? null);
      return stage?.endpoints?.whip ?? null;
    } catch (e) {
      throw unavailable('describe the stage', e);
    }
  }

  async function mint(room: PartyRoom, who: Participant, capabilities: ParticipantTokenCapability[]) {
    const attributes: Record<string, string> = {
      role: who.role,
      ...(who.role === 'dj' ? { displayName: who.displayName.slice(0, 100) } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      const arn = await stageArn(room.partyId);
      try {
        const { participantToken: t } = await d.client.send(
          new CreateParticipantTokenCommand({
            stageArn: arn,
            userId: who.userId,
            attributes,
            capabilities,
            duration: tokenMinutes(d.now(), room.expiresAt),
          }),
        );
        if (!t?.token || !t.participantId) throw new Error('CreateParticipantToken answered without a token');
        return {
          arn,
          participantId: t.participantId,
          token: t.token,
          expiresAt: (t.expirationTime ?? room.expiresAt).toISOString(),
        };
      } catch (e) {
        // The stored stage was deleted outside PartyStream: forget it and create a new one, once.
        if (isNotFound(e) && attempt === 0) {
          await d.store.clear(room.partyId, arn);
          whipEndpoints.delete(arn);
          continue;
        }
        throw unavailable('issue a stage token', e);
      }
    }
  }

  return {
    kind: 'ivs',
    async prepare(room) {
      await stageArn(room.partyId);
    },
    async publishCredentials(room, dj) {
      const t = await mint(room, dj, ['PUBLISH', 'SUBSCRIBE']);
      return {
        provider: 'ivs',
        stageArn: t.arn,
        participantId: t.participantId,
        token: t.token,
        expiresAt: t.expiresAt,
        whipUrl: await whipEndpoint(t.arn),
      };
    },
    async viewCredentials(room, viewer) {
      const t = await mint(room, viewer, ['SUBSCRIBE']);
      return { provider: 'ivs', stageArn: t.arn, participantId: t.participantId, token: t.token, expiresAt: t.expiresAt };
    },
    async disconnect(partyId, participantId) {
      const arn = await d.store.find(partyId);
      if (!arn) return;
      try {
        await d.client.send(new DisconnectParticipantCommand({ stageArn: arn, participantId, reason: 'Invite revoked' }));
      } catch (e) {
        if (!isNotFound(e)) throw unavailable('disconnect the guest', e);
      }
    },
    async endParty(partyId) {
      const arn = await d.store.find(partyId);
      if (!arn) return;
      await deleteStage(arn);
      await d.store.clear(partyId, arn);
      statusCache.delete(partyId);
    },
    async status(partyId) {
      const arn = await d.store.find(partyId);
      if (!arn) return { live: false, viewers: null };
      // Guests poll; IVS is asked at most every 5 s per party.
      const hit = statusCache.get(partyId);
      const now = d.now().getTime();
      if (hit && now - hit.at < 5000) return { live: hit.live, viewers: null };
      let live = false;
      try {
        live = Boolean((await d.client.send(new GetStageCommand({ arn }))).stage?.activeSessionId);
      } catch (e) {
        if (!isNotFound(e)) throw unavailable('describe the stage', e);
      }
      statusCache.set(partyId, { at: now, live });
      return { live, viewers: null };
    },
    // IVS measures on its side; the DJ's browser shows what it sends (the web client's own stats).
    async ingestStats() {
      return null;
    },
  };
}
