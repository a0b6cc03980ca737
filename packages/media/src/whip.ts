// WHIP (publish) and WHEP (play) per RFC 9725 / the WHEP draft, without any HTTP framework: the server app
// authorizes the caller, resolves the room id, turns its request into a WhipRequest and writes the WhipResponse
// back. Non-trickle only: the answer carries all candidates, so PATCH (trickle ICE / ICE restart) is 405.
import { type IceServer, type Sfu, SfuError } from './sfu.ts';

export interface WhipRequest {
  method: string;
  /** The Content-Type header as sent (parameters allowed). */
  contentType?: string | null;
  body?: string | Uint8Array | null;
  /** Set when the request targets a session resource (`<basePath>/<sessionId>`). */
  sessionId?: string;
}

export interface WhipResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WhipContext {
  /** Room the caller was authorized for. */
  roomId: string;
  /** URL path of the endpoint; session resources are `<basePath>/<sessionId>` (the Location header). */
  basePath: string;
  /** STUN/TURN servers announced to the client as `Link: <url>; rel="ice-server"` headers on 201. */
  iceServers?: IceServer[];
}

const SDP = 'application/sdp';
const ENDPOINT_ALLOW = 'OPTIONS, POST';
const SESSION_ALLOW = 'OPTIONS, DELETE';

function problem(status: number, code: string, detail: string, headers: Record<string, string> = {}): WhipResponse {
  const title =
    {
      400: 'Bad Request',
      404: 'Not Found',
      405: 'Method Not Allowed',
      409: 'Conflict',
      415: 'Unsupported Media Type',
      503: 'Service Unavailable',
    }[status] ?? 'Error';
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
    body: JSON.stringify({ type: 'about:blank', title, status, code, detail }),
  };
}

function isSdp(contentType: string | null | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === SDP;
}

function bodyText(body: WhipRequest['body']): string {
  if (body == null) return '';
  return typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}

function linkHeader(iceServers: IceServer[] | undefined): Record<string, string> {
  if (!iceServers?.length) return {};
  const links = iceServers.flatMap((s) =>
    (Array.isArray(s.urls) ? s.urls : [s.urls]).map((url) => {
      let link = `<${url}>; rel="ice-server"`;
      if (s.username) link += `; username="${s.username}"`;
      if (s.credential) link += `; credential="${s.credential}"; credential-type="password"`;
      return link;
    }),
  );
  return { Link: links.join(', ') };
}

function fromSfuError(e: unknown): WhipResponse {
  if (e instanceof SfuError) {
    switch (e.code) {
      case 'INVALID_SDP':
        return problem(400, e.code, e.message);
      case 'ROOM_HAS_PUBLISHER':
        return problem(409, e.code, 'Someone is already publishing into this room');
      case 'SESSION_NOT_FOUND':
        return problem(404, 'NOT_FOUND', 'No such session');
      case 'SFU_CLOSED':
        return problem(503, e.code, e.message);
    }
  }
  throw e;
}

async function handle(sfu: Sfu, role: 'publisher' | 'viewer', req: WhipRequest, ctx: WhipContext): Promise<WhipResponse> {
  const method = req.method.toUpperCase();
  const base = ctx.basePath.replace(/\/+$/, '');

  if (req.sessionId !== undefined) {
    const info = sfu.session(req.sessionId);
    // A session of another room or of the other role does not exist as far as this endpoint is concerned.
    if (!info || info.roomId !== ctx.roomId || info.role !== role) {
      if (method === 'OPTIONS' || method === 'DELETE' || method === 'PATCH') return problem(404, 'NOT_FOUND', 'No such session');
    }
    switch (method) {
      case 'OPTIONS':
        return { status: 204, headers: { Allow: SESSION_ALLOW }, body: '' };
      case 'DELETE':
        try {
          await sfu.end(req.sessionId);
        } catch (e) {
          return fromSfuError(e);
        }
        return { status: 200, headers: {}, body: '' };
      default:
        // PATCH would be trickle ICE or an ICE restart; this server answers with every candidate up front.
        return problem(405, 'METHOD_NOT_ALLOWED', `${method} is not supported on a session`, {
          Allow: SESSION_ALLOW,
        });
    }
  }

  switch (method) {
    case 'OPTIONS':
      return {
        status: 204,
        headers: { Allow: ENDPOINT_ALLOW, 'Accept-Post': SDP, ...linkHeader(ctx.iceServers) },
        body: '',
      };
    case 'POST': {
      if (!isSdp(req.contentType))
        return problem(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the SDP offer as ${SDP}`, { 'Accept-Post': SDP });
      const offer = bodyText(req.body);
      if (!offer.trim()) return problem(400, 'INVALID_SDP', 'The body must be an SDP offer');
      try {
        const { sessionId, answerSdp } =
          role === 'publisher' ? await sfu.publish(ctx.roomId, offer) : await sfu.subscribe(ctx.roomId, offer);
        return {
          status: 201,
          headers: {
            'Content-Type': SDP,
            Location: `${base}/${sessionId}`,
            ETag: `"${sessionId}"`,
            ...linkHeader(ctx.iceServers),
          },
          body: answerSdp,
        };
      } catch (e) {
        return fromSfuError(e);
      }
    }
    default:
      return problem(405, 'METHOD_NOT_ALLOWED', `${method} is not supported here`, { Allow: ENDPOINT_ALLOW });
  }
}

/** WHIP endpoint (the DJ's encoder publishes). POST <basePath>, DELETE/PATCH/OPTIONS <basePath>/<sessionId>. */
export function handleWhip(sfu: Sfu, req: WhipRequest, ctx: WhipContext): Promise<WhipResponse> {
  return handle(sfu, 'publisher', req, ctx);
}

/** WHEP endpoint (a viewer plays). Same contract as WHIP with the roles reversed. */
export function handleWhep(sfu: Sfu, req: WhipRequest, ctx: WhipContext): Promise<WhipResponse> {
  return handle(sfu, 'viewer', req, ctx);
}
