/**
 * A local HTTP server speaking the part of the Amazon IVS Real-Time API PartyStream uses, in its REST-JSON shape
 * (every operation is `POST /<Operation>` with a JSON body; errors carry `x-amzn-ErrorType`). The official
 * `@aws-sdk/client-ivs-realtime` is pointed at it with IVS_ENDPOINT. It records every call and keeps stages and
 * tokens in memory so tests can assert on what AWS would have been asked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface FakeStage {
  arn: string;
  name: string;
  tags: Record<string, string>;
  activeSessionId?: string;
  endpoints: { events: string; whip: string; rtmp: string; rtmps: string };
}
export interface FakeToken {
  stageArn: string;
  participantId: string;
  token: string;
  userId?: string;
  attributes?: Record<string, string>;
  capabilities: string[];
  duration?: number;
  expirationTime: string;
}

export interface FakeIvs {
  url: string;
  calls: { op: string; body: Record<string, unknown>; auth: string | undefined }[];
  stages: Map<string, FakeStage>;
  tokens: FakeToken[];
  disconnected: { stageArn: string; participantId: string }[];
  /** Milliseconds CreateStage waits before answering (lets concurrent callers overlap). */
  createDelayMs: number;
  /** Milliseconds CreateParticipantToken waits before answering (lets a revoke land while a token is minted). */
  tokenDelayMs: number;
  /** The next n calls of this operation fail with a 500 InternalServerException. */
  failNext(op: string, n?: number): void;
  ops(op: string): FakeIvs['calls'];
  close(): Promise<void>;
}

const ACCOUNT = '123456789012';
const hex = (n: number) => randomBytes(n).toString('hex');

export async function startFakeIvs(opts: { region?: string; now?: () => Date } = {}): Promise<FakeIvs> {
  const region = opts.region ?? 'eu-west-1';
  const now = opts.now ?? (() => new Date());
  const calls: FakeIvs['calls'] = [];
  const stages = new Map<string, FakeStage>();
  const tokens: FakeToken[] = [];
  const disconnected: FakeIvs['disconnected'] = [];
  const failures = new Map<string, number>();

  const notFound = (what: string) => ({ status: 404, type: 'ResourceNotFoundException', body: { message: `${what} not found` } });
  const validation = (message: string) => ({ status: 400, type: 'ValidationException', body: { message } });

  async function route(op: string, b: Record<string, unknown>): Promise<{ status: number; type?: string; body: unknown }> {
    const fail = failures.get(op) ?? 0;
    if (fail > 0) {
      failures.set(op, fail - 1);
      return { status: 500, type: 'InternalServerException', body: { exceptionMessage: 'injected failure' } };
    }
    switch (op) {
      case 'CreateStage': {
        if (typeof b.name === 'string' && !/^[a-zA-Z0-9-_]{0,128}$/.test(b.name))
          return validation('name must match [a-zA-Z0-9-_]*');
        await new Promise((r) => setTimeout(r, fake.createDelayMs));
        const id = hex(6);
        const stage: FakeStage = {
          arn: `arn:aws:ivs:${region}:${ACCOUNT}:stage/${id}`,
          name: String(b.name ?? ''),
          tags: (b.tags as Record<string, string>) ?? {},
          endpoints: {
            events: `wss://global.events.live-video.net`,
            whip: `https://${id}.global-bm.whip.live-video.net`,
            rtmp: `rtmp://${id}.global-contribute-staging.live-video.net/app/`,
            rtmps: `rtmps://${id}.global-contribute-staging.live-video.net:443/app/`,
          },
        };
        stages.set(stage.arn, stage);
        return { status: 200, body: { stage, participantTokens: [] } };
      }
      case 'GetStage': {
        const stage = stages.get(String(b.arn));
        return stage ? { status: 200, body: { stage } } : notFound('Stage');
      }
      case 'DeleteStage': {
        if (!stages.delete(String(b.arn))) return notFound('Stage');
        return { status: 200, body: {} };
      }
      case 'CreateParticipantToken': {
        await new Promise((r) => setTimeout(r, fake.tokenDelayMs));
        const stageArn = String(b.stageArn);
        if (!stages.has(stageArn)) return notFound('Stage');
        const duration = typeof b.duration === 'number' ? b.duration : 720;
        if (duration < 1 || duration > 20160) return validation('duration must be between 1 and 20160');
        const caps = (b.capabilities as string[] | undefined) ?? ['PUBLISH', 'SUBSCRIBE'];
        const t: FakeToken = {
          stageArn,
          participantId: hex(6),
          token: `eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.${Buffer.from(JSON.stringify({ sub: b.userId, caps })).toString('base64url')}.${hex(16)}`,
          userId: b.userId as string | undefined,
          attributes: b.attributes as Record<string, string> | undefined,
          capabilities: caps,
          duration,
          expirationTime: new Date(now().getTime() + duration * 60_000).toISOString(),
        };
        tokens.push(t);
        return { status: 200, body: { participantToken: t } };
      }
      case 'DisconnectParticipant': {
        if (!stages.has(String(b.stageArn))) return notFound('Stage');
        disconnected.push({ stageArn: String(b.stageArn), participantId: String(b.participantId) });
        return { status: 200, body: {} };
      }
      default:
        return { status: 404, type: 'UnknownOperationException', body: { message: `fake IVS does not implement ${op}` } };
    }
  }

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const op = (req.url ?? '/').replace(/^\//, '').split('?')[0]!;
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      calls.push({ op, body, auth: req.headers.authorization });
      void route(req.method === 'POST' ? op : '(not POST)', body).then((r) => {
        res.writeHead(r.status, { 'Content-Type': 'application/json', ...(r.type ? { 'x-amzn-ErrorType': r.type } : {}) });
        res.end(JSON.stringify(r.body));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const fake: FakeIvs = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    stages,
    tokens,
    disconnected,
    createDelayMs: 0,
    tokenDelayMs: 0,
    failNext(op, n = 1) {
      failures.set(op, n);
    },
    ops: (op) => calls.filter((c) => c.op === op),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return fake;
}
