// Main-thread handle of one forwarding worker (src/forward-worker.ts). The SFU keeps publishers in its own thread
// and, with `forwardWorkers: n`, spreads viewers over n worker threads: each publisher packet is serialized
// once and posted to every worker holding viewers of that room, which clones and sends it to its viewers.
import { Worker } from 'node:worker_threads';
import { SfuError, type SfuErrorCode } from './errors.ts';
import type { DeathReason } from './lifetime.ts';
import type { ForwardCodec, KeyframeReason, MediaKind, SfuOptions } from './types.ts';

export type ToWorker =
  | { op: 'subscribe'; id: number; sessionId: string; roomId: string; offer: string; videoMime?: string }
  /** `at`: when the main thread received the packet (Date.now()), so a backlogged worker can drop stale ones. */
  | { op: 'rtp'; roomId: string; kind: MediaKind; epoch: number; codec?: ForwardCodec; buf: Uint8Array; at: number }
  | { op: 'end'; sessionId: string };

export type FromWorker =
  | { op: 'answer'; id: number; answerSdp: string }
  | { op: 'error'; id: number; code?: SfuErrorCode; message: string }
  | { op: 'keyframe'; roomId: string; reason: KeyframeReason }
  | { op: 'connected'; sessionId: string }
  | { op: 'gone'; sessionId: string; reason: DeathReason }
  /** Packet copies this worker dropped because they waited too long in its queue (since the last report). */
  | { op: 'shed'; copies: number }
  | { op: 'warning'; message: string }
  /** The worker's code is loaded and listening (sent once, first). */
  | { op: 'ready' };

export interface ForwardWorkerEvents {
  keyframe(roomId: string, reason: KeyframeReason): void;
  connected(sessionId: string): void;
  gone(sessionId: string, reason: DeathReason): void;
  shed(copies: number): void;
  warning(message: string): void;
}

export class ForwardWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (sdp: string) => void; reject: (e: Error) => void }>();
  private readonly perRoom = new Map<string, number>();
  private readonly roomOf = new Map<string, string>();
  private nextId = 0;
  private dead?: Error;
  /** Settles once the worker has loaded its code (booting through tsx on a busy box can take seconds). */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(options: SfuOptions, events: ForwardWorkerEvents) {
    const url = new URL(import.meta.url.endsWith('.ts') ? './forward-worker.ts' : './forward-worker.js', import.meta.url);
    // Loader hooks of the main thread (tsx, when running from source) are not inherited by workers: when this
    // file is TypeScript, boot the worker through tsx's register API first.
    this.worker = url.pathname.endsWith('.ts')
      ? new Worker(
          `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
            `.then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`,
          { eval: true, workerData: { options } },
        )
      : new Worker(url, { workerData: { options } });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.worker.on('message', (m: FromWorker) => {
      switch (m.op) {
        case 'ready':
          this.markReady();
          break;
        case 'answer':
          this.pending.get(m.id)?.resolve(m.answerSdp);
          this.pending.delete(m.id);
          break;
        case 'error':
          this.pending.get(m.id)?.reject(m.code ? new SfuError(m.code, m.message) : new Error(m.message));
          this.pending.delete(m.id);
          break;
        case 'keyframe':
          events.keyframe(m.roomId, m.reason);
          break;
        case 'connected':
          events.connected(m.sessionId);
          break;
        case 'gone':
          events.gone(m.sessionId, m.reason);
          break;
        case 'shed':
          events.shed(m.copies);
          break;
        case 'warning':
          events.warning(m.message);
          break;
      }
    });
    const fail = (e: Error) => {
      this.dead = e;
      this.markReady();
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`forwarding worker exited with code ${code}`)));
  }

  /** Viewers held by this worker. */
  get load(): number {
    return this.roomOf.size;
  }

  viewersIn(roomId: string): number {
    return this.perRoom.get(roomId) ?? 0;
  }

  subscribe(req: { sessionId: string; roomId: string; offer: string; videoMime?: string }): Promise<string> {
    if (this.dead) return Promise.reject(this.dead);
    this.roomOf.set(req.sessionId, req.roomId);
    this.perRoom.set(req.roomId, this.viewersIn(req.roomId) + 1);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ op: 'subscribe', id, ...req });
    });
  }

  rtp(roomId: string, kind: MediaKind, epoch: number, codec: ForwardCodec | undefined, buf: Uint8Array): void {
    this.post({ op: 'rtp', roomId, kind, epoch, codec, buf, at: Date.now() });
  }

  end(sessionId: string): void {
    const roomId = this.roomOf.get(sessionId);
    if (roomId === undefined) return;
    this.roomOf.delete(sessionId);
    const n = this.viewersIn(roomId) - 1;
    if (n > 0) this.perRoom.set(roomId, n);
    else this.perRoom.delete(roomId);
    this.post({ op: 'end', sessionId });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }
}
