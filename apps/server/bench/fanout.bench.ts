/**
 * Party-room fan-out benchmark: 100 socket.io guests in one party.
 *  1. latency: one guest sends a chat message, every participant receives it — p50/p95/p99 of send→receive.
 *  2. sustained: every guest sends one message per second for 10 s — deliveries per second and latency.
 *  3. the same two runs against two PartyStream server OS processes (src/main.ts, as production starts it) on
 *     one Postgres database, sharing rooms through the Redis adapter: half the guests on each process.
 *     Needs Redis and Postgres (TEST_REDIS_URL/BENCH_REDIS_URL and TEST_DATABASE_URL/BENCH_DATABASE_URL).
 *   node --import tsx bench/fanout.bench.ts   (from apps/server)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { loadConfig } from '../src/config.ts';
import { buildDeps, type Deps } from '../src/deps.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createLogger } from '../src/logger.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { createTempPostgres } from '../test/support/db.ts';
import { freePort } from '../test/support/port.ts';

const GUESTS = Number(process.env.GUESTS ?? 100);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function server(database: Database): Promise<{ deps: Deps; srv: RunningServer }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    DATA_DIR: '/tmp/ps-bench',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
  });
  const deps = await buildDeps(config, { database, log: createLogger('silent') });
  return { deps, srv: await startServer(deps, { port: 0, host: '127.0.0.1', jobs: false }) };
}

async function makeParty(deps: Deps) {
  const { auth, dj, availability, booking, party } = deps;
  const djUser = await auth.createUserDirect({
    email: `dj-${Date.now()}@bench.test`,
    displayName: 'Bench DJ',
    role: 'dj',
    password: 'bench password 123',
  });
  const profile = await dj.saveMine(
    djUser,
    DjProfileInputSchema.parse({
      stageName: 'Bench DJ',
      genres: ['house'],
      yearsExperience: 1,
      languages: ['en'],
      cityId: 'berlin',
      timeZone: 'UTC',
      currency: 'EUR',
      pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 1, maxHours: 4 },
      minNoticeHours: 0,
      autoAccept: true,
    }),
  );
  await deps.paymentService.startPayoutOnboarding(djUser);
  await availability.setWeekly(djUser.id, {
    ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:45' })),
  });
  const host = await auth.createUserDirect({
    email: `host-${Date.now()}@bench.test`,
    displayName: 'Bench Host',
    role: 'host',
    password: 'bench password 123',
  });
  const start = new Date(Math.ceil((Date.now() + 3_600_000) / 900_000) * 900_000);
  const { booking: b } = await booking.request(host, {
    djProfileId: profile.id,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    note: '',
  });
  const token = (await booking.pay(host, b.id, { cardNumber: '4242424242424242', expiry: '12/30', cvc: '123', name: 'x' }))
    .partyToken!;
  const codes: string[] = [];
  for (let i = 0; i < GUESTS; i++)
    codes.push(new URL((await party.createInvite(token, host, `Guest ${i}`)).link).searchParams.get('invite')!);
  return { token, codes };
}

async function connect(url: string, token: string, invite: string): Promise<Socket> {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((res, rej) => {
    s.once('connect', () => res());
    s.once('connect_error', rej);
  });
  const ack = await s.timeout(10_000).emitWithAck('room.join', { token, invite });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return s;
}

async function latencyRun(label: string, sockets: Socket[], rounds = 30) {
  const lat: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const sent = performance.now();
    const got = Promise.all(
      sockets.map(
        (s) =>
          new Promise<void>((res) => {
            const h = (m: { text: string }) => {
              if (m.text === `r${r}`) {
                lat.push(performance.now() - sent);
                s.off('chat.message_created', h);
                res();
              }
            };
            s.on('chat.message_created', h);
          }),
      ),
    );
    await sockets[r % sockets.length]!.timeout(5000).emitWithAck('chat.send', { text: `r${r}` });
    await got;
    await new Promise((res) => setTimeout(res, 20));
  }
  console.log(
    `${label.padEnd(44)} deliveries ${String(lat.length).padStart(6)}  p50 ${pct(lat, 50).toFixed(1).padStart(6)} ms  p95 ${pct(lat, 95).toFixed(1).padStart(6)} ms  p99 ${pct(lat, 99).toFixed(1).padStart(6)} ms`,
  );
}

async function sustainedRun(sockets: Socket[], seconds = 10) {
  // The latency run's messages still count in the chat rate limit (10 per 10 s per guest): let them age out.
  await new Promise((r) => setTimeout(r, 10_500));
  const lat: number[] = [];
  let delivered = 0;
  const handlers = sockets.map((s) => {
    const h = (m: { text: string }) => {
      const t = Number(m.text.split(':')[1]);
      if (t) {
        lat.push(performance.timeOrigin + performance.now() - t);
        delivered++;
      }
    };
    s.on('chat.message_created', h);
    return () => s.off('chat.message_created', h);
  });
  const t0 = performance.now();
  let sent = 0,
    refused = 0;
  for (let sec = 0; sec < seconds; sec++) {
    const tickStart = performance.now();
    await Promise.all(
      sockets.map(async (s, i) => {
        await new Promise((r) => setTimeout(r, (i / sockets.length) * 900));
        const a = await s.timeout(5000).emitWithAck('chat.send', { text: `m:${performance.timeOrigin + performance.now()}` });
        if (a.ok) sent++;
        else refused++;
      }),
    );
    const rest = 1000 - (performance.now() - tickStart);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
  await new Promise((r) => setTimeout(r, 500));
  handlers.forEach((off) => off());
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `sustained: ${sockets.length} guests × 1 msg/s for ${seconds} s: sent ${sent} (${refused} refused), delivered ${delivered} = ${(delivered / secs).toFixed(0)} deliveries/s; latency p50 ${pct(lat, 50).toFixed(1)} ms p95 ${pct(lat, 95).toFixed(1)} ms p99 ${pct(lat, 99).toFixed(1)} ms`,
  );
}

console.log(`machine: 2 cores; ${GUESTS} guests in one party`);
{
  const database = await openDatabase({ pgliteDir: 'memory://' });
  const a = await server(database);
  const { token, codes } = await makeParty(a.deps);
  const sockets = await Promise.all(codes.map((c) => connect(a.srv.url, token, c)));
  await latencyRun('single server, chat fan-out to 100', sockets);
  await sustainedRun(sockets);
  sockets.forEach((s) => s.close());
  await a.srv.stop();
  await a.deps.close();
}
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (redisUrl && pgUrl) {
  const temp = await createTempPostgres(pgUrl, 'ps_bench');
  const children: ChildProcess[] = [];
  try {
    // The party and invites are made here on the same database; the servers are separate processes.
    const database = await openDatabase({ url: temp.url });
    const setup = await buildDeps(
      loadConfig({
        NODE_ENV: 'test',
        SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
        DATA_DIR: '/tmp/ps-bench',
        LOG_LEVEL: 'silent',
        JOBS_ENABLED: 'false',
      }),
      { database, log: createLogger('silent') },
    );
    const { token, codes } = await makeParty(setup);
    await setup.close();
    const urls = await Promise.all(
      [0, 1].map(async () => {
        const port = await freePort();
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
          cwd: new URL('..', import.meta.url).pathname,
          env: {
            ...process.env,
            NODE_ENV: 'production',
            PORT: String(port),
            HOST: '127.0.0.1',
            PUBLIC_URL: `http://127.0.0.1:${port}`,
            DATABASE_URL: temp.url,
            REDIS_URL: redisUrl,
            SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
            LOG_LEVEL: 'warn',
            JOBS_ENABLED: 'false',
            WEB_DIST_DIR: '',
          },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        children.push(child);
        const url = `http://127.0.0.1:${port}`;
        for (let i = 0; i < 200; i++) {
          if (child.exitCode !== null) throw new Error(`server process exited with ${child.exitCode}`);
          if (
            await fetch(`${url}/api/health`).then(
              (r) => r.ok,
              () => false,
            )
          )
            return url;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('server process did not answer /api/health within 20 s');
      }),
    );
    console.log(`two server processes (pids ${children.map((c) => c.pid).join(', ')}) on one Postgres database, Redis adapter`);
    const sockets = await Promise.all(codes.map((c, i) => connect(urls[i % 2]!, token, c)));
    await latencyRun('two processes via Redis, fan-out to 100', sockets);
    await sustainedRun(sockets);
    sockets.forEach((s) => s.close());
  } finally {
    await Promise.all(
      children.map(
        (c) =>
          new Promise((r) => {
            c.once('exit', r);
            c.kill('SIGTERM');
          }),
      ),
    );
    await temp.drop();
  }
} else console.log('(set TEST_REDIS_URL and TEST_DATABASE_URL for the two-process run)');
