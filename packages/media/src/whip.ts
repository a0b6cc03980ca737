// WHIP (publish) and WHEP (play) per RFC 9725 / the WHEP draft, without any HTTP framework: the server app
// authorizes the caller, resolves the room id, turns its request into a WhipRequest and writes the WhipResponse
// back. Non-trickle only: the answer carries all candidates, so PATCH (trickle ICE / ICE restart) is 405.
import type { ErrorCode } from '@partystream/shared/problem';
import { SfuError } from './errors.ts';
import type { Sfu } from './sfu.ts';
import type { IceServer } from './types.ts';

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
  /**
   * Appended to the session URL in `Location` (e.g. `?invite=<code>`): whatever authorises the caller on the
   * endpoint must authorise the DELETE on the session too, and RFC 9725 clients use the Location as given.
   */
  sessionQuery?: string;
  /** STUN/TURN servers announced to the client as `Link: <url>; rel="ice-server"` headers on 201. */
  iceServers?: IceServer[];
}

const SDP = 'application/sdp';
const ENDPOINT_ALLOW = 'OPTIONS, POST';
const SESSION_ALLOW = 'OPTIONS, DELETE';

/** Status and title of each problem code whip.ts answers with (codes from the shared list, problem.ts). */
const PROBLEMS = {
  STREAM_SDP_INVALID: [400, 'The SDP offer is not valid'],
  STREAM_CODEC_UNSUPPORTED: [400, 'No supported audio or video codec in the offer'],
  PAYLOAD_TOO_LARGE: [413, 'The request body is too large'],
  NOT_FOUND: [404, 'Not found'],
  METHOD_NOT_ALLOWED: [405, 'Method not allowed'],
  STREAM_ROOM_HAS_PUBLISHER: [409, 'Someone is already live in this party'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'Unsupported content type'],
  STREAMING_UNAVAILABLE: [503, 'The streaming service is unavailable'],
} as const satisfies Partial<Record<ErrorCode, readonly [number, string]>>;

/** An RFC 9457 problem document, the same shape the server's error handler writes. */
function problem(code: keyof typeof PROBLEMS, detail: string, headers: Record<string, string> = {}): WhipResponse {
  const [status, title] = PROBLEMS[code];
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
        return problem('STREAM_SDP_INVALID', e.message);
      case 'UNSUPPORTED_CODEC':
        return problem('STREAM_CODEC_UNSUPPORTED', e.message);
      case 'SDP_TOO_LARGE':
        return problem('PAYLOAD_TOO_LARGE', e.message);
      case 'ROOM_HAS_PUBLISHER':
        return problem(
          'STREAM_ROOM_HAS_PUBLISHER',
          'This party is already live from another encoder or browser tab. Stop that one first, then publish again.',
        );
      case 'SESSION_NOT_FOUND':
        return problem('NOT_FOUND', 'No such session');
      case 'SFU_CLOSED':
        return problem('STREAMING_UNAVAILABLE', e.message);
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
      if (method === 'OPTIONS' || method === 'DELETE' || method === 'PATCH') return problem('NOT_FOUND', 'No such session');
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
        return problem('METHOD_NOT_ALLOWED', `${method} is not supported on a session`, {
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
        return problem('UNSUPPORTED_MEDIA_TYPE', `Send the SDP offer as ${SDP}`, { 'Accept-Post': SDP });
      const offer = bodyText(req.body);
      if (!offer.trim()) return problem('STREAM_SDP_INVALID', 'The body must be an SDP offer');
      try {
        const { sessionId, answerSdp } =
          role === 'publisher' ? await sfu.publish(ctx.roomId, offer) : await sfu.subscribe(ctx.roomId, offer);
        return {
          status: 201,
          headers: {
            'Content-Type': SDP,
            Location: `${base}/${sessionId}${ctx.sessionQuery ?? ''}`,
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
      return problem('METHOD_NOT_ALLOWED', `${method} is not supported here`, { Allow: ENDPOINT_ALLOW });
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
