/** Entry point: read config, build dependencies, listen, and stop cleanly on SIGINT/SIGTERM. */
import { ConfigError, loadConfig, type Config } from './config.ts';
import { buildDeps } from './deps.ts';
import { startServer } from './server.ts';
import { DatabaseLockedError } from './db/client.ts';
import { rememberServerUrl } from './scripts/seed/server-url.ts';

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`PartyStream cannot start.\n${e.message}\nSee the configuration table in README.md.\n`);
    process.exit(1);
  }
  throw e;
}

const t0 = performance.now();
const deps = await buildDeps(config).catch((e: unknown) => {
  if (!(e instanceof DatabaseLockedError)) throw e;
  process.stderr.write(`PartyStream cannot start.\n${e.message}\n`);
  process.exit(1);
});
if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) await deps.auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
const server = await startServer(deps);
deps.log.info(
  { port: server.port, database: deps.database.kind, mail: deps.mail.kind, startupMs: Math.round(performance.now() - t0) },
  `PartyStream listening on ${config.PUBLIC_URL}`,
);
rememberServerUrl(config.DATA_DIR, config.PUBLIC_URL);
if (config.MAIL_PROVIDER === 'outbox' && !config.DEV_OUTBOX)
  deps.log.info('mail is kept in the dev outbox; set DEV_OUTBOX=true to read it at /dev/outbox from this machine');

let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    deps.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server
      .stop()
      .then(() => deps.close())
      .then(() => process.exit(0))
      .catch((err) => {
        deps.log.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  });
}
