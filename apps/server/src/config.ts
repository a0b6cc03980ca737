/**
 * The only reader of process.env. Every setting is parsed once at start-up by one zod schema; a bad or missing
 * setting stops the server with a message naming it and saying what is expected. `publicConfig()` is the
 * explicit subset the web app may see — secrets never leave this module's callers on the server.
 */
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A comma-separated list of ICE server URLs of one scheme family; empty = none. */
const iceUrls = (scheme: RegExp, message: string) =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .refine((urls) => urls.every((u) => scheme.test(u) && /^[a-z]+:[\w.\-[\]:]+(\?transport=(udp|tcp))?$/i.test(u)), message);

const bool = z.enum(['true', 'false', '1', '0'], { error: 'expected true or false' }).transform((v) => v === 'true' || v === '1');

const ConfigSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { error: 'expected development, production or test' })
      .default('development'),
    PORT: z.coerce
      .number({ error: 'expected a port number' })
      .int()
      .min(0)
      .max(65535, 'expected a port number 0-65535')
      .default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** Origin the app is reached at; used in mailed links and for the CSRF origin check. */
    PUBLIC_URL: z.url({ error: 'expected an absolute URL such as https://party.example.com' }).optional(),
    /** Folder for the embedded PGlite database and other local state (relative to where npm was run). */
    DATA_DIR: z.string().min(1).default('./data'),
    /** Set by npm to the folder the command was run from; relative DATA_DIR resolves against it. */
    INIT_CWD: z.string().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection URL')
      .optional(),
    /** Signs session JWTs; at least 32 characters. Generated into DATA_DIR when absent outside production. */
    SESSION_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
    SESSION_TTL_DAYS: z.coerce.number({ error: 'expected a number of days' }).int().min(1).max(365).default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)$/i, 'expected a size such as 100kb')
      .default('100kb'),
    /** Comma-separated origins allowed to call the API cross-origin; none by default. */
    CORS_ORIGINS: z.string().optional(),
    TRUST_PROXY: bool.default(false),
    /**
     * Failed logins allowed per account + IP pair in a 15-minute window (an IP failing across accounts: 10×). The
     * owner logging in from elsewhere, or other people behind the same IP, are not locked out (issue 17).
     */
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
    /** Party-room connections one invite may hold at once; a newer one takes the seat of the oldest (issue 17). */
    INVITE_MAX_SEATS: z.coerce.number({ error: 'expected a whole number' }).int().min(1).max(20).default(1),
    /** Invite mails (they cost money): per party per hour and per host per day (issue 18). */
    INVITE_MAILS_PER_PARTY_HOUR: z.coerce.number({ error: 'expected a whole number' }).int().min(1).max(1000).default(40),
    INVITE_MAILS_PER_HOST_DAY: z.coerce.number({ error: 'expected a whole number' }).int().min(1).max(10_000).default(100),
    /** Socket.io connections one IP may hold open at once on one server process (issue 17). */
    SOCKET_MAX_PER_IP: z.coerce.number({ error: 'expected a whole number' }).int().min(1).max(100_000).default(50),
    /** Days after a party's end before its chat messages are deleted by the daily retention job (decision 026). */
    RETENTION_CHAT_DAYS: z.coerce.number({ error: 'expected a number of days' }).int().min(1).max(3650).default(90),
    /** Days after a session was last used before its IP address is forgotten by the retention job. */
    RETENTION_SESSION_IP_DAYS: z.coerce.number({ error: 'expected a number of days' }).int().min(1).max(3650).default(30),
    /** Data exports (GET /api/me/export) one user may download per hour. */
    EXPORT_MAX_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
    MAIL_PROVIDER: z.enum(['outbox', 'smtp'], { error: 'expected outbox or smtp' }).default('outbox'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'expected smtp://user:pass@host:port or smtps://…')
      .optional(),
    MAIL_FROM: z.string().min(3).default('PartyStream <no-reply@partystream.local>'),
    /**
     * Serve the outbox's mail (password-reset and sign-in links included) at /api/dev/outbox and /dev/outbox, to
     * callers on this machine only (loopback, no proxy headers). Off by default so `npm start` is safe to expose
     * (issue 17); refused in production and with SMTP.
     */
    DEV_OUTBOX: bool.default(false),
    /** When both are set, an admin account with these credentials is ensured at start-up. */
    ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
    ADMIN_PASSWORD: z.string().min(12, 'expected at least 12 characters').optional(),
    /** Folder of the built web app to serve; empty disables serving it. */
    WEB_DIST_DIR: z.string().optional(),
    /** Redis for real-time fan-out across processes (Socket.io Redis adapter); unset = in-process. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'expected redis://host:port')
      .optional(),
    /** Channel prefix of the Socket.io Redis adapter: processes with the same one share rooms (default socket.io). */
    REDIS_CHANNEL_PREFIX: z
      .string()
      .regex(/^[\w.#-]{1,40}$/, 'expected up to 40 letters, digits, dots, dashes or #')
      .default('socket.io'),
    /** Prefix of the abuse-limit keys in their store (Redis or Postgres), e.g. to keep deployments or test runs apart. */
    RATE_LIMIT_PREFIX: z
      .string()
      .regex(/^[\w.-]{1,40}$/, 'expected up to 40 letters, digits, dots or dashes')
      .optional(),
    STORAGE_PROVIDER: z.enum(['disk', 's3'], { error: 'expected disk or s3' }).default('disk'),
    S3_BUCKET: z.string().min(3).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    /** S3-compatible endpoint (R2, MinIO, Supabase); unset = AWS. */
    S3_ENDPOINT: z.url().optional(),
    S3_FORCE_PATH_STYLE: bool.default(false),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    /** Largest accepted image upload. */
    UPLOAD_MAX_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(5_000_000),
    /**
     * What a DJ without a verified music licence may do (issue 16): `off` nothing is checked; `warn` the DJ is told
     * but may go live; `required` going live (browser and WHIP) is refused until an admin approved their proof.
     */
    LICENCE_POLICY: z.enum(['off', 'warn', 'required'], { error: 'expected off, warn or required' }).default('warn'),
    /** Largest accepted music-licence proof (PDF or image). */
    LICENCE_MAX_BYTES: z.coerce.number().int().min(10_000).max(50_000_000).default(10_000_000),
    PAYMENTS_PROVIDER: z.enum(['local', 'stripe'], { error: 'expected local or stripe' }).default('local'),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_\w+$/, 'expected a Stripe secret key (sk_test_… or sk_live_…)')
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\w+$/, 'expected a webhook signing secret (whsec_…)')
      .optional(),
    /** Publishable key for Stripe.js on the checkout page; not a secret, but checked so a secret key cannot be put here. */
    STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_\w+$/, 'expected a Stripe publishable key (pk_test_… or pk_live_…)')
      .optional(),
    /** Where the checkout page loads Stripe.js from; unset = Stripe's own https://js.stripe.com (tests point it at a local stand-in). */
    STRIPE_JS_URL: z.url({ error: 'expected an absolute URL of Stripe.js' }).optional(),
    /** Offer only 127.0.0.1 ICE candidates (same-machine testing). */
    SFU_ICE_LOOPBACK: bool.default(false),
    /** Public address to announce as an extra ICE host candidate (server behind 1:1 NAT). */
    SFU_PUBLIC_IP: z
      .string()
      .regex(/^[\d.:a-fA-F]+$/, 'expected an IP address')
      .optional(),
    /** UDP port range for WebRTC, e.g. 40000-40999 (open it in the firewall). */
    SFU_UDP_PORTS: z
      .string()
      .regex(/^\d{4,5}-\d{4,5}$/, 'expected MIN-MAX, e.g. 40000-40999')
      .optional(),
    /**
     * Worker threads that encrypt and send to the SFU's viewers (forwarding spread over cores). Unset = one per
     * CPU core, or 0 under NODE_ENV=test (test servers start by the dozen); 0 = all in the main thread.
     */
    SFU_FORWARD_WORKERS: z.coerce
      .number({ error: 'expected a whole number' })
      .int('expected a whole number')
      .min(0)
      .max(32)
      .optional(),
    /**
     * Playout-delay hint for viewers' video, `MIN-MAX` in ms (10 ms steps), or `off` to let the browser size its
     * jitter buffer itself. Default 0-0: show each frame as soon as it is decoded (lowest latency).
     */
    SFU_VIDEO_PLAYOUT_DELAY: z
      .string()
      .regex(/^(off|\d{1,5}-\d{1,5})$/, 'expected MIN-MAX in milliseconds (e.g. 0-100) or off')
      .refine((v) => v === 'off' || Number(v.split('-')[0]) <= Number(v.split('-')[1]), 'MIN must not be above MAX')
      .refine((v) => v === 'off' || Number(v.split('-')[1]) <= 40950, 'MAX is at most 40950 ms')
      .default('0-0'),
    /** Nice value (-20 … 19) for the SFU's forwarding worker threads; negative = ahead of other work (needs CAP_SYS_NICE). */
    SFU_FORWARD_NICE: z.coerce
      .number({ error: 'expected a whole number from -20 to 19' })
      .int('expected a whole number from -20 to 19')
      .min(-20)
      .max(19)
      .optional(),
    /** STUN servers, comma-separated `stun:host:port` URLs: the SFU learns its public address; browsers get them too. */
    SFU_STUN_URLS: iceUrls(/^stuns?:/, 'expected comma-separated stun: URLs (e.g. stun:stun.example.net:3478)'),
    /** TURN servers for browsers and OBS behind strict firewalls, comma-separated `turn:`/`turns:` URLs. */
    SFU_TURN_URLS: iceUrls(
      /^turns?:/,
      'expected comma-separated turn: or turns: URLs (e.g. turns:turn.example.net:443?transport=tcp)',
    ),
    /** The TURN server's shared secret (coturn `static-auth-secret`): clients get 12-hour credentials made from it. */
    SFU_TURN_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
    /** Where the party's media flows: the embedded SFU or Amazon IVS Real-Time stages. */
    STREAMING_PROVIDER: z.enum(['embedded', 'ivs'], { error: 'expected embedded or ivs' }).default('embedded'),
    /** AWS region of the IVS Real-Time stages, e.g. eu-west-1 (required with STREAMING_PROVIDER=ivs). */
    IVS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1')
      .optional(),
    /** Another IVS Real-Time endpoint than AWS's (tests, local stand-ins). */
    IVS_ENDPOINT: z.url({ error: 'expected an absolute URL' }).optional(),
    /** Explicit AWS credentials for IVS; unset = the SDK's default chain (env, shared config, instance role). */
    IVS_ACCESS_KEY_ID: z.string().min(16).optional(),
    IVS_SECRET_ACCESS_KEY: z.string().min(16).optional(),
    /** Run the background jobs runner in this process. */
    JOBS_ENABLED: bool.default(true),
  })
  .superRefine((c, ctx) => {
    if (c.MAIL_PROVIDER === 'smtp' && !c.SMTP_URL)
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'required when MAIL_PROVIDER=smtp' });
    if (c.DEV_OUTBOX && c.NODE_ENV === 'production')
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_OUTBOX'],
        message: 'not allowed in production (it shows mailed sign-in links)',
      });
    if (c.DEV_OUTBOX && c.MAIL_PROVIDER !== 'outbox')
      ctx.addIssue({ code: 'custom', path: ['DEV_OUTBOX'], message: 'needs MAIL_PROVIDER=outbox' });
    if (c.NODE_ENV === 'production' && !c.SESSION_SECRET)
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required in production (at least 32 characters)' });
    if (c.NODE_ENV === 'production' && !c.PUBLIC_URL)
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'required in production' });
    if (c.PAYMENTS_PROVIDER === 'stripe' && !c.STRIPE_SECRET_KEY)
      ctx.addIssue({ code: 'custom', path: ['STRIPE_SECRET_KEY'], message: 'required when PAYMENTS_PROVIDER=stripe' });
    if (c.PAYMENTS_PROVIDER === 'stripe' && !c.STRIPE_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['STRIPE_WEBHOOK_SECRET'], message: 'required when PAYMENTS_PROVIDER=stripe' });
    if (c.PAYMENTS_PROVIDER === 'stripe' && !c.STRIPE_PUBLISHABLE_KEY)
      ctx.addIssue({ code: 'custom', path: ['STRIPE_PUBLISHABLE_KEY'], message: 'required when PAYMENTS_PROVIDER=stripe' });
    if (
      c.STRIPE_SECRET_KEY &&
      c.STRIPE_PUBLISHABLE_KEY &&
      c.STRIPE_SECRET_KEY.split('_')[1] !== c.STRIPE_PUBLISHABLE_KEY.split('_')[1]
    )
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_PUBLISHABLE_KEY'],
        message: 'test and live keys do not match (both pk_test_/sk_test_ or both live)',
      });
    if (c.STORAGE_PROVIDER === 's3' && !c.S3_BUCKET)
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when STORAGE_PROVIDER=s3' });
    if (c.STREAMING_PROVIDER === 'ivs' && !c.IVS_REGION)
      ctx.addIssue({ code: 'custom', path: ['IVS_REGION'], message: 'required when STREAMING_PROVIDER=ivs (e.g. eu-west-1)' });
    if (Boolean(c.IVS_ACCESS_KEY_ID) !== Boolean(c.IVS_SECRET_ACCESS_KEY))
      ctx.addIssue({
        code: 'custom',
        path: [c.IVS_ACCESS_KEY_ID ? 'IVS_SECRET_ACCESS_KEY' : 'IVS_ACCESS_KEY_ID'],
        message: 'IVS_ACCESS_KEY_ID and IVS_SECRET_ACCESS_KEY go together',
      });
    if (c.SFU_TURN_URLS.length && !c.SFU_TURN_SECRET)
      ctx.addIssue({ code: 'custom', path: ['SFU_TURN_SECRET'], message: 'required when SFU_TURN_URLS is set' });
    if (Boolean(c.ADMIN_EMAIL) !== Boolean(c.ADMIN_PASSWORD))
      ctx.addIssue({
        code: 'custom',
        path: [c.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'],
        message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together',
      });
  });

type RawConfig = z.infer<typeof ConfigSchema>;

export type Config = Omit<RawConfig, 'SESSION_SECRET' | 'PUBLIC_URL' | 'CORS_ORIGINS' | 'DATA_DIR'> & {
  SESSION_SECRET: string;
  PUBLIC_URL: string;
  CORS_ORIGINS: string[];
  DATA_DIR: string;
  /** Whether PUBLIC_URL or PORT was given (else the address is the default http://localhost:3000). */
  publicUrlGiven: boolean;
};

export class ConfigError extends Error {
  constructor(readonly issues: { name: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.name}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws ConfigError naming every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '(config)');
        const got = cleaned[name];
        const secret = /SECRET|PASSWORD|KEY|TOKEN|URL/.test(name);
        return { name, message: `${i.message}${got !== undefined && !secret ? ` (got "${got}")` : ''}` };
      }),
    );
  }
  const c = parsed.data;
  const dataDir = resolve(c.INIT_CWD ?? '.', c.DATA_DIR);
  return {
    ...c,
    DATA_DIR: dataDir,
    PUBLIC_URL: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    publicUrlGiven: c.PUBLIC_URL !== undefined || cleaned.PORT !== undefined,
    SESSION_SECRET: c.SESSION_SECRET ?? devSessionSecret(dataDir),
    CORS_ORIGINS: (c.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

/** Outside production a secret is generated once and kept in DATA_DIR so sessions survive restarts. */
function devSessionSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** What the browser may know. Add fields deliberately; never a secret. */
export function publicConfig(c: Config) {
  return {
    environment: c.NODE_ENV,
    publicUrl: c.PUBLIC_URL,
    devOutbox: c.DEV_OUTBOX,
  };
}
export type PublicConfig = ReturnType<typeof publicConfig>;
