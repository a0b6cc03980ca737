/**
 * Real-time fan-out: how an event emitted in one server process reaches sockets connected to any process.
 * - in-process (default): Socket.io's own in-memory adapter; one process sees all its sockets.
 * - redis (REDIS_URL): @socket.io/redis-adapter over Redis pub/sub, so several processes behind a load balancer
 *   share rooms. Connection-state recovery works with both (the Redis adapter keeps sessions per process;
 *   sticky sessions are required in front of several processes, as for any Socket.io deployment).
 */
import type { Server } from 'socket.io';

export interface FanoutProvider {
  readonly kind: 'in-process' | 'redis';
  /** Installs the adapter on the Socket.io server before it accepts connections. */
  attach(io: Server): Promise<void>;
  close(): Promise<void>;
}

export const inProcessFanout = (): FanoutProvider => ({
  kind: 'in-process',
  async attach() {},
  async close() {},
});
