import { Router } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../../errors.ts';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { publicConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { isDirectLoopback } from '../../http/loopback.ts';
import { resource } from '../../http/route.ts';
import { parseInput } from '../../http/validate.ts';
import type { ApiOperation } from '../../http/openapi.ts';
import { API_DOCS_INIT_JS, buildOpenApi, renderApiDocsHtml } from '../../http/openapi.ts';
import type { MailProvider } from '../../providers/mail/mail.ts';
import type { createOutboxMail } from '../../providers/mail/outbox.ts';

const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const OutboxQuerySchema = z.object({ to: z.string().trim().max(254).optional() });

/** /api/health, /api/config, /api/openapi.json, /api/docs and (DEV_OUTBOX=true, loopback only) /api/dev/outbox. */
export function createSystemRouter(d: {
  config: Config;
  database: Database;
  mail: MailProvider;
  operations: () => ApiOperation[];
}): Router {
  const r = Router();

  resource(r, '/health', {
    get: async (_req, res) => {
      const t0 = performance.now();
      try {
        await d.database.ping();
        res.json({
          status: 'ok',
          database: { kind: d.database.kind, status: 'ok', latencyMs: +(performance.now() - t0).toFixed(2) },
        });
      } catch {
        res.status(503).json({ status: 'degraded', database: { kind: d.database.kind, status: 'unreachable' } });
      }
    },
  });

  resource(r, '/config', { get: (_req, res) => void res.json(publicConfig(d.config)) });

  let doc: unknown;
  resource(r, '/openapi.json', {
    get: (_req, res) => {
      doc ??= buildOpenApi(d.operations(), { version: '0.1.0', serverUrl: d.config.PUBLIC_URL });
      res.json(doc);
    },
  });
  resource(r, '/docs', { get: (_req, res) => void res.type('html').send(renderApiDocsHtml()) });
  resource(r, '/docs/init.js', { get: (_req, res) => void res.type('js').send(API_DOCS_INIT_JS) });
  // Only the two files the page needs (no source maps, no sample index.html with its inline script).
  for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
    resource(r, `/docs/${file}`, {
      get: (_req, res) => void res.set('Cache-Control', 'public, max-age=86400').sendFile(join(SWAGGER_UI_DIR, file)),
    });
  }

  // The outbox holds every mailed link (verification, password reset): readable by anyone, it hands over every
  // account (issue 17). So only when explicitly enabled, never in production, and only from this machine.
  if (d.config.DEV_OUTBOX && d.config.NODE_ENV !== 'production' && d.mail.kind === 'outbox') {
    const outbox = d.mail as ReturnType<typeof createOutboxMail>;
    resource(r, '/dev/outbox', {
      get: async (req, res) => {
        if (!isDirectLoopback(req))
          throw new AppError('FORBIDDEN', { detail: 'The dev outbox is readable only from the machine the server runs on.' });
        const { to } = parseInput(OutboxQuerySchema, req.query, 'query');
        const rows = await outbox.list({ to, limit: 50 });
        res.json({ messages: rows.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) });
      },
    });
  }
  return r;
}
