/**
 * OpenAPI 3.1 document generated from the same zod schemas the server validates with (zod 4's JSON Schema
 * output is draft 2020-12, which OpenAPI 3.1 uses as is). Each feature lists its operations in
 * `<feature>.openapi.ts`; deps.ts collects them.
 */
import { z } from 'zod';
import { ProblemSchema } from '@partystream/shared/problem';

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';
  /** Express-style path under /api, e.g. `/bookings/:id`. */
  path: string;
  summary: string;
  tag: string;
  auth?: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Content type of the body when not JSON (e.g. application/sdp). */
  bodyType?: string;
  response?: { status: number; schema?: z.ZodType; description?: string; contentType?: string };
}

const toJson = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

export function buildOpenApi(ops: ApiOperation[], info: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const path = `/api${op.path}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', op.params],
      ['query', op.query],
    ] as const) {
      if (!schema) continue;
      const js = toJson(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    const res = op.response ?? { status: 200 };
    paths[path] ??= {};
    paths[path][op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth ? { security: [{ session: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { [op.bodyType ?? 'application/json']: { schema: toJson(op.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [String(res.status)]: {
          description: res.description ?? 'Success',
          ...(res.schema
            ? { content: { [res.contentType ?? 'application/json']: { schema: toJson(res.schema, 'output') } } }
            : {}),
        },
        '4XX': {
          description: 'Problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'PartyStream API', version: info.version, description: 'Every error is an RFC 9457 problem document.' },
    servers: [{ url: info.serverUrl }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ps_session' } },
      schemas: { Problem: toJson(ProblemSchema, 'output') },
    },
    paths,
  };
}

/**
 * The API reference page: Swagger UI (`swagger-ui-dist`, served from our own origin under /api/docs/, no CDN: the
 * app works offline) reading /api/openapi.json. No inline script, so the CSP needs no `script-src 'unsafe-inline'`
 * (issue 17); the start-up call lives in /api/docs/init.js (`API_DOCS_INIT_JS`).
 */
export function renderApiDocsHtml(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>PartyStream API</title><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="docs"></div><script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;
}

/** Starts Swagger UI on the generated document; no calls to outside validators. */
export const API_DOCS_INIT_JS = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true, validatorUrl: null });\n`;
