import { z } from 'zod';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'System';
/** The plumbing routes of system.routes.ts, documented like every feature's (so the sweeps in npm test cover them). */
export const systemOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/health',
    tag,
    summary: 'Liveness and database reachability (503 when the database does not answer)',
    response: {
      status: 200,
      schema: z.object({
        status: z.enum(['ok', 'degraded']),
        database: z.object({ kind: z.string(), status: z.string(), latencyMs: z.number().optional() }),
      }),
    },
  },
  {
    method: 'get',
    path: '/config',
    tag,
    summary: 'The settings the web app may see (no secrets)',
    response: { status: 200, schema: z.record(z.string(), z.unknown()) },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag,
    summary: 'This document',
    response: { status: 200, schema: z.record(z.string(), z.unknown()) },
  },
  {
    method: 'get',
    path: '/docs',
    tag,
    summary: 'A reference page rendering this document',
    response: { status: 200, contentType: 'text/html' },
  },
];
