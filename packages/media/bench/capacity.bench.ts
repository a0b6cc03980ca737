// SFU capacity on loopback: one publisher at ~1.5 Mbit/s of generated RTP (Opus-sized audio at 50 pps + VP8-sized
// video at 150 pps), N werift viewers for N = 10, 50, 100, 150 (200 too with --max 200). The SFU runs in a child
// process so its CPU and RSS are measured alone. The viewers run in this process, or spread over --client-procs k
// child processes (each its own event loop: a werift viewer decrypts and parses every SRTP packet in JavaScript,
// so one process of 150 viewers is itself a bottleneck on a small box). Delay = send → receive on the monotonic
// clock, which all processes of the machine share.
// Prints per N: loss %, p50/p95 forwarding delay, SFU CPU µs per forwarded packet, SFU RSS MB per viewer, CPU % of
// the SFU and of the clients (publisher + viewers), client CPU µs per received packet, the share of packets the
// SFU sent, the datagrams the kernel dropped at full receive buffers, and the load average. `npm run
// bench:capacity` runs it in a loopback-only network namespace where possible (scripts/loopback-netns.mjs).
// By default 9 of 10 viewers are counted without a user-space receive: by nftables in the kernel when the bench
// runs as root in its own namespace with `nft` installed (test/support/kernel-counter.ts), else at the ICE layer without SRTP
// decryption (countAtIceLayer). Either way the SFU does the same work for them as for any viewer. --full-receivers
// makes every viewer a complete werift receiver.
// Run from packages/media: node --import tsx bench/capacity.bench.ts [--quick] [--workers n (default: cores)]
//   [--client-procs k (default 2; 0 = in the publisher's process)] [--full-receivers] [--max n] [--cpu-prof-dir dir]
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { Sfu } from '../src/sfu.ts';
import { countAtIceLayer, TestPublisher, TestViewer } from '../test/support/peers.ts';
import { KernelCounter } from '../test/support/kernel-counter.ts';

type Req = { id: number; op: 'publish' | 'subscribe' | 'stats'; roomId?: string; sdp?: string };
type ChildStats = { cpuUs: number; rss: number; packetsIn: number; packetsForwarded: number; packetsShed: number };

/** Parent → viewer child messages, and the child's answers (same id). */
type ViewerReq = { id: number; op: 'add'; n: number } | { id: number; op: 'reset' } | { id: number; op: 'collect' };
type Collected = { received: number; delaysUs: number[]; cpuUs: number };
/** Viewer child → parent: a WHEP offer to relay to the SFU. */
type SubscribeReq = { sub: number; sdp: string };

const MARKER = 0x50535452; // 'PSTR': first 4 payload bytes of a bench packet, then the send time in ns

/**
 * N werift viewers that count what they receive and record the delay of every bench packet. With `counting`, 9 of
 * 10 viewers count at the ICE layer without decrypting (countAtIceLayer), and every tenth stays a complete werift
 * receiver for the delay figures (spread through the join order, as the SFU sends to viewers in join order).
 */
class ViewerGroup {
  readonly viewers: TestViewer[] = [];
  delaysUs: number[] = [];
  private cpu0 = process.cpuUsage();
  /** As root in the bench namespace, counting viewers are counted by nftables (test/support/kernel-counter.ts). */
  private readonly kernel: KernelCounter | undefined;
  private kernelBase = 0;
  constructor(
    private readonly subscribe: (sdp: string) => Promise<{ sessionId: string; answerSdp: string }>,
    private readonly counting: boolean,
  ) {
    this.kernel = counting ? KernelCounter.create() : undefined;
    if (this.kernel) process.on('exit', () => this.kernel!.close());
  }

  /** Per viewer, the packets that arrived in this window: a NACK repair can deliver one twice; it counts once. */
  private readonly seen = new Map<TestViewer, Set<number | bigint>>();

  /** Counts a bench packet once per viewer (keyed by its send time) and records its delay. */
  private packetCounter(seen: Set<number | bigint>) {
    return (_kind: 'audio' | 'video', payload: Buffer) => {
      if (payload.length < 12 || payload.readUInt32BE(0) !== MARKER) return;
      const sentNs = payload.readBigUInt64BE(4);
      if (seen.has(sentNs)) return;
      seen.add(sentNs);
      this.delaysUs.push(Number(process.hrtime.bigint() - sentNs) / 1000);
    };
  }

  /** Connects n viewers, 10 at a time; one whose ICE misses its deadline on a busy box is retried once. */
  async add(n: number): Promise<void> {
    while (n > 0) {
      const size = Math.min(10, n);
      const batch = await Promise.all(Array.from({ length: size }, () => this.connectOne().catch(() => this.connectOne())));
      const ports: number[] = [];
      for (const v of batch) {
        if (this.counting && this.viewers.length % 10 !== 0) {
          if (this.kernel) ports.push(localRtpPort(v));
          else countAtIceLayer(v, this.seen.get(v) as Set<number>);
        }
        this.viewers.push(v);
      }
      this.kernel?.add(ports);
      n -= size;
    }
  }

  private async connectOne(): Promise<TestViewer> {
    const v = new TestViewer();
    v.keep = false;
    const seen = new Set<number | bigint>();
    v.onPacket = this.packetCounter(seen);
    try {
      await v.connect(this.subscribe);
    } catch (e) {
      await v.close().catch(() => {});
      throw e;
    }
    this.seen.set(v, seen);
    return v;
  }

  reset(): void {
    for (const set of this.seen.values()) set.clear();
    this.kernelBase = this.kernel?.total() ?? 0;
    this.delaysUs = [];
    this.cpu0 = process.cpuUsage();
  }

  collect(): Collected {
    const cpu = process.cpuUsage(this.cpu0);
    return {
      received:
        [...this.seen.values()].reduce((acc, set) => acc + set.size, 0) +
        (this.kernel ? this.kernel.total() - this.kernelBase : 0),
      delaysUs: this.delaysUs,
      cpuUs: cpu.user + cpu.system,
    };
  }
}

/** The local UDP port of a connected viewer's nominated ICE pair (where the SFU sends its media). */
function localRtpPort(v: TestViewer): number {
  const connection = v.pc.dtlsTransports[0]!.iceTransport.connection as unknown as {
    nominated?: { protocol: { transport: { socket: { address(): { port: number } } } } };
  };
  const port = connection.nominated?.protocol.transport.socket.address().port;
  if (!port) throw new Error('viewer has no nominated candidate pair');
  return port;
}

if (process.argv.includes('--viewer-child')) {
  let nextSub = 0;
  const counting = process.argv.includes('--counting');
  const waiting = new Map<number, (a: { sessionId: string; answerSdp: string }) => void>();
  const group = new ViewerGroup(
    (sdp) =>
      new Promise((resolve) => {
        const sub = ++nextSub;
        waiting.set(sub, resolve);
        process.send!({ sub, sdp } satisfies SubscribeReq);
      }),
    counting,
  );
  process.on('message', async (msg: ViewerReq | { sub: number; answer: { sessionId: string; answerSdp: string } }) => {
    if ('sub' in msg) {
      waiting.get(msg.sub)?.(msg.answer);
      waiting.delete(msg.sub);
      return;
    }
    try {
      if (msg.op === 'add') await group.add(msg.n);
      if (msg.op === 'reset') group.reset();
      process.send!({ id: msg.id, result: msg.op === 'collect' ? group.collect() : null });
    } catch (e) {
      process.send!({ id: msg.id, error: String(e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
} else if (process.argv.includes('--sfu-child')) {
  const w = process.argv.indexOf('--workers');
  const sfu = new Sfu({ iceUseLoopback: true, forwardWorkers: w > 0 ? Number(process.argv[w + 1]) : 0 });
  process.on('message', async (msg: Req) => {
    try {
      if (msg.op === 'stats') {
        const cpu = process.cpuUsage();
        const s = sfu.stats();
        const result: ChildStats = {
          cpuUs: cpu.user + cpu.system,
          rss: process.memoryUsage().rss,
          packetsIn: s.packetsIn,
          packetsForwarded: s.packetsForwarded,
          packetsShed: s.packetsShed,
        };
        process.send!({ id: msg.id, result });
      } else {
        const fn = msg.op === 'publish' ? sfu.publish : sfu.subscribe;
        const result = await fn.call(sfu, msg.roomId!, msg.sdp!);
        process.send!({ id: msg.id, result });
      }
    } catch (e) {
      process.send!({ id: msg.id, error: String(e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
} else {
  await main();
}

function rpc(child: ChildProcess) {
  let next = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
  });
  return <T>(req: Record<string, unknown>): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      child.send({ ...req, id });
    });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/**
 * Datagrams the kernel dropped because a receiving socket's buffer was full (Linux /proc/net/snmp, counted per
 * network namespace, so run the bench in its own namespace to see only its own). NaN elsewhere.
 */
function udpRcvbufErrors(): number {
  try {
    const lines = readFileSync('/proc/net/snmp', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('Udp:'));
    const names = lines[0]!.split(/\s+/);
    return Number(lines[1]!.split(/\s+/)[names.indexOf('RcvbufErrors')]);
  } catch {
    return NaN;
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Where the viewers live: this process, or one child process each (same interface). */
interface Clients {
  add(n: number): Promise<void>;
  reset(): Promise<void>;
  collect(): Promise<Collected[]>;
  close(): Promise<void>;
}

async function main() {
  const quick = process.argv.includes('--quick');
  const max = arg('--max', quick ? 50 : 150);
  const counts = [10, 50, 100, 150, 200, 250, 300].filter((n) => n <= max);
  const windowMs = quick ? 3000 : 6000;
  const started = Date.now();
  // Defaults: what production runs (one forwarding worker per core) and the cheapest fair load generator.
  const workers = arg('--workers', availableParallelism());
  const procs = arg('--client-procs', 2);
  const counting = !process.argv.includes('--full-receivers');
  const probe = counting ? KernelCounter.create() : undefined;
  probe?.close();
  const self = fileURLToPath(import.meta.url);
  // --cpu-prof-dir <dir> writes a V8 CPU profile of the SFU process there (for finding where its time goes).
  const profDir = process.argv.indexOf('--cpu-prof-dir');
  const prof = profDir > 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[profDir + 1]}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', self, '--sfu-child', '--workers', String(workers)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const call = rpc(child);
  const room = 'bench';
  const subscribe = (sdp: string) => call<{ sessionId: string; answerSdp: string }>({ op: 'subscribe', roomId: room, sdp });
  const publisher = new TestPublisher();
  await publisher.connect((sdp) => call({ op: 'publish', roomId: room, sdp }));
  const baseline = await call<ChildStats>({ op: 'stats' });

  let clients: Clients;
  if (procs === 0) {
    const group = new ViewerGroup(subscribe, counting);
    clients = {
      add: (n) => group.add(n),
      reset: async () => group.reset(),
      collect: async () => [group.collect()],
      close: async () => {
        await Promise.all(group.viewers.map((v) => v.close()));
      },
    };
  } else {
    const kids = Array.from({ length: procs }, () => {
      const c = spawn(process.execPath, ['--import', 'tsx', self, '--viewer-child', ...(counting ? ['--counting'] : [])], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      c.on('message', (m: SubscribeReq) => {
        if (m.sub === undefined) return;
        // An SFU refusal becomes an answer the viewer cannot use, so its connect fails (and is retried) instead of hanging.
        void subscribe(m.sdp)
          .catch(() => ({ sessionId: '', answerSdp: '' }))
          .then((answer) => c.send({ sub: m.sub, answer }));
      });
      c.on('exit', (code) => {
        if (code) {
          console.error(`a viewer process exited with ${code}`);
          process.exit(1);
        }
      });
      return { c, call: rpc(c), n: 0 };
    });
    clients = {
      // Fill the emptiest process first so the viewers stay evenly spread.
      add: async (n) => {
        const share = kids.map(() => 0);
        for (let i = 0; i < n; i++) {
          const k = kids.map((x, j) => x.n + share[j]!).reduce((best, v, j, all) => (v < all[best]! ? j : best), 0);
          share[k]!++;
        }
        await Promise.all(kids.map((x, j) => (share[j] ? x.call({ op: 'add', n: share[j] }) : null)));
        kids.forEach((x, j) => (x.n += share[j]!));
      },
      reset: async () => {
        await Promise.all(kids.map((x) => x.call({ op: 'reset' })));
      },
      collect: () => Promise.all(kids.map((x) => x.call<Collected>({ op: 'collect' }))),
      close: async () => {
        for (const x of kids) {
          x.c.disconnect();
          x.c.kill();
        }
      },
    };
  }

  console.log(
    `SFU capacity, loopback, 1 publisher ~1.5 Mbit/s (50 pps audio 200 B + 150 pps video 1200 B), ${windowMs / 1000} s per step, ${workers} forwarding workers, viewers in ${procs ? `${procs} child processes` : 'the publisher process'}${counting ? `, 9 of 10 viewers ${probe ? 'counted by nftables in the kernel (no user-space receive)' : 'count at the ICE layer (no SRTP decryption)'}; delay from the other 1 in 10 (full werift receivers)` : ''}`,
  );
  console.log(
    'viewers | loss %  | delay p50 ms | delay p95 ms | SFU CPU µs/pkt | SFU RSS MB/viewer | SFU CPU % | clients CPU % | client µs/pkt | SFU sent % | SFU shed % | UDP rcvbuf drops | load 1m',
  );
  let connected = 0;
  for (const n of counts) {
    await clients.add(n - connected);
    connected = n;
    await new Promise((r) => setTimeout(r, 300));
    await clients.reset();
    const before = await call<ChildStats>({ op: 'stats' });
    const drops0 = udpRcvbufErrors();
    const pubCpu0 = process.cpuUsage();
    const t0 = Date.now();

    // Paced sender: catches up on timer lag so the offered rate stays at 200 pps.
    const sent = { audio: 0, video: 0 };
    const payload = (size: number) => {
      const b = Buffer.alloc(size, 0xab);
      b.writeUInt32BE(MARKER, 0);
      b.writeBigUInt64BE(process.hrtime.bigint(), 4);
      return b;
    };
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const elapsed = Date.now() - t0;
        const due = Math.min(elapsed, windowMs);
        while (sent.audio < Math.floor(due / 20)) {
          publisher.send('audio', payload(200), { tsStep: 960 });
          sent.audio++;
        }
        while (sent.video < Math.floor((due * 150) / 1000)) {
          const first = sent.video % 5 === 0;
          publisher.send('video', payload(1200), { marker: sent.video % 5 === 4, tsStep: first ? 3000 : 0 });
          sent.video++;
        }
        if (elapsed >= windowMs) {
          clearInterval(tick);
          resolve();
        }
      }, 5);
    });
    const afterSend = await call<ChildStats>({ op: 'stats' });
    const load1 = loadavg()[0]!;
    await new Promise((r) => setTimeout(r, 700)); // drain
    const pubCpu = process.cpuUsage(pubCpu0);
    const afterDrain = await call<ChildStats>({ op: 'stats' });
    const drops = udpRcvbufErrors() - drops0;
    const parts = await clients.collect();
    const expected = (sent.audio + sent.video) * n;
    const received = parts.reduce((a, p) => a + p.received, 0);
    if (received > expected) console.log(`received ${received} > sent ${expected}: the count is wrong`);
    const sorted = parts.flatMap((p) => p.delaysUs).sort((a, b) => a - b);
    const forwarded = afterSend.packetsForwarded - before.packetsForwarded;
    const cpuUs = afterSend.cpuUs - before.cpuUs;
    // Client CPU over send window + drain; in-process the viewers' CPU is the publisher process's CPU.
    const clientUs = (procs ? pubCpu.user + pubCpu.system : 0) + parts.reduce((a, p) => a + p.cpuUs, 0);
    const viewerUs = procs ? parts.reduce((a, p) => a + p.cpuUs, 0) : clientUs;
    const row = [
      String(n).padStart(7),
      ((100 * Math.max(0, expected - received)) / expected).toFixed(2).padStart(7),
      (percentile(sorted, 50) / 1000).toFixed(2).padStart(12),
      (percentile(sorted, 95) / 1000).toFixed(2).padStart(12),
      (cpuUs / Math.max(1, forwarded)).toFixed(1).padStart(14),
      ((afterSend.rss - baseline.rss) / n / 1024 / 1024).toFixed(2).padStart(17),
      ((100 * cpuUs) / 1000 / windowMs).toFixed(0).padStart(9),
      ((100 * clientUs) / 1000 / (windowMs + 700)).toFixed(0).padStart(13),
      (viewerUs / Math.max(1, received)).toFixed(1).padStart(13),
      // Packets the SFU handed to its viewers' transports, of all it should have (fire-and-forget sends).
      ((100 * forwarded) / expected).toFixed(1).padStart(10),
      // Copies an overloaded forwarding worker dropped because they waited too long (forwardMaxQueueMs).
      ((100 * (afterDrain.packetsShed - before.packetsShed)) / expected).toFixed(1).padStart(10),
      String(drops).padStart(16),
      load1.toFixed(2).padStart(7),
    ];
    console.log(row.join(' | '));
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  child.disconnect();
  child.kill();
  await clients.close();
  await publisher.close();
  process.exit(0);
}
