/**
 * The Socket.io server and the small hub services use to publish (`deps.realtime.emit(room, event, payload)`).
 * Rooms: `dj:<djProfileId>` (public: open-slot updates), `user:<userId>` (private: booking status).
 * Feature socket handlers register through `onConnection`.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Ack } from '@partystream/shared/problem';
import { problemType } from '@partystream/shared/problem';
import { assertNoNul } from '../http/validate.ts';
import { SESSION_COOKIE, type SessionLookup, type SessionTokens } from '../http/session.ts';
import type { FanoutProvider } from '../providers/fanout/fanout.ts';
import { AppError, ERROR_STATUS } from '../errors.ts';
import type { Logger } from '../logger.ts';

export interface SocketData {
  user: User | null;
  sessionId: string | null;
}
export type AppSocket = Socket<
  Record<string, (...args: any[]) => void>,
  Record<string, (...args: any[]) => void>,
  Record<string, never>,
  SocketData
>;

const WatchDjSchema = z.object({ djProfileId: z.uuid() });

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Turns any thrown error into the `{ ok: false, problem }` ack shape. */
export function ackError(e: unknown, log?: Logger): Ack<never> {
  const err =
    e instanceof AppError
      ? e
      : e instanceof z.ZodError
        ? new AppError('VALIDATION_FAILED', {
            detail: e.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; '),
          })
        : null;
  if (!err) log?.error({ err: e }, 'socket handler failed');
  const code = err?.code ?? 'INTERNAL';
  return {
    ok: false,
    problem: {
      type: problemType(code),
      title: ERROR_STATUS[code].title,
      status: ERROR_STATUS[code].status,
      code,
      detail: err?.message ?? 'Something went wrong.',
      ...(err?.errors ? { errors: err.errors } : {}),
    },
  };
}

export class Realtime {
  io: Server | null = null;
  readonly #handlers: ((socket: AppSocket) => void)[] = [];

  constructor(
    private readonly fanout: FanoutProvider,
    private readonly log: Logger,
  ) {}

  get fanoutKind() {
    return this.fanout.kind;
  }

  onConnection(handler: (socket: AppSocket) => void): void {
    this.#handlers.push(handler);
  }

  /** Publishes to a room on every process. A no-op before the server is attached (e.g. scripts). */
  emit(room: string, event: string, payload: unknown): void {
    this.io?.to(room).emit(event, payload);
  }

  async attach(
    http: HttpServer,
    auth: { tokens: SessionTokens; lookup: SessionLookup; allowedOrigins: string[] },
  ): Promise<void> {
    const io = new Server(http, {
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: 16 * 1024,
      cors: auth.allowedOrigins.length ? { origin: auth.allowedOrigins, credentials: true } : undefined,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
    });
    await this.fanout.attach(io);
    io.use(async (socket, next) => {
      const data = socket.data as SocketData;
      data.user = null;
      data.sessionId = null;
      const token = parseCookies(socket.handshake.headers.cookie)[SESSION_COOKIE];
      if (token) {
        const sid = await auth.tokens.verify(token);
        const user = sid ? await auth.lookup.findUserBySession(sid) : null;
        if (user && sid) {
          data.user = user;
          data.sessionId = sid;
        }
      }
      next();
    });
    io.on('connection', (raw) => {
      const socket = raw as unknown as AppSocket;
      // Every event's payload, before any handler: no NUL characters anywhere (issue 17), answered on the ack.
      socket.use(([, ...args], next) => {
        try {
          args.forEach((a, i) => typeof a !== 'function' && assertNoNul(a, i === 0 ? 'payload' : `arg${i}`));
          next();
        } catch (e) {
          const ack = args.at(-1);
          if (typeof ack === 'function') (ack as (a: Ack<never>) => void)(ackError(e, this.log));
        }
      });
      if (socket.data.user) void socket.join(`user:${socket.data.user.id}`);
      socket.on('dj.watch', (payload: unknown, ack?: (a: Ack<{ room: string }>) => void) => {
        try {
          const { djProfileId } = WatchDjSchema.parse(payload);
          void socket.join(`dj:${djProfileId}`);
          ack?.({ ok: true, data: { room: `dj:${djProfileId}` } });
        } catch (e) {
          ack?.(ackError(e, this.log));
        }
      });
      socket.on('dj.unwatch', (payload: unknown) => {
        const r = WatchDjSchema.safeParse(payload);
        if (r.success) void socket.leave(`dj:${r.data.djProfileId}`);
      });
      for (const h of this.#handlers) h(socket);
    });
    this.io = io;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.io ? this.io.close(() => resolve()) : resolve()));
    this.io = null;
    await this.fanout.close();
  }
}
