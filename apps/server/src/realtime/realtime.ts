/**
 * The Socket.io server and the small hub services use to publish (`deps.realtime.emit(room, event, payload)`).
 * Rooms: `dj:<djProfileId>` (public: open-slot updates), `user:<userId>` (private: booking status).
 * Feature socket handlers register through `onConnection`.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Ack } from '@partystream/shared/problem';
import { problemType } from '@partystream/shared/problem';
import type { Limits } from '../http/limits.ts';
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
    if (i <= 0) continue;
    const raw = part.slice(i + 1).trim();
    try {
      out[part.slice(0, i).trim()] = decodeURIComponent(raw);
    } catch {
      out[part.slice(0, i).trim()] = raw; // a malformed cookie is not a reason to throw in the handshake
    }
  }
  return out;
}

/** The host[:port] of an Origin header, or null when it is not a URL (e.g. `null`). */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
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

/** A check run on the stored data of a connection that is being recovered; false (or a throw) refuses recovery. */
export type RecoveryCheck = (data: Record<string, unknown>) => Promise<boolean>;

export class Realtime {
  io: Server | null = null;
  readonly #handlers: ((socket: AppSocket) => void)[] = [];
  readonly #recoveryChecks: RecoveryCheck[] = [];

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

  /** Features that keep rights in `socket.data` (the party room) re-check them here before a session is recovered. */
  onRecovery(check: RecoveryCheck): void {
    this.#recoveryChecks.push(check);
  }

  /** Publishes to a room on every process. A no-op before the server is attached (e.g. scripts). */
  emit(room: string, event: string, payload: unknown): void {
    this.io?.to(room).emit(event, payload);
  }

  async attach(
    http: HttpServer,
    auth: {
      tokens: SessionTokens;
      lookup: SessionLookup;
      allowedOrigins: string[];
      publicUrl?: string;
      /** Connections per IP: new ones per minute across processes, and open at once in this process. */
      limits?: Limits;
      maxPerIp?: number;
      /** The client's address as the app sees it (honours TRUST_PROXY). */
      clientIp?: (req: IncomingMessage) => string;
    },
  ): Promise<void> {
    const openPerIp = new Map<string, number>();
    const ipOf = auth.clientIp ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown');
    const cookieOrigins = new Set([...(auth.publicUrl ? [new URL(auth.publicUrl).origin] : []), ...auth.allowedOrigins]);
    const io = new Server(http, {
      // A browser handshake that carries the session cookie must come from our own pages (cross-site WebSocket
      // hijacking, issue 17): Origin is PUBLIC_URL, a CORS origin, or the host the request was sent to. Requests
      // without a cookie, or without Origin (not a browser), are anonymous or not cross-site, and pass.
      allowRequest: (req, cb) => {
        const origin = req.headers.origin;
        const hasSession = parseCookies(req.headers.cookie)[SESSION_COOKIE] !== undefined;
        if (!hasSession || !origin || cookieOrigins.has(origin)) return cb(null, true);
        const host = originHost(origin);
        cb(host !== null && host === req.headers.host ? null : 'Origin not allowed', host !== null && host === req.headers.host);
      },
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: 16 * 1024,
      cors: auth.allowedOrigins.length ? { origin: auth.allowedOrigins, credentials: true } : undefined,
      // Recovered connections run the middleware too (and were re-authorised in `#guardRecovery` before that).
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    });
    await this.fanout.attach(io);
    this.#guardRecovery(io, auth.lookup);
    // Costly things are limited (issue 17: 2,000 connections from one IP): at most SOCKET_MAX_PER_IP open at once per
    // IP in this process, and a budget of new connections per IP per minute on the shared store.
    io.use(async (socket, next) => {
      const ip = ipOf(socket.request);
      if ((openPerIp.get(ip) ?? 0) >= (auth.maxPerIp ?? Infinity))
        return next(new Error('Too many connections from this address.'));
      if (!socket.recovered) {
        try {
          await auth.limits?.consume('socketConnect', ip);
        } catch {
          return next(new Error('Too many connections from this address; try again in a minute.'));
        }
      }
      next();
    });
    io.use(async (socket, next) => {
      const data = socket.data as SocketData;
      const recoveredSid = socket.recovered ? data.sessionId : null;
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
      // A recovered connection must come back with the login it had (or none); its rooms were joined for that one.
      if (socket.recovered && recoveredSid !== data.sessionId) return next(new Error('Session changed; connect again.'));
      next();
    });
    io.on('connection', (raw) => {
      const socket = raw as unknown as AppSocket;
      const ip = ipOf(socket.request);
      openPerIp.set(ip, (openPerIp.get(ip) ?? 0) + 1);
      socket.on('disconnect', () => {
        const n = (openPerIp.get(ip) ?? 1) - 1;
        if (n > 0) openPerIp.set(ip, n);
        else openPerIp.delete(ip);
      });
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

  /**
   * Connection-state recovery restores a dropped connection's rooms and `data` and replays what it missed — before
   * any middleware runs, whatever `skipMiddlewares` says (socket.io writes the missed packets in the Socket
   * constructor). So rights are re-checked where the adapter hands the stored session out: a session whose login
   * ended, or whose party access is gone (a revoked invite, issue 17), is not recovered; the client gets a fresh
   * connection with no rooms and nothing replayed, goes through the middleware, and must join again.
   */
  #guardRecovery(io: Server, lookup: SessionLookup): void {
    const adapter = io.of('/').adapter as unknown as {
      restoreSession(pid: string, offset: string): Promise<{ data?: Record<string, unknown> } | null>;
    };
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      const session = await restore(pid, offset);
      if (!session) return session;
      const data = session.data ?? {};
      try {
        const sid = data.sessionId as string | null | undefined;
        if (sid && !(await lookup.findUserBySession(sid))) return null;
        for (const check of this.#recoveryChecks) if (!(await check(data))) return null;
        return session;
      } catch (err) {
        this.log.warn({ err }, 'socket recovery refused: re-authorisation failed');
        return null;
      }
    };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.io ? this.io.close(() => resolve()) : resolve()));
    this.io = null;
    await this.fanout.close();
  }
}
