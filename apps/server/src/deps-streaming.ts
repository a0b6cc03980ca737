/**
 * The streaming side of the composition root (deps.ts): the embedded SFU, built in every configuration and closed
 * with the rest, and the streaming provider the config picks — the embedded SFU or Amazon IVS Real-Time.
 */
import { availableParallelism } from 'node:os';
import { Sfu } from '@partystream/media/sfu';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { Logger } from './logger.ts';
import { createIceServers } from './features/stream/ice-servers.ts';
import { roomStore } from './features/stream/stream.repo.ts';
import type { StreamingProvider } from './providers/streaming/streaming.ts';
import { embeddedStreaming } from './providers/streaming/embedded.ts';

export async function buildStreaming(config: Config, { db, clock, log }: { db: Db; clock: Clock; log: Logger }) {
  const ports = config.SFU_UDP_PORTS?.split('-').map(Number) as [number, number] | undefined;
  const iceServers = createIceServers({
    stun: config.SFU_STUN_URLS,
    turn: config.SFU_TURN_URLS,
    turnSecret: config.SFU_TURN_SECRET,
  });
  const sfu = new Sfu({
    iceUseLoopback: config.SFU_ICE_LOOPBACK,
    iceServers: iceServers.forSfu(),
    forwardWorkers: config.SFU_FORWARD_WORKERS ?? (config.NODE_ENV === 'test' ? 0 : availableParallelism()),
    forwardWorkerNice: config.SFU_FORWARD_NICE,
    videoPlayoutDelayMs: playoutDelay(config.SFU_VIDEO_PLAYOUT_DELAY),
    ...(config.SFU_PUBLIC_IP ? { iceAdditionalHostAddresses: [config.SFU_PUBLIC_IP] } : {}),
    ...(ports ? { icePortRange: ports } : {}),
  });
  sfu.on('warning', ({ message }) => log.warn({ message }, 'SFU'));
  // The AWS SDK is loaded only where IVS is configured.
  const ivs = config.STREAMING_PROVIDER === 'ivs' ? await import('./providers/streaming/ivs.ts') : null;
  const streaming: StreamingProvider = ivs
    ? ivs.ivsStreaming({
        client: ivs.createIvsClient({
          region: config.IVS_REGION!,
          endpoint: config.IVS_ENDPOINT,
          accessKeyId: config.IVS_ACCESS_KEY_ID,
          secretAccessKey: config.IVS_SECRET_ACCESS_KEY,
        }),
        // The stage ARN lives on the party row; the provider reaches it only through this store.
        store: roomStore(db),
        now: () => clock.now(),
      })
    : embeddedStreaming(sfu, { iceServers: (role) => iceServers.forClient(role, clock.now()) });
  return { iceServers, sfu, streaming };
}

/** `SFU_VIDEO_PLAYOUT_DELAY` (`MIN-MAX` in ms, or `off`, validated by the config) as the SFU option. */
function playoutDelay(setting: string): { min: number; max: number } | false {
  if (setting === 'off') return false;
  const [min, max] = setting.split('-').map(Number) as [number, number];
  return { min, max };
}
