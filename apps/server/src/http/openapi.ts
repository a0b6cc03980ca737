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

/** A dependency-free reference page that renders the document (no CDN: the app must work offline). */
export function renderApiDocsHtml(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>PartyStream API</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#0f0b1e;color:#eee}main{max-width:960px;margin:auto;padding:24px}
h1{color:#ff4fd8}.op{border:1px solid #3a2f5e;border-radius:8px;margin:10px 0;padding:10px 14px;background:#181230}
.m{display:inline-block;min-width:64px;font-weight:700;text-transform:uppercase}.get{color:#4fd1ff}.post{color:#5cff9d}
.delete{color:#ff6b6b}.put,.patch{color:#ffd24f}code{color:#ffd24f}details pre{white-space:pre-wrap;font-size:12px;background:#0b0816;padding:8px;border-radius:6px}
</style></head><body><main><h1>PartyStream API</h1><p>Generated from the shared zod schemas: <a style="color:#4fd1ff" href="/api/openapi.json">openapi.json</a>.
Errors are <code>application/problem+json</code>.</p><div id="ops">Loading…</div></main>
<script>
fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{const el=document.getElementById('ops');el.textContent='';
for(const [p,ops] of Object.entries(doc.paths)){for(const [m,op] of Object.entries(ops)){const d=document.createElement('div');d.className='op';
const h=document.createElement('div');const s=document.createElement('span');s.className='m '+m;s.textContent=m;h.append(s,' ',Object.assign(document.createElement('code'),{textContent:p}),' — '+(op.summary||''));
const det=document.createElement('details');const sum=document.createElement('summary');sum.textContent='schema';const pre=document.createElement('pre');pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);
det.append(sum,pre);d.append(h,det);el.append(d);}}});
</script></body></html>`;
}
