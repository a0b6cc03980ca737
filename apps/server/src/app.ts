/**
 * createApp(deps): the Express app. Plumbing order matters: request id + logging, security headers, CORS (only
 * when configured), body parsers with limits, CSRF origin check, session; then /api routers, the /api 404, the
 * built web app (public pages rendered on the server, the rest an SPA shell), and finally the problem+json error handler.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';
import { redactUrl, serializeError } from './logger.ts';
import { originCheck } from './http/csrf.ts';
import { apiNotFound, problemHandler } from './http/problem.ts';
import { loadSession } from './http/session.ts';
import { refuseNul } from './http/validate.ts';
import { createAuthRouter } from './features/auth/auth.routes.ts';
import { createAccountRouter } from './features/account/account.routes.ts';
import { createSystemRouter } from './features/system/system.routes.ts';
import { createDjRouter } from './features/dj/dj.routes.ts';
import { createFilesRouter } from './features/media-files/files.routes.ts';
import { createBackdropRouter } from './features/backdrop/backdrop.routes.ts';
import { createBookingRouter } from './features/booking/booking.routes.ts';
import { createPartyRouter } from './features/party/party.routes.ts';
import { createAdminRouter } from './features/admin/admin.routes.ts';
import { createModerationRouter } from './features/admin/moderation.routes.ts';
import { createLicenceRouter } from './features/licence/licence.routes.ts';
import { createPaymentRouter } from './features/payment/payment.routes.ts';
import { createStreamRouter } from './features/stream/stream.routes.ts';
import { apiCors } from './http/cors.ts';
import { createCalendarRouter } from './features/availability/availability.routes.ts';
import { createCalendarFeedRouter } from './features/calendar/calendar.routes.ts';
import { createReviewRouter } from './features/review/review.routes.ts';
import { createNotificationRouter } from './features/notification/notification.routes.ts';
import { createMailSettingsRouter, createUnsubscribeRouter } from './features/notification/mail/mail.routes.ts';
import { createCrawlerRouter, createWebAppRouter } from './features/public-pages/pages.routes.ts';
import { createPublicPagesService } from './features/public-pages/pages.service.ts';
import { loadPageRenderer, type PageRenderer } from './features/public-pages/renderer.ts';
import { BOOT_SCRIPT_CSP } from './features/public-pages/boot-script.ts';
import { publicConfig } from './config.ts';

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const BODY_TYPES = ['application/json', 'application/sdp', 'application/trickle-ice-sdpfrag', 'multipart/form-data'];

/** The built web app to serve, if any: its folder and its server renderer (features/public-pages, issue 20). */
export interface WebApp {
  webDist: string;
  renderer: PageRenderer | null;
}

/** Finds the built web app (WEB_DIST_DIR, default apps/web/dist; '' serves none) and loads its server renderer. */
export async function loadWebApp(config: Deps['config']): Promise<WebApp> {
  const webDist = config.WEB_DIST_DIR === undefined ? DEFAULT_WEB_DIST : config.WEB_DIST_DIR ? resolve(config.WEB_DIST_DIR) : '';
  const built = webDist && existsSync(join(webDist, 'index.html'));
  return { webDist, renderer: built ? await loadPageRenderer(webDist) : null };
}

export function createApp(deps: Deps, web: WebApp = { webDist: '', renderer: null }): Express {
  const { config } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger: deps.log,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
    }),
  );

  // gzip for the web app and JSON (a phone on a slow link downloads the app bundle at a third of its size).
  // WHIP/WHEP answers stay uncompressed: their clients (OBS) need not speak gzip.
  app.use(compression({ filter: (req, res) => !req.path.startsWith('/api/streams') && compression.filter(req, res) }));

  // Stripe.js and its Payment Element frames, only when payments go through Stripe (https://docs.stripe.com/security/guide#content-security-policy).
  const stripe = config.PAYMENTS_PROVIDER === 'stripe';
  const stripeJsOrigin = config.STRIPE_JS_URL ? new URL(config.STRIPE_JS_URL).origin : null;
  // amazon-ivs-web-broadcast talks HTTPS (and WSS, already allowed) to IVS's live-video.net hosts, only with the IVS twin.
  const ivs = config.STREAMING_PROVIDER === 'ivs';
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': [
            "'self'",
            // The public pages' one inline script, which starts the app after the page has loaded (decision 042).
            BOOT_SCRIPT_CSP,
            ...(stripe ? ['https://js.stripe.com', 'https://*.js.stripe.com'] : []),
            ...(stripe && stripeJsOrigin ? [stripeJsOrigin] : []),
            // WebAssembly for the go-live page's background segmentation (decision 036); JS eval stays refused.
            "'wasm-unsafe-eval'",
          ],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:', ...(stripe ? ['https://*.stripe.com'] : [])],
          'media-src': ["'self'", 'blob:', 'mediastream:'],
          // A Stripe.js served from elsewhere (a test's stand-in) talks to its own origin, as Stripe.js talks to api.stripe.com.
          'connect-src': [
            "'self'",
            'ws:',
            'wss:',
            ...(stripe ? ['https://api.stripe.com'] : []),
            ...(stripe && stripeJsOrigin ? [stripeJsOrigin] : []),
            ...(ivs ? ['https://*.live-video.net'] : []),
          ],
          // Sample players (privacy-enhanced where the service offers it).
          'frame-src': [
            'https://www.youtube-nocookie.com',
            'https://w.soundcloud.com',
            'https://www.mixcloud.com',
            'https://player-widget.mixcloud.com',
            ...(stripe ? ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'] : []),
          ],
          'upgrade-insecure-requests': config.PUBLIC_URL.startsWith('https:') ? [] : null,
        },
      },
      hsts: config.PUBLIC_URL.startsWith('https:'),
    }),
  );
  if (config.CORS_ORIGINS.length) app.use('/api', apiCors(config.CORS_ORIGINS));

  // One-click unsubscribe (RFC 8058) is posted by mail providers as a form, without a cookie: before the JSON-only check.
  app.use('/api/mail', createUnsubscribeRouter(deps.mails));
  app.use(cookieParser());
  // Bodies that are present must be of a type we read; everything else is a 415, not a silent empty body.
  app.use('/api', (req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && !BODY_TYPES.some((t) => req.is(t))) {
      return next(
        new AppError('UNSUPPORTED_MEDIA_TYPE', {
          detail: `Send the body as application/json (got ${req.get('content-type') ?? 'no Content-Type'}).`,
        }),
      );
    }
    next();
  });
  app.use(
    '/api',
    express.json({
      limit: config.BODY_LIMIT,
      strict: false,
      // Kept for signature checks of webhooks (the signature covers the exact bytes).
      verify: (req, _res, buf) => {
        (req as unknown as { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  app.use('/api', express.text({ type: ['application/sdp', 'application/trickle-ice-sdpfrag'], limit: '128kb' }));
  app.use('/api', refuseNul);
  app.use(originCheck(config.PUBLIC_URL, config.CORS_ORIGINS));
  app.use(loadSession(deps.tokens, deps.auth));

  app.use('/api', createSystemRouter({ config, database: deps.database, mail: deps.mail, operations: () => deps.operations }));
  app.use('/api/auth', createAuthRouter(deps.auth, deps.tokens));
  app.use('/api/me/notification-settings', createMailSettingsRouter(deps.mails));
  app.use('/api/me', createAccountRouter(deps.account, deps.tokens));
  // Feature routers: one line per feature, plural resource paths (features/booking serves /api/bookings).
  app.use('/api/calendar', createCalendarRouter(deps.availability), createCalendarFeedRouter(deps.calendar));
  app.use('/api/djs/me/backdrop', createBackdropRouter(deps.backdrop, { uploadMaxBytes: config.UPLOAD_MAX_BYTES }));
  app.use('/api/djs', createDjRouter(deps.dj, deps.availability, { uploadMaxBytes: config.UPLOAD_MAX_BYTES }));
  app.use('/api/files', createFilesRouter(deps.storage));
  app.use('/api/bookings', createBookingRouter(deps.booking));
  app.use('/api/parties', createPartyRouter(deps.party, deps.partyEnd));
  app.use('/api/admin', createAdminRouter(deps.admin, deps.ledger, deps.licence));
  app.use('/api/moderation', createModerationRouter(deps.admin));
  app.use('/api/licences', createLicenceRouter(deps.licence, { maxBytes: config.LICENCE_MAX_BYTES }));
  app.use('/api/payments', createPaymentRouter(deps.paymentService));
  app.use('/api/reviews', createReviewRouter(deps.review));
  app.use('/api/notifications', createNotificationRouter(deps.inbox));
  app.use(
    '/api/streams',
    createStreamRouter(deps.stream, deps.sfu, (role) => deps.iceServers.forClient(role, deps.clock.now()), deps.limits),
  );
  app.use('/api', apiNotFound);

  const pages = createPublicPagesService({ dj: deps.dj, review: deps.review, publicUrl: config.PUBLIC_URL });
  app.use(createCrawlerRouter(pages));
  const { webDist } = web;
  if (webDist && existsSync(join(webDist, 'index.html'))) {
    app.use(
      createWebAppRouter({
        webDist,
        production: config.NODE_ENV === 'production',
        publicUrl: config.PUBLIC_URL,
        publicConfig: publicConfig(config),
        pages,
        renderer: web.renderer,
      }),
    );
  } else if (webDist) {
    deps.log.warn({ webDist }, 'web app not built; run `npm run build` to serve it');
  }

  app.use(problemHandler);
  return app;
}
