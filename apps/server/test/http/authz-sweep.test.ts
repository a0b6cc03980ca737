/**
 * The authorisation sweep (issue 17), generated from /api/openapi.json so a route is covered the day it is
 * documented: every operation whose path names someone's resource (an id, a party token, a session, a file key) is
 * called with the owners' real ids as anonymous, as a stranger of each role and as a guest whose invite was revoked;
 * every admin operation as a host and a DJ. Each must be refused with 401, 403 or 404, and the owners' rows must be
 * byte-for-byte what they were. Reads that are public by design (a DJ's profile, slots and photo) are listed and
 * checked to be reads only. The number of operations covered is printed.
 */
import sharp from 'sharp';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { useTestApp } from '../support/app.ts';
import { bookedParty, createDj, signedIn } from '../support/factories.ts';
import type { TestClient } from '../support/client.ts';

const app = useTestApp({ now: '2026-12-01T12:00:00Z' });

// A calendar the DJ imports (ICS over HTTP), so the sweep has an imported source to aim at.
let icsUrl = '';
let ics: Server;
before(async () => {
  ics = createServer((_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/calendar' })
      .end(
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sweep//EN\r\nBEGIN:VEVENT\r\nUID:sweep-1\r\nDTSTART:20261210T100000Z\r\nDTEND:20261210T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      ),
  );
  await new Promise<void>((r) => ics.listen(0, '127.0.0.1', r));
  icsUrl = `http://127.0.0.1:${(ics.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => ics.close(() => r())));

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
}
interface Op {
  method: string;
  path: string;
  secured: boolean;
  params: string[];
  query: string[];
  bodyType?: string;
  body?: JsonSchema;
}

/** Fields whose pattern a generic value would not match (the sweep must get past validation to test authorisation). */
const HINTS: Record<string, string> = {
  cardNumber: '4242 4242 4242 4242',
  expiry: '12/30',
  cvc: '123',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  // An invite code's shape (22 base64url characters) that opens nothing: the RSVP must answer 404, not 400.
  invite: 'A'.repeat(22),
};

/** A value that satisfies the schema well enough to get past validation to the authorisation check. */
function example(s: JsonSchema | undefined, name = ''): unknown {
  if (!s) return {};
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return example(alt.find((a) => a.type !== 'null') ?? alt[0], name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, example(s.properties?.[k], k)]));
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => example(s.items));
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      if (name in HINTS) return HINTS[name];
      if (s.format === 'email') return 'sweep@example.test';
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date-time' || /At$/.test(name)) return '2026-12-24T19:00:00Z';
      if (s.format === 'date') return '2026-12-24';
      return /password/i.test(name) ? 'sweep password 123' : 'x'.repeat(Math.max(s.minLength ?? 1, 1));
    default:
      return 'x';
  }
}

async function operations(): Promise<Op[]> {
  const doc = (await app.client().get('/api/openapi.json')).body as {
    paths: Record<
      string,
      Record<
        string,
        {
          security?: unknown[];
          parameters?: { name: string; in: string }[];
          requestBody?: { content: Record<string, { schema?: JsonSchema }> };
        }
      >
    >;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const [bodyType, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      return {
        method: method.toUpperCase(),
        path,
        secured: !!op.security?.length,
        params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyType,
        body: content?.schema,
      };
    }),
  );
}

/** Parameters that name somebody's resource (a date in /djs/me/… names the caller's own calendar day). */
const idBearing = (op: Op) => op.params.some((p) => p !== 'date');
/**
 * Public by design: anyone may read a DJ's profile, open slots and photo, and reviews shown on a profile. Party
 * tokens and calendar feed addresses are capabilities, so those reads are swept (with a revoked feed address).
 */
const publicRead = (op: Op) => op.method === 'GET' && !op.secured && !op.params.includes('token') && !op.params.includes('file');

describe('authorisation sweep over the OpenAPI document', () => {
  test('no id-bearing operation answers a stranger, an anonymous caller or a revoked guest; no admin operation a non-admin', async () => {
    app.expectErrors();
    const party = await bookedParty(app, { guests: ['Kept', 'Revoked'] });
    const { dj, host, bookingId, token, invites } = party;
    await host.client.request('DELETE', `/api/parties/${token}/invites/${invites[1]!.id}`);
    const blocked = (
      await dj.client.post('/api/djs/me/availability/blocked', {
        startsAt: '2026-12-20T10:00:00Z',
        endsAt: '2026-12-20T12:00:00Z',
        reason: 'dentist',
      })
    ).body.blocked;
    const recurring = (
      await dj.client.post('/api/calendar/recurring', {
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
        startDate: '2026-12-07',
        start: '10:00',
        end: '12:00',
      })
    ).body.recurring;
    const source = (await dj.client.post('/api/calendar/sources', { url: `${icsUrl}/busy.ics`, label: 'Other' })).body.source;
    assert.ok(recurring?.id && source?.id, 'the DJ has a recurring block and an imported calendar');
    // A gallery photo of the DJ's own: another DJ's "my gallery" must not reach it.
    const form = new FormData();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#22d3ee' } })
      .png()
      .toBuffer();
    form.append('photo', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'party.png');
    const cookie = [...dj.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const uploaded = await fetch(`${dj.client.baseUrl}/api/djs/me/gallery`, {
      method: 'POST',
      body: form,
      headers: { Origin: dj.client.baseUrl, Cookie: cookie },
    });
    const photoId = ((await uploaded.json()) as { profile: { gallery: { id: string }[] } }).profile.gallery[0]!.id;
    // A feed address the host turned off: nobody may read it any more.
    const revokedFeed = new URL((await host.client.post('/api/calendar/feed')).body.url).pathname.split('/').pop()!;
    await host.client.post('/api/calendar/feed');
    const hostSession = (await host.client.get('/api/auth/sessions')).body.sessions[0].id as string;
    const guestSession = 'sweep-session-0001';

    const valueFor = (path: string, param: string): string => {
      // Mail links are signed capabilities: a well-formed one someone else could forge is what a stranger has.
      if (param === 'token' && path.startsWith('/api/mail/')) return 'eyJ1IjoiMDAwMDAwMDAifQ.Zm9yZ2VkLXNpZ25hdHVyZQ';
      if (param === 'token') return token;
      if (param === 'session') return guestSession;
      if (param === 'key') return 'dj-photos/none/none.webp';
      if (param === 'date') return '2026-12-24';
      if (param === 'photoId') return photoId;
      if (param === 'file') return revokedFeed;
      if (path.startsWith('/api/calendar/recurring/')) return recurring.id;
      if (path.startsWith('/api/calendar/sources/')) return source.id;
      if (path.startsWith('/api/auth/sessions')) return hostSession;
      if (path.includes('/invites/')) return invites[0]!.id;
      if (path.includes('/availability/blocked/')) return blocked.id;
      if (path.startsWith('/api/djs/')) return dj.profile.id;
      return bookingId;
    };
    const urlOf = (op: Op, extraQuery = '') =>
      op.path.replace(/\{([^}]+)\}/g, (_m, p: string) => encodeURIComponent(valueFor(op.path, p))) + extraQuery;

    // Owners' rows, compared before and after.
    const snapshot = async () => {
      const q = async (query: ReturnType<typeof sql>) =>
        JSON.stringify(((await app.deps.db.execute(query)) as unknown as { rows: unknown[] }).rows);
      return [
        await q(sql`select row_to_json(b) from bookings b where id = ${bookingId}`),
        await q(sql`select count(*) from booking_events where booking_id = ${bookingId}`),
        await q(sql`select row_to_json(p) from parties p where token = ${token}`),
        await q(
          sql`select row_to_json(i) from party_invites i join parties p on p.id = i.party_id where p.token = ${token} order by i.seq`,
        ),
        await q(sql`select row_to_json(s) from sessions s where user_id in (${host.user.id}, ${dj.user.id}) order by id`),
        await q(sql`select gallery_keys from dj_profiles where id = ${dj.profile.id}`),
        await q(sql`select row_to_json(d) from dj_blocked_periods d where dj_profile_id = ${dj.profile.id} order by id`),
        await q(sql`select row_to_json(r) from dj_recurring_blocks r where dj_profile_id = ${dj.profile.id} order by id`),
        await q(sql`select row_to_json(c) from dj_calendar_sources c where dj_profile_id = ${dj.profile.id} order by id`),
        await q(sql`select row_to_json(f) from calendar_feed_tokens f where user_id in (${host.user.id}, ${dj.user.id})`),
        await q(sql`select row_to_json(p) from payments p where booking_id = ${bookingId}`),
        await q(sql`select count(*) from ledger_lines where booking_id = ${bookingId}`),
        await q(sql`select row_to_json(u) from users u where id in (${host.user.id}, ${dj.user.id}) order by id`),
      ];
    };
    const before = await snapshot();

    const strangers: [string, TestClient][] = [
      ['anonymous', app.client()],
      ['another host', (await signedIn(app, 'host')).client],
      ['another DJ', (await createDj(app)).client],
    ];
    const admin = await app.deps.auth.createUserDirect({
      email: 'sweep-admin@example.test',
      displayName: 'Sweep admin',
      role: 'admin',
      password: 'sweep admin password',
    });
    void admin;

    const ops = await operations();
    const leaks: string[] = [];
    const call = async (who: string, client: TestClient, op: Op, query = '') => {
      const body =
        op.bodyType === 'application/json'
          ? { body: example(op.body) }
          : op.bodyType
            ? { raw: 'v=0\r\n', headers: { 'Content-Type': op.bodyType } }
            : {};
      const res = await client.request(op.method, urlOf(op, query), body);
      // 405: the method is refused to everyone alike (PATCH on an embedded-SFU session), which tells a stranger nothing.
      // 303 on a GET: a mailed link handing over to its web page (the page then asks; the row snapshot shows no change).
      const handover = op.method === 'GET' && res.status === 303 && !res.text.includes('"');
      if (![401, 403, 404, 405].includes(res.status) && !handover)
        leaks.push(`${who}: ${op.method} ${op.path}${query} → ${res.status} ${res.text.slice(0, 120)}`);
    };

    const covered = new Set<string>();
    const publicOps: string[] = [];
    for (const op of ops) {
      if (op.method === 'OPTIONS') continue; // preflight: answered before authorisation, carries no data
      const label = `${op.method} ${op.path}`;
      if (op.path.startsWith('/api/admin/')) {
        covered.add(label);
        for (const [who, client] of strangers) await call(who, client, op);
        continue;
      }
      if (!idBearing(op)) continue;
      if (publicRead(op)) {
        publicOps.push(label);
        continue;
      }
      covered.add(label);
      for (const [who, client] of strangers) await call(who, client, op);
      if (op.query.includes('invite')) await call('revoked guest', app.client(), op, `?invite=${invites[1]!.code}`);
    }

    // Public reads stay reads: each is a GET without a session requirement, and none of them changes a row.
    for (const label of publicOps) assert.match(label, /^GET /);
    assert.deepEqual(await snapshot(), before, 'the owners’ rows are untouched');
    assert.deepEqual(leaks, [], `answers that were not 401/403/404:\n${leaks.join('\n')}`);
    assert.ok(covered.size >= 30, `only ${covered.size} operations covered`);
    console.log(
      `authorisation sweep: ${covered.size} operations × ${strangers.length} strangers (+ revoked guest where ?invite= applies), 0 leaks; public reads: ${publicOps.join(', ')}`,
    );
  });
});
