// SFU capacity on loopback: one publisher at ~1.5 Mbit/s of generated RTP (Opus-sized audio at 50 pps + VP8-sized
// video at 150 pps), N werift viewers for N = 10, 50, 100, 150. The SFU runs in a child process so its CPU and RSS
// are measured alone; publisher and viewers share this process (they are the likelier bottleneck on a small box).
// Prints per N: loss %, p50/p95 forwarding delay (send → receive, same clock), SFU CPU µs per forwarded packet,
// SFU RSS MB per viewer. Run from packages/media: node --import tsx bench/capacity.bench.ts [--quick] [--workers n]
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Sfu } from '../src/sfu.ts';
import { TestPublisher, TestViewer } from '../test/support/peers.ts';

type Req = { id: number; op: 'publish' | 'subscribe' | 'stats'; roomId?: string; sdp?: string };
type ChildStats = { cpuUs: number; rss: number; packetsIn: number; packetsForwarded: number };

if (process.argv.includes('--sfu-child')) {
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
} else {
  await main();
}

function rpc(child: ChildProcess) {
  let next = 0;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(m.error));
    else p?.resolve(m.result);
  });
  return <T>(req: Omit<Req, 'id'>): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      child.send({ ...req, id });
    });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

async function main() {
  const quick = process.argv.includes('--quick');
  const counts = quick ? [10, 50] : [10, 50, 100, 150];
  const windowMs = quick ? 3000 : 6000;
  const started = Date.now();
  const wi = process.argv.indexOf('--workers');
  const workers = wi > 0 ? Number(process.argv[wi + 1]) : 0;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--sfu-child', '--workers', String(workers)],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const call = rpc(child);
  const room = 'bench';
  const publisher = new TestPublisher();
  await publisher.connect((sdp) => call({ op: 'publish', roomId: room, sdp }));
  const baseline = await call<ChildStats>({ op: 'stats' });

  const viewers: TestViewer[] = [];
  let delays: number[] = [];
  const onPacket = (_kind: 'audio' | 'video', payload: Buffer) => {
    if (payload.length < 12 || payload.readUInt32BE(0) !== 0x50535452) return; // 'PSTR' marker
    const sentNs = payload.readBigUInt64BE(4);
    delays.push(Number(process.hrtime.bigint() - sentNs) / 1000);
  };

  console.log(
    `SFU capacity, loopback, 1 publisher ~1.5 Mbit/s (50 pps audio 200 B + 150 pps video 1200 B), ${windowMs / 1000} s per step, ${workers} forwarding workers`,
  );
  console.log('viewers | loss %  | delay p50 ms | delay p95 ms | SFU CPU µs/pkt | SFU RSS MB/viewer | SFU CPU % | clients CPU %');
  for (const n of counts) {
    while (viewers.length < n) {
      const batch = Array.from({ length: Math.min(10, n - viewers.length) }, () => new TestViewer());
      for (const v of batch) {
        v.keep = false;
        v.onPacket = onPacket;
      }
      await Promise.all(batch.map((v) => v.connect((sdp) => call({ op: 'subscribe', roomId: room, sdp }))));
      viewers.push(...batch);
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const v of viewers) v.count = { audio: 0, video: 0 };
    delays = [];
    const before = await call<ChildStats>({ op: 'stats' });
    const clientCpu0 = process.cpuUsage();
    const t0 = Date.now();

    // Paced sender: catches up on timer lag so the offered rate stays at 200 pps.
    const sent = { audio: 0, video: 0 };
    const payload = (size: number) => {
      const b = Buffer.alloc(size, 0xab);
      b.writeUInt32BE(0x50535452, 0);
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
    const clientCpu = process.cpuUsage(clientCpu0);
    await new Promise((r) => setTimeout(r, 700)); // drain
    const expected = (sent.audio + sent.video) * n;
    const received = viewers.reduce((acc, v) => acc + v.count.audio + v.count.video, 0);
    const sorted = delays.sort((a, b) => a - b);
    const forwarded = afterSend.packetsForwarded - before.packetsForwarded;
    const cpuUs = afterSend.cpuUs - before.cpuUs;
    const row = [
      String(n).padStart(7),
      ((100 * Math.max(0, expected - received)) / expected).toFixed(2).padStart(7),
      (percentile(sorted, 50) / 1000).toFixed(2).padStart(12),
      (percentile(sorted, 95) / 1000).toFixed(2).padStart(12),
      (cpuUs / Math.max(1, forwarded)).toFixed(1).padStart(14),
      ((afterSend.rss - baseline.rss) / n / 1024 / 1024).toFixed(2).padStart(17),
      ((100 * cpuUs) / 1000 / windowMs).toFixed(0).padStart(9),
      ((100 * (clientCpu.user + clientCpu.system)) / 1000 / windowMs).toFixed(0).padStart(13),
    ];
    console.log(row.join(' | '));
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  child.disconnect();
  child.kill();
  await Promise.all(viewers.map((v) => v.close()));
  await publisher.close();
  process.exit(0);
}
