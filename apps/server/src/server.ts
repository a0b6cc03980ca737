/**
 * startServer: the HTTP server with everything attached (Express app, later Socket.io and the SFU's
 * WHIP/WHEP endpoints), the jobs runner, and an orderly stop. Used by main.ts and by the tests (port 0).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, loadWebApp } from './app.ts';
import type { Deps } from './deps.ts';
import { clientIpOf } from './http/client-ip.ts';

export interface RunningServer {
  url: string;
  port: number;
  http: Server;
  stop(): Promise<void>;
}

export async function startServer(
  deps: Deps,
  opts: { port?: number; host?: string; jobs?: boolean } = {},
): Promise<RunningServer> {
  const app = createApp(deps, await loadWebApp(deps.config));
  const http = createServer(app);
  // Slow clients must not hold sockets forever; keep-alive a little longer than typical proxies.
  http.headersTimeout = 20_000;
  http.keepAliveTimeout = 65_000;
  await deps.realtime.attach(http, {
    tokens: deps.tokens,
    lookup: deps.auth,
    allowedOrigins: deps.config.CORS_ORIGINS,
    publicUrl: deps.config.PUBLIC_URL,
    limits: deps.limits,
    maxPerIp: deps.config.SOCKET_MAX_PER_IP,
    // The same address Express computes (TRUST_PROXY decides whether X-Forwarded-For counts).
    clientIp: (req) => clientIpOf(req, deps.config.TRUST_PROXY),
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? deps.config.PORT, opts.host ?? deps.config.HOST, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  if (opts.jobs ?? deps.config.JOBS_ENABLED) {
    await deps.availability.scheduleIndexRoll();
    await deps.review.scheduleScan();
    await deps.account.scheduleRetention();
    await deps.licence.scheduleScan();
    await deps.dbMaintenance.schedule();
    deps.jobs.start();
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    http,
    stop() {
      stopping ??= (async () => {
        await deps.jobs.stop();
        await deps.realtime.close();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
      })();
      return stopping;
    },
  };
}
