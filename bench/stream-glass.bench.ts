/**
 * Glass-to-glass latency through the embedded SFU, in real Chromium (`npm run bench:stream`):
 * a publisher page draws moving noise plus the current time as 48 black/white blocks into a canvas, streams it at
 * ~1.5 Mbit/s over WHIP; viewer pages (WHEP) decode the blocks of every rendered frame and compare with their own
 * clock (same machine, same clock). Runs with 1 and N Chromium viewers (+ werift load viewers up to 100), and a
 * direct browser-to-browser baseline (two peer connections in one page), printing p50/p95/p99 and the ratio.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { DjProfileInputSchema } from '@partystream/shared/dj/dj.schemas';
import { loadConfig } from '../apps/server/src/config.ts';
import { buildDeps } from '../apps/server/src/deps.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { createLogger } from '../apps/server/src/logger.ts';
import { startServer } from '../apps/server/src/server.ts';
import { createLimits } from '../apps/server/src/http/limits.ts';
import { countAtIceLayer, TestViewer } from '../packages/media/test/support/peers.ts';
import { KernelCounter } from '../packages/media/test/support/kernel-counter.ts';
import { CHROMIUM, CHROMIUM_ARGS, MEDIA_ARGS } from '../e2e/support/fixtures.ts';
import { benchVirtualBackground } from './virtual-background.ts';

const CHROME_VIEWERS = Number(process.env.CHROME_VIEWERS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 8);
const LOAD_PROCS = Number(process.env.LOAD_PROCS ?? 2);
const WINDOWS_AT_100 = Number(process.env.WINDOWS_AT_100 ?? 3);
/** Guests who arrive at the full party, one after another, timed from their offer to their first rendered frame
 * (at most CHROME_VIEWERS: each reuses a measured viewer's invite). */
const JOINERS = Number(process.env.JOINERS ?? 3);
/** Glass-to-glass p95 target at 100 viewers (issue 19); enforced with GLASS_STRICT=1. */
const TARGET_P95_MS = 150;
/** What "within a few seconds" means for a guest arriving at a full party (issue 19). */
const JOIN_LIMIT_MS = 5000;
/** The server's SFU forwarding worker threads (production default: one per core). */
const FORWARD_WORKERS = process.env.SFU_FORWARD_WORKERS ?? '2';
/** Nice value of those threads (unset: inherit, as the server's default). */
const FORWARD_NICE = process.env.SFU_FORWARD_NICE;
const pct = (xs: number[], p: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN;

// In-page code: encoder (publisher) and decoder (viewer). 48 bits of Date.now() as blocks in the top row.
const PAGE_LIB = `
window.startCanvas = () => {
  const c = document.createElement('canvas'); c.width = 640; c.height = 360; document.body.append(c);
  const g = c.getContext('2d');
  // 24 noise frames made once and cycled: the picture changes every frame (the encoder still works at ~1.5 Mbit/s)
  // without the page spending a core on Math.random for 200,000 pixels 30 times a second.
  const noise = Array.from({ length: 24 }, () => {
    const img = g.createImageData(640, 320);
    for (let i = 0; i < img.data.length; i += 4) { const v = Math.random() * 255; img.data[i] = v; img.data[i+1] = v; img.data[i+2] = v; img.data[i+3] = 255; }
    return img;
  });
  let n = 0;
  const draw = () => {
    g.putImageData(noise[n++ % noise.length], 0, 40);
    const t = Date.now();
    for (let b = 0; b < 48; b++) { g.fillStyle = Math.floor(t / 2 ** b) % 2 ? '#fff' : '#000'; g.fillRect((b % 24) * 26 + 4, b < 24 ? 0 : 20, 26, 20); }
    requestAnimationFrame(draw);
  };
  draw();
  return c.captureStream(30);
};
window.decodeInto = (video, out) => {
  const c = document.createElement('canvas'); c.width = 640; c.height = 360; const g = c.getContext('2d', { willReadFrequently: true });
  const onFrame = () => {
    const now = Date.now();
    if (video.videoWidth) {
      g.drawImage(video, 0, 0, 640, 360);
      const px = g.getImageData(0, 0, 640, 40).data;
      let t = 0;
      for (let b = 0; b < 48; b++) { const x = (b % 24) * 26 + 17, y = b < 24 ? 10 : 30; if (px[(y * 640 + x) * 4] > 128) t += 2 ** b; }
      const d = now - t; if (d > 0 && d < 5000) out.push(d);
    }
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
};
`;

/**
 * A werift load viewer over WHEP; on a busy 2-core box ICE can miss its 8 s deadline, so retry once (on a fresh
 * session: DELETE the failed one). Returns null when both attempts fail. With `kernel`, its RTP is counted and
 * dropped by nftables (no user-space receive at all); else with `seen`, it counts at the ICE layer.
 */
async function loadViewer(
  url: string,
  token: string,
  code: string,
  seen?: Set<number>,
  kernel?: KernelCounter,
): Promise<{ tv: TestViewer; port: number; ms: number } | null> {
  const t0 = performance.now();
  for (let attempt = 0; attempt < 2; attempt++) {
    const tv = new TestViewer();
    tv.keep = false;
    let location = '';
    try {
      await tv.connect(async (offer) => {
        const res = await fetch(`${url}/api/streams/${token}/whep?invite=${code}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/sdp' },
          body: offer,
        });
        location = res.headers.get('location')!;
        return { sessionId: location.split('?')[0]!.split('/').pop()!, answerSdp: await res.text() };
      });
      const port = localPort(tv);
      if (kernel) kernel.add([port]);
      else if (seen) countAtIceLayer(tv, seen);
      return { tv, port, ms: performance.now() - t0 };
    } catch {
      await tv.close().catch(() => {});
      // The Location carries ?invite= (RFC 9725 clients use it as given).
      if (location) await fetch(new URL(location, url), { method: 'DELETE' }).catch(() => {});
    }
  }
  return null;
}

function localPort(tv: TestViewer): number {
  const connection = tv.pc.dtlsTransports[0]!.iceTransport.connection as unknown as {
    nominated?: { protocol: { transport: { socket: { address(): { port: number } } } } };
  };
  return connection.nominated?.protocol.transport.socket.address().port ?? 0;
}

/** Child process: holds load viewers; `add` connects some, `check` says how many have received nothing yet. */
function loadChild(url: string, token: string) {
  const kernel = KernelCounter.create();
  if (kernel) process.on('exit', () => kernel.close());
  const viewers: { tv: TestViewer; port: number; seen: Set<number> }[] = [];
  process.on('message', async (m: { id: number; op: 'add'; codes: string[] } | { id: number; op: 'check' | 'cpu' }) => {
    if (m.op === 'add') {
      let failed = 0;
      const connectMs: number[] = [];
      for (const code of m.codes) {
        const seen = new Set<number>();
        const v = await loadViewer(url, token, code, seen, kernel);
        if (!v) failed++;
        else {
          viewers.push({ ...v, seen });
          connectMs.push(v.ms);
        }
      }
      process.send!({ id: m.id, failed, connectMs, kernel: !!kernel });
    } else if (m.op === 'cpu') {
      const c = process.cpuUsage();
      process.send!({ id: m.id, us: c.user + c.system });
    } else {
      const counts = kernel?.read();
      const withoutMedia = viewers.filter((v) => (counts ? !counts.get(v.port) : v.seen.size === 0)).length;
      process.send!({ id: m.id, withoutMedia });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

async function main() {
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    DATA_DIR: '/tmp/ps-bench',
    LOG_LEVEL: 'silent',
    SFU_ICE_LOOPBACK: 'true',
    SFU_FORWARD_WORKERS: FORWARD_WORKERS,
    ...(FORWARD_NICE ? { SFU_FORWARD_NICE: FORWARD_NICE } : {}),
    JOBS_ENABLED: 'false',
  });
  const deps = await buildDeps(config, { database: await openDatabase({ pgliteDir: 'memory://' }), log: createLogger('silent') });
  // The bench's 100 viewers stand for 100 devices, but they all come from 127.0.0.1: with the real per-address budget
  // (20 new viewing sessions a minute) 80 of them were refused with 429 and the "100 viewer" windows held ~20.
  await deps.limits.close();
  (deps as { limits: typeof deps.limits }).limits = createLimits(
    { kind: 'memory' },
    { budgets: { whepOffer: { points: 10_000, duration: 60 } } },
  );
  // Every session the SFU ends during the run, by role and reason: a failed window says why (timeouts, silence).
  const ended = new Map<string, number>();
  /** Session ids of the measured Chromium viewers: their ends are named apart from the load viewers'. */
  const chromeSessions = new Set<string>();
  deps.sfu.on('sessionEnded', ({ role, reason, sessionId }: { role: string; reason: string; sessionId: string }) => {
    const k = `${chromeSessions.has(sessionId) ? 'Chromium ' : ''}${role} ${reason}`;
    ended.set(k, (ended.get(k) ?? 0) + 1);
  });
  const endedSoFar = () => [...ended].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const srv = await startServer(deps, { port: 0, host: '127.0.0.1', jobs: false });
  const url = srv.url;
  const djUser = await deps.auth.createUserDirect({
    email: 'glass@bench.test',
    displayName: 'Glass',
    role: 'dj',
    password: 'bench password 123',
  });
  const profile = await deps.dj.saveMine(
    djUser,
    DjProfileInputSchema.parse({
      stageName: 'Glass',
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
  await deps.availability.setWeekly(djUser.id, {
    ranges: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:45' })),
  });
  const host = await deps.auth.createUserDirect({
    email: 'glass-host@bench.test',
    displayName: 'Host',
    role: 'host',
    password: 'bench password 123',
  });
  const start = new Date(Math.ceil((Date.now() + 20 * 60_000) / 900_000) * 900_000);
  const { booking: b } = await deps.booking.request(host, {
    djProfileId: profile.id,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    note: '',
  });
  const token = (await deps.booking.pay(host, b.id, { cardNumber: '4242424242424242', expiry: '12/30', cvc: '123', name: 'x' }))
    .partyToken!;
  const { streamKey } = await deps.stream.regenerateKey(token, djUser);
  await deps.stream.openDoors(token, djUser); // guests may watch before the start
  const codes: string[] = [];
  for (let i = 0; i < 100; i++)
    codes.push(new URL((await deps.party.createInvite(token, host, `G${i}`)).link).searchParams.get('invite')!);

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...MEDIA_ARGS] });
  const open = async (): Promise<Page> => {
    // The bench injects its page code inline; the app's CSP (no inline scripts) is for the app, not for these pages.
    const p = await (await browser.newContext({ bypassCSP: true })).newPage();
    await p.goto(`${url}/api/health`);
    await p.addScriptTag({ content: PAGE_LIB });
    return p;
  };
  const negotiateJs = `async (pc, url, headers) => {
    const o = await pc.createOffer(); await pc.setLocalDescription(o);
    await new Promise((r) => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 2000); });
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', ...headers }, body: pc.localDescription.sdp });
    window.sessionIds = [...(window.sessionIds ?? []), (res.headers.get('location') ?? '').split('?')[0].split('/').pop()];
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  }`;

  // Publisher.
  const pub = await open();
  await pub.evaluate(
    async ([key, neg]) => {
      const stream = (window as any).startCanvas();
      const pc = new RTCPeerConnection();
      for (const t of stream.getTracks()) pc.addTransceiver(t, { direction: 'sendonly' });
      const sender = pc.getSenders()[0]!;
      const p = sender.getParameters();
      p.encodings = [{ maxBitrate: 1_500_000 }];
      await eval(neg)(pc, '/api/streams/whip', { Authorization: `Bearer ${key}` });
      await sender.setParameters(p).catch(() => {});
      (window as any).pubPc = pc;
    },
    [streamKey, negotiateJs] as const,
  );

  async function chromeViewer(code: string): Promise<Page> {
    const v = await open();
    await v.evaluate(
      async ([t, c, neg]) => {
        const pc = new RTCPeerConnection();
        ((window as any).viewPcs ??= []).push(pc);
        pc.addTransceiver('video', { direction: 'recvonly' });
        const video = document.createElement('video');
        video.muted = true;
        video.autoplay = true;
        document.body.append(video);
        (window as any).lat = [];
        // Join milestones (ms since the offer was made): answer received, ICE+DTLS connected, first frame shown.
        const tm: Record<string, number> = ((window as any).tm = {});
        const t0 = performance.now();
        pc.onconnectionstatechange = () => {
          if (pc.connectionState === 'connected') tm.connected ??= performance.now() - t0;
        };
        video.requestVideoFrameCallback(() => (tm.frame ??= performance.now() - t0));
        pc.ontrack = (e) => {
          (e.receiver as any).jitterBufferTarget = 0;
          video.srcObject = new MediaStream([e.track]);
          (window as any).decodeInto(video, (window as any).lat);
        };
        await eval(neg)(pc, `/api/streams/${t}/whep?invite=${c}`, {});
        tm.answered = performance.now() - t0;
      },
      [token, code, negotiateJs] as const,
    );
    for (const id of await v.evaluate(() => (window as any).sessionIds as string[])) chromeSessions.add(id);
    return v;
  }

  /** The publisher's outgoing video so far (what it really sent, not what was asked for). */
  const sentVideo = (page: Page) =>
    page.evaluate(async () => {
      const stats = await ((window as any).pubPc as RTCPeerConnection).getStats();
      let bytes = 0,
        frames = 0,
        encodeS = 0,
        sendDelayS = 0,
        packets = 0;
      stats.forEach((r: any) => {
        if (r.type === 'outbound-rtp' && r.kind === 'video') {
          bytes += r.bytesSent;
          frames += r.framesEncoded;
          encodeS += r.totalEncodeTime ?? 0;
          sendDelayS += r.totalPacketSendDelay ?? 0;
          packets += r.packetsSent;
        }
      });
      return { bytes, frames, encodeS, sendDelayS, packets, at: performance.now() };
    });
  /** Where a viewer's time goes (WebRTC stats, cumulative): jitter buffer and decoding. */
  const receivedVideo = (page: Page) =>
    page.evaluate(async () => {
      const pcs: RTCPeerConnection[] = (window as any).viewPcs ?? [];
      let jbS = 0,
        jbFrames = 0,
        decodeS = 0,
        decoded = 0,
        packets = 0,
        dropped = 0,
        plis = 0;
      const states: string[] = [];
      for (const pc of pcs) {
        states.push(pc.connectionState);
        (await pc.getStats()).forEach((r: any) => {
          if (r.type === 'inbound-rtp' && r.kind === 'video') {
            jbS += r.jitterBufferDelay ?? 0;
            jbFrames += r.jitterBufferEmittedCount ?? 0;
            decodeS += r.totalDecodeTime ?? 0;
            decoded += r.framesDecoded ?? 0;
            packets += r.packetsReceived ?? 0;
            dropped += r.framesDropped ?? 0;
            plis += r.pliCount ?? 0;
          }
        });
      }
      return { jbS, jbFrames, decodeS, decoded, packets, dropped, plis, states };
    });
  const sumReceived = async (pages: Page[]) => {
    const all = await Promise.all(pages.map(receivedVideo));
    return all.reduce((a, b) => ({
      jbS: a.jbS + b.jbS,
      jbFrames: a.jbFrames + b.jbFrames,
      decodeS: a.decodeS + b.decodeS,
      decoded: a.decoded + b.decoded,
      packets: a.packets + b.packets,
      dropped: a.dropped + b.dropped,
      plis: a.plis + b.plis,
      states: [...a.states, ...b.states],
    }));
  };

  let kidsCpu = async (): Promise<number> => 0;
  const measure = async (label: string, viewers: Page[], withLoad: boolean, sender: Page = pub) => {
    await Promise.all(viewers.map((v) => v.evaluate(() => ((window as any).lat.length = 0))));
    const s0 = await sentVideo(sender);
    const r0 = await sumReceived(viewers);
    const cpu0 = process.cpuUsage();
    const shed0 = deps.sfu.stats().packetsShed;
    const in0 = deps.sfu.stats().packetsIn;
    const kids0 = await kidsCpu();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const cpu1 = process.cpuUsage(cpu0);
    const kids1 = await kidsCpu();
    const wallUs = (performance.now() - t0) * 1000;
    const s1 = await sentVideo(sender);
    const r1 = await sumReceived(viewers);
    const perViewer = await Promise.all(viewers.map((v) => v.evaluate(() => (window as any).lat as number[])));
    const lat = perViewer.flat();
    // A Chromium viewer that rendered nothing in a window is a failure, not a NaN in the table (issue 19).
    const starved = perViewer.filter((l) => l.length === 0).length;
    if (starved) failures.push(`${label}: ${starved} of ${viewers.length} Chromium viewer(s) got no frames`);
    const loss = withLoad ? await withoutMedia() : 0;
    const secs = (s1.at - s0.at) / 1000;
    const ms = (num: number, den: number) => (den > 0 ? ((1000 * num) / den).toFixed(0) : '-');
    const sent =
      `sent ${((8 * (s1.bytes - s0.bytes)) / secs / 1e6).toFixed(2)} Mbit/s ${((s1.frames - s0.frames) / secs).toFixed(0)} fps` +
      ` | mean encode ${ms(s1.encodeS - s0.encodeS, s1.frames - s0.frames)} ms, pacer ${ms(s1.sendDelayS - s0.sendDelayS, s1.packets - s0.packets)} ms,` +
      ` jitter buffer ${ms(r1.jbS - r0.jbS, r1.jbFrames - r0.jbFrames)} ms, decode ${ms(r1.decodeS - r0.decodeS, r1.decoded - r0.decoded)} ms` +
      ` | CPU: server+SFU ${((100 * (cpu1.user + cpu1.system)) / wallUs).toFixed(0)} %, load viewers ${((100 * (kids1 - kids0)) / wallUs).toFixed(0)} %` +
      ` | SFU in ${((deps.sfu.stats().packetsIn - in0) / secs).toFixed(0)} pkt/s, shed ${deps.sfu.stats().packetsShed - shed0} copies`;
    // When the decoded-frame count stalls, say why: packets still arriving? frames dropped? keyframes asked for?
    if (r1.decoded - r0.decoded < secs * 10 * viewers.length)
      console.log(
        `  viewers: packets +${r1.packets - r0.packets}, decoded +${r1.decoded - r0.decoded}, dropped +${r1.dropped - r0.dropped}, PLIs +${r1.plis - r0.plis}, connections ${r1.states.join('/')}`,
      );
    console.log(
      `${label.padEnd(52)} frames ${String(lat.length).padStart(5)}  p50 ${pct(lat, 50).toFixed(0).padStart(4)} ms  p95 ${pct(lat, 95).toFixed(0).padStart(4)} ms  p99 ${pct(lat, 99).toFixed(0).padStart(4)} ms  ${sent}${withLoad ? `  (werift viewers without media: ${loss})` : ''}  load ${loadavg()[0]!.toFixed(1)}`,
    );
    return lat;
  };

  // Load viewers: in child processes (LOAD_PROCS), or in this process like the first version of this bench.
  let failedViewers = 0;
  /** Offer to ICE+DTLS connected, per werift load viewer, while the party fills up. */
  const connectMs: number[] = [];
  let kernelCounting = false;
  const local: TestViewer[] = [];
  const kids = Array.from({ length: LOAD_PROCS }, () => {
    const c = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--load-child', url, token], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let next = 0;
    const waiting = new Map<number, (r: any) => void>();
    c.on('message', (r: { id: number }) => waiting.get(r.id)?.(r));
    const call = (m: object) =>
      new Promise<any>((resolve) => {
        const id = ++next;
        waiting.set(id, resolve);
        c.send({ ...m, id });
      });
    return { c, call };
  });
  const addLoad = async (from: number, to: number) => {
    const codesNow = codes.slice(from, to);
    if (!kids.length) {
      for (const code of codesNow) {
        const v = await loadViewer(url, token, code);
        if (!v) failedViewers++;
        else {
          local.push(v.tv);
          connectMs.push(v.ms);
        }
      }
      return;
    }
    const parts = await Promise.all(
      kids.map((k, j) => k.call({ op: 'add', codes: codesNow.filter((_, i) => i % kids.length === j) })),
    );
    failedViewers += parts.reduce((n, p) => n + p.failed, 0);
    for (const p of parts) connectMs.push(...(p.connectMs as number[]));
    if (parts.some((p) => p.kernel)) kernelCounting = true;
  };
  kidsCpu = async () => (await Promise.all(kids.map((k) => k.call({ op: 'cpu' })))).reduce((n, r) => n + r.us, 0);
  const withoutMedia = async () =>
    kids.length
      ? (await Promise.all(kids.map((k) => k.call({ op: 'check' })))).reduce((n, p) => n + p.withoutMedia, 0)
      : local.filter((tv) => tv.count.video === 0).length;

  console.log(
    `machine: 2 cores; ${SECONDS} s per run; video ~1.5 Mbit/s 640x360@30 canvas noise; SFU forwarding workers: ${FORWARD_WORKERS}${FORWARD_NICE ? ` at nice ${FORWARD_NICE}` : ''}`,
  );
  const first = await chromeViewer(codes[0]!);
  await new Promise((r) => setTimeout(r, 10_000)); // let the publisher's bandwidth estimate and encoder ramp up
  const one = await measure('SFU, 1 Chromium viewer', [first], false);
  // The go-live page's virtual background: CPU per frame and the glass-to-glass it adds (VB=0 skips it).
  if (process.env.VB !== '0') await benchVirtualBackground(pub, (label) => measure(label, [first], false), pct, one);
  const more: Page[] = [first];
  for (let i = 1; i < CHROME_VIEWERS; i++) more.push(await chromeViewer(codes[i]!));
  await addLoad(CHROME_VIEWERS, 10);
  await new Promise((r) => setTimeout(r, 2000));
  await measure(`SFU, 10 viewers (${CHROME_VIEWERS} Chromium + ${10 - CHROME_VIEWERS} werift)`, more, true);
  await addLoad(10, 100);
  await new Promise((r) => setTimeout(r, 2000));
  console.log(
    `${'werift load viewers connecting while the party fills'.padEnd(52)} ${connectMs.length} connected  p50 ${pct(connectMs, 50).toFixed(0)} ms  p95 ${pct(connectMs, 95).toFixed(0)} ms  max ${Math.max(...connectMs).toFixed(0)} ms`,
  );
  console.log(`sessions the SFU ended so far: ${endedSoFar()}`);
  if (failedViewers) {
    console.log(`werift load viewers that failed to connect twice: ${failedViewers}`);
    failures.push(`${failedViewers} werift load viewer(s) could not connect`);
  }
  console.log(
    `werift load viewers: ${LOAD_PROCS ? `in ${LOAD_PROCS} child processes, ${kernelCounting ? 'RTP counted and dropped by nftables in the kernel' : 'counting at the ICE layer without decrypting'}` : 'in the server process'}`,
  );
  // Three consecutive windows at 100 viewers: one window on a shared 2-core box can be unlucky.
  const hundred: number[] = [];
  for (let w = 1; w <= WINDOWS_AT_100; w++) {
    const label = `SFU, 100 viewers (${CHROME_VIEWERS} Chromium + ${100 - CHROME_VIEWERS} werift) #${w}`;
    const lat = await measure(label, more, true);
    hundred.push(...lat);
    // GLASS_STRICT=1: the issue 19 target (p95 ≤ 150 ms in every 100-viewer window) fails the run when missed.
    if (process.env.GLASS_STRICT === '1' && lat.length && pct(lat, 95) > TARGET_P95_MS)
      failures.push(`${label}: p95 ${pct(lat, 95).toFixed(0)} ms > ${TARGET_P95_MS} ms`);
  }
  if (WINDOWS_AT_100 > 1)
    console.log(
      `${'SFU, 100 viewers, all windows'.padEnd(52)} frames ${String(hundred.length).padStart(5)}  p50 ${pct(hundred, 50).toFixed(0).padStart(4)} ms  p95 ${pct(hundred, 95).toFixed(0).padStart(4)} ms  p99 ${pct(hundred, 99).toFixed(0).padStart(4)} ms`,
    );
  // Guests arriving at the full party (forwarding to 100 running): offer → connected → first frame on screen. A party
  // has at most 100 invites, so each arrival is a measured guest coming back on a new device (one seat per invite:
  // the new session replaces the old one, and the party stays at 100).
  const joins: string[] = [];
  for (let j = 0; j < Math.min(JOINERS, more.length); j++) {
    const late = await chromeViewer(codes[j]!);
    const tm = await late
      .waitForFunction(() => (window as any).tm.frame, undefined, { timeout: 15_000, polling: 20 })
      .then(
        () => late.evaluate(() => (window as any).tm as Record<string, number>),
        () => null,
      );
    await late.context().close();
    if (!tm) {
      failures.push(`guest ${j + 1} joining the full party saw no frame within 15 s`);
      joins.push('no frame');
      continue;
    }
    if (tm.frame! > JOIN_LIMIT_MS)
      failures.push(`guest ${j + 1} joining the full party waited ${tm.frame!.toFixed(0)} ms for a frame`);
    joins.push(`${tm.frame!.toFixed(0)} ms (answer ${tm.answered?.toFixed(0)}, connected ${tm.connected?.toFixed(0)})`);
  }
  console.log(`sessions the SFU ended so far: ${endedSoFar()}`);
  if (joins.length)
    console.log(
      `${'a guest joining the full party: offer to first frame'.padEnd(52)} ${joins.join(', ')}  (limit ${JOIN_LIMIT_MS} ms)  load ${loadavg()[0]!.toFixed(1)}`,
    );
  for (const tv of local) await tv.close().catch(() => {});
  for (const k of kids) k.c.kill();
  kidsCpu = async () => 0;
  for (const v of more) await v.context().close();
  await pub.context().close();

  // Baseline: the same canvas stream over a direct peer connection inside one page, same bitrate cap.
  const base = await open();
  await base.evaluate(async () => {
    const stream = (window as any).startCanvas();
    const a = new RTCPeerConnection(),
      b = new RTCPeerConnection();
    (window as any).viewPcs = [b];
    a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
    for (const t of stream.getTracks()) a.addTrack(t, stream);
    (window as any).pubPc = a;
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    document.body.append(video);
    (window as any).lat = [];
    b.ontrack = (e) => {
      (e.receiver as any).jitterBufferTarget = 0;
      video.srcObject = new MediaStream([e.track]);
      (window as any).decodeInto(video, (window as any).lat);
    };
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);
    const sender = a.getSenders()[0]!;
    const p = sender.getParameters();
    p.encodings = [{ maxBitrate: 1_500_000 }];
    await sender.setParameters(p).catch(() => {});
  });
  await new Promise((r) => setTimeout(r, 10_000));
  const direct = await measure('direct browser-to-browser baseline', [base], false, base);
  console.log(
    `ratio SFU(1 viewer)/direct p50 ${(pct(one, 50) / pct(direct, 50)).toFixed(2)}, p95 ${(pct(one, 95) / pct(direct, 95)).toFixed(2)}; SFU(100)/direct p95 ${(pct(hundred, 95) / pct(direct, 95)).toFixed(2)}`,
  );
  await browser.close();
  await srv.stop();
  await deps.close();
  if (failures.length) {
    console.error(`\nFAILED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  process.exit(0);
}

/** Viewers that could not connect, windows in which a Chromium viewer rendered no frame, slow joins: any exits 1. */
const failures: string[] = [];

const child = process.argv.indexOf('--load-child');
if (child > 0) loadChild(process.argv[child + 1]!, process.argv[child + 2]!);
else await main();
