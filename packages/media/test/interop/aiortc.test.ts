// Interop (issue 19): aiortc — a WebRTC stack other than libwebrtc and werift — publishes audio+video over WHIP
// and views over WHEP through the real HTTP handlers. aiortc writes per-m-line ICE credentials and candidates in
// its BUNDLE offers, so this also proves the SFU takes the first m-line's transport (RFC 8843).
// Needs Debian's python3-aiortc (installed by .ci/run); skipped with a message when no python3 can import it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Sfu } from '../../src/sfu.ts';
import { handleWhep, handleWhip } from '../../src/whip.ts';

const CLIENT = fileURLToPath(new URL('./aiortc_client.py', import.meta.url));
const python = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import aiortc'], { stdio: 'ignore' }).status === 0,
);
const skip = python ? false : 'python3 with aiortc is not installed (Debian: apt-get install python3-aiortc)';

/** Runs the client; resolves with its JSON lines, rejects with its stderr on a non-zero exit. */
function run(args: string[], onLine?: (line: Record<string, unknown>) => void): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(python!, [CLIENT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Record<string, unknown>[] = [];
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      let i: number;
      while ((i = out.indexOf('\n')) >= 0) {
        const line = JSON.parse(out.slice(0, i)) as Record<string, unknown>;
        out = out.slice(i + 1);
        lines.push(line);
        onLine?.(line);
      }
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(lines) : reject(new Error(`aiortc client exited ${code}: ${err}`))));
  });
}

describe('aiortc as WHIP publisher and WHEP viewer', { skip }, () => {
  let sfu: Sfu;
  let server: Server;
  let base = '';
  const offers: string[] = [];

  before(async () => {
    sfu = new Sfu({ iceUseLoopback: true });
    server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString();
      if (req.method === 'POST') offers.push(body);
      const m = /^\/(whip|whep)(?:\/([\w-]+))?$/.exec(req.url ?? '')!;
      const handler = m[1] === 'whip' ? handleWhip : handleWhep;
      const out = await handler(
        sfu,
        { method: req.method!, contentType: req.headers['content-type'], body, sessionId: m[2] },
        { roomId: 'interop', basePath: `/${m[1]}` },
      );
      res.writeHead(out.status, out.headers).end(out.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sfu.close();
    await new Promise((r) => server.close(r));
  });

  it('publishes audio+video over WHIP, a second aiortc views it over WHEP, both DELETE their sessions', async () => {
    let published!: () => void;
    const live = new Promise<void>((r) => (published = r));
    const publisher = run(['publish', `${base}/whip`, '20'], (l) => l.published && published());
    await Promise.race([live, publisher]);
    assert.equal(sfu.isLive('interop'), true, 'the aiortc publisher is connected');
    // aiortc's BUNDLE offer carries a ufrag per m-line (RFC 8843 says the first one's transport is used).
    const ufrags = new Set([...offers[0]!.matchAll(/a=ice-ufrag:(\S+)/g)].map((m) => m[1]));
    assert.ok(/a=group:BUNDLE/.test(offers[0]!), 'aiortc offers BUNDLE');
    assert.equal(ufrags.size, 2, 'aiortc 1.4 writes one ICE ufrag per m-line: the case the SFU must get right');

    const [result] = await run(['view', `${base}/whep`, '15']);
    assert.equal(result!.state, 'connected');
    assert.ok((result!.audio as number) >= 25, `audio frames decoded by aiortc: ${String(result!.audio)}`);
    assert.ok((result!.video as number) >= 10, `video frames decoded by aiortc: ${String(result!.video)}`);
    assert.equal(result!.delete, 200, 'the viewer hung up with DELETE');
    await publisher;
    assert.equal(sfu.hasPublisher('interop'), false, 'the publisher hung up with DELETE');
    assert.equal(sfu.stats().sessions, 0);
  });
});
