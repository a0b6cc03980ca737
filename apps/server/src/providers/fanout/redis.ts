import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { FanoutProvider } from './fanout.ts';

/** Production twin: Socket.io rooms shared across processes through Redis pub/sub. */
export function redisFanout(url: string, channelPrefix = 'socket.io'): FanoutProvider {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  // Connection errors are retried by the client; log-worthy but must not crash the process.
  pub.on('error', () => {});
  sub.on('error', () => {});
  return {
    kind: 'redis',
    async attach(io: Server) {
      await Promise.all([pub.connect(), sub.connect()]);
      io.adapter(createAdapter(pub, sub, { key: channelPrefix }));
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
