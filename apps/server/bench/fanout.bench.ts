/**
 * Party-room fan-out benchmark: 100 socket.io guests in one party.
 *  1. latency: one guest sends a chat message, every participant receives it — p50/p95/p99 of send→receive.
 *  2. sustained: every guest sends one message per second for 10 s — deliveries per second and latency.
 *  3. the same latency run with two Socket.io servers sharing rooms through Redis (when TEST_REDIS_URL or
 *     BENCH_REDIS_URL is set): half the guests on each server.
 *   node --import tsx bench/fanout.bench.ts   (from apps/server)
 */
import { io, type Socket } from 'socket.io-client';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { loadConfig } from '../src/config.ts';
import { buildDeps, type Deps } from '../src/deps.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { createLogger } from '../src/logger.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { redisFanout } from '../src/providers/fanout/redis.ts';
import { ManualClock } from '../src/clock.ts';

const GUESTS = Number(process.env.GUESTS ?? 100);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function server(database: Database, clock: ManualClock, redisUrl?: string): Promise<{ deps: Deps; srv: RunningServer }> {
  const config = loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01', DATA_DIR: '/tmp/ps-bench', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' });
  const deps = await buildDeps(config, { database, clock, log: createLogger('silent'), ...(redisUrl ? { fanout: redisFanout(redisUrl) } : {}) });
  return { deps, srv: await startServer(deps, { port: 0, host: '127.0.0.1', jobs: false }) };
}

async function makeParty(deps: Deps) {
  const { auth, dj, availability, booking, party } = deps;
  const djUser = await auth.createUserDirect({ email: `dj-${Date.now()}@bench.test`, displayName: 'Bench DJ', role: 'dj', password: 'bench password 123' });
  const profile = await dj.saveMine(djUser, DjProfileInputSchema.parse({ stageName: 'Bench DJ', genres: ['house'], yearsExperience: 1, languages: ['en'], cityId: 'berlin', timeZone: 'UTC', currency: 'EUR', pricing: { kind: 'hourly', hourlyRateMinor: 10000, minHours: 1, maxHours: 4 }, minNoticeHours: 0, autoAccept: true }));
  await availability.setWeekly(djUser.id, { ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:45' })) });
  const host = await auth.createUserDirect({ email: `host-${Date.now()}@bench.test`, displayName: 'Bench Host', role: 'host', password: 'bench password 123' });
  const start = new Date(Math.ceil((Date.now() + 3_600_000) / 900_000) * 900_000);
  const { booking: b } = await booking.request(host, { djProfileId: profile.id, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), note: '' });
  const token = (await booking.pay(host, b.id, { cardNumber: '4242424242424242', expiry: '12/30', cvc: '123', name: 'x' })).partyToken!;
  const codes: string[] = [];
  for (let i = 0; i < GUESTS; i++) codes.push(new URL((await party.createInvite(token, host, `Guest ${i}`)).link).searchParams.get('invite')!);
  return { token, codes };
}

async function connect(url: string, token: string, invite: string): Promise<Socket> {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((res, rej) => { s.once('connect', () => res()); s.once('connect_error', rej); });
  const ack = await s.timeout(10_000).emitWithAck('room.join', { token, invite });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return s;
}

async function latencyRun(label: string, sockets: Socket[], rounds = 30) {
  const lat: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const sent = performance.now();
    const got = Promise.all(sockets.map((s) => new Promise<void>((res) => {
      const h = (m: { text: string }) => { if (m.text === `r${r}`) { lat.push(performance.now() - sent); s.off('chat.message_created', h); res(); } };
      s.on('chat.message_created', h);
    })));
    await sockets[r % sockets.length]!.timeout(5000).emitWithAck('chat.send', { text: `r${r}` });
    await got;
    await new Promise((res) => setTimeout(res, 20));
  }
  console.log(`${label.padEnd(44)} deliveries ${String(lat.length).padStart(6)}  p50 ${pct(lat, 50).toFixed(1).padStart(6)} ms  p95 ${pct(lat, 95).toFixed(1).padStart(6)} ms  p99 ${pct(lat, 99).toFixed(1).padStart(6)} ms`);
}

async function sustainedRun(sockets: Socket[], seconds = 10) {
  const lat: number[] = [];
  let delivered = 0;
  const handlers = sockets.map((s) => {
    const h = (m: { text: string }) => {
      const t = Number(m.text.split(':')[1]);
      if (t) { lat.push(performance.timeOrigin + performance.now() - t); delivered++; }
    };
    s.on('chat.message_created', h);
    return () => s.off('chat.message_created', h);
  });
  const t0 = performance.now();
  let sent = 0, refused = 0;
  for (let sec = 0; sec < seconds; sec++) {
    const tickStart = performance.now();
    await Promise.all(sockets.map(async (s, i) => {
      await new Promise((r) => setTimeout(r, (i / sockets.length) * 900));
      const a = await s.timeout(5000).emitWithAck('chat.send', { text: `m:${performance.timeOrigin + performance.now()}` });
      if (a.ok) sent++; else refused++;
    }));
    const rest = 1000 - (performance.now() - tickStart);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
  await new Promise((r) => setTimeout(r, 500));
  handlers.forEach((off) => off());
  const secs = (performance.now() - t0) / 1000;
  console.log(`sustained: ${sockets.length} guests × 1 msg/s for ${seconds} s: sent ${sent} (${refused} refused), delivered ${delivered} = ${(delivered / secs).toFixed(0)} deliveries/s; latency p50 ${pct(lat, 50).toFixed(1)} ms p95 ${pct(lat, 95).toFixed(1)} ms p99 ${pct(lat, 99).toFixed(1)} ms`);
}

console.log(`machine: 2 cores; ${GUESTS} guests in one party`);
{
  const database = await openDatabase({ pgliteDir: 'memory://' });
  const clock = new ManualClock();
  const a = await server(database, clock);
  const { token, codes } = await makeParty(a.deps);
  const sockets = await Promise.all(codes.map((c) => connect(a.srv.url, token, c)));
  await latencyRun('single server, chat fan-out to 100', sockets);
  await sustainedRun(sockets);
  sockets.forEach((s) => s.close());
  await a.srv.stop();
  await a.deps.close();
}
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
if (redisUrl) {
  const database = await openDatabase({ pgliteDir: 'memory://' });
  const clock = new ManualClock();
  const a = await server(database, clock, redisUrl);
  const b = await server(database, clock, redisUrl);
  const { token, codes } = await makeParty(a.deps);
  const sockets = await Promise.all(codes.map((c, i) => connect((i % 2 ? b : a).srv.url, token, c)));
  await latencyRun('two servers via Redis adapter, fan-out to 100', sockets);
  await sustainedRun(sockets);
  sockets.forEach((s) => s.close());
  await a.srv.stop();
  await b.srv.stop();
  await a.deps.close();
} else console.log('(set TEST_REDIS_URL for the two-server run)');
