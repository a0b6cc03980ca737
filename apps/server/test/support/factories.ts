/** Arrange helpers shared by every server test. */
import { randomBytes } from 'node:crypto';
import type { Role, User } from '@partystream/shared/auth/auth.schemas';
import { SESSION_COOKIE } from '../../src/http/session.ts';
import { currentTotp } from '../../src/features/admin/second-factor.ts';
import type { TestClient } from './client.ts';
import type { TestApp } from './app.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

let seq = 0;
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${++seq}-${randomBytes(3).toString('hex')}@example.test`;
}

/** A verified user created directly in the database. */
export async function createUser(
  app: TestApp,
  o: { role?: Role; email?: string; displayName?: string; verified?: boolean } = {},
): Promise<User> {
  return app.deps.auth.createUserDirect({
    email: o.email ?? uniqueEmail(o.role ?? 'host'),
    displayName: o.displayName ?? `Test ${o.role ?? 'host'} ${seq}`,
    role: o.role ?? 'host',
    password: TEST_PASSWORD,
    verified: o.verified,
  });
}

/** A client already logged in as `user` (session inserted directly, as Epic's login fixture does). */
export async function loginAs(app: TestApp, user: User): Promise<TestClient> {
  const s = await app.deps.auth.issueSession(user.id, { userAgent: 'test' });
  const c = app.client();
  c.cookies.set(SESSION_COOKIE, s.token);
  return c;
}

/** Shorthand: a new user of `role` and a logged-in client for them. */
export async function signedIn(app: TestApp, role: Role = 'host'): Promise<{ user: User; client: TestClient }> {
  const user = await createUser(app, { role });
  return { user, client: await loginAs(app, user) };
}

/**
 * An admin signed in with the second factor done, as the console requires: enrols an authenticator through the
 * API and verifies the current TOTP code computed from the secret at the app clock's time. Pass `client` to do
 * it for an existing admin session (a fresh code step each time, so the replay guard does not refuse it).
 */
export async function signedInAdmin(
  app: TestApp,
  o: { user?: User } = {},
): Promise<{ user: User; client: TestClient; secret: string; recoveryCodes: string[] }> {
  const user = o.user ?? (await createUser(app, { role: 'admin' }));
  const client = await loginAs(app, user);
  const enrol = await client.post('/api/admin/second-factor/enrol');
  if (enrol.status !== 200) throw new Error(`enrolment failed: ${enrol.text}`);
  const secret = enrol.body.secret as string;
  const v = await client.post('/api/admin/second-factor/verify', { code: currentTotp(secret, app.clock.now()) });
  if (v.status !== 200) throw new Error(`second factor not verified: ${v.text}`);
  return { user, client, secret, recoveryCodes: v.body.recoveryCodes as string[] };
}

/** The newest outbox mail to `to`, with the first link in it. */
export async function lastMailTo(
  app: TestApp,
  to: string,
): Promise<{
  subject: string;
  text: string;
  link: string | undefined;
  template: string | null;
  headers: Record<string, string>;
}> {
  const res = await app.client().get(`/api/dev/outbox?to=${encodeURIComponent(to)}`);
  const m = res.body.messages[0];
  if (!m) throw new Error(`no mail to ${to}`);
  return {
    subject: m.subject,
    text: m.text,
    template: m.template,
    headers: m.headers ?? {},
    link: /https?:\/\/\S+/.exec(m.text)?.[0],
  };
}

/** A complete, valid DJ profile body; override any field. */
export function djProfileBody(o: Record<string, unknown> = {}) {
  return {
    stageName: 'DJ Test',
    bio: 'House and disco for rooftop parties.',
    genres: ['house', 'disco'],
    tags: ['rooftop'],
    yearsExperience: 8,
    equipment: ['Pioneer CDJ-3000', 'DJM-900'],
    languages: ['en', 'de'],
    cityId: 'berlin',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    pricing: { kind: 'hourly', hourlyRateMinor: 15000, minHours: 2, maxHours: 6 },
    sampleLinks: ['https://youtu.be/dQw4w9WgXcQ', 'https://soundcloud.com/some-dj/summer-mix'],
    cancellationPolicy: 'moderate',
    autoAccept: false,
    bufferMinutes: 30,
    minNoticeHours: 24,
    maxAdvanceDays: 180,
    ...o,
  };
}

/**
 * A DJ user with a saved profile and weekly hours (default: Fri and Sat 20:00–02:00 in the DJ's zone) who has
 * started payout setup (with the embedded processor that makes them bookable; `payouts: false` skips it).
 */
export async function createDj(
  app: TestApp,
  o: { profile?: Record<string, unknown>; weekly?: { weekday: number; start: string; end: string }[]; payouts?: boolean } = {},
) {
  const { user, client } = await signedIn(app, 'dj');
  const res = await client.put('/api/djs/me', djProfileBody(o.profile));
  if (res.status !== 200) throw new Error(`profile not saved: ${res.text}`);
  const weekly = o.weekly ?? [
    { weekday: 5, start: '20:00', end: '02:00' },
    { weekday: 6, start: '20:00', end: '02:00' },
  ];
  const w = await client.put('/api/djs/me/availability/weekly', { ranges: weekly });
  if (w.status !== 200) throw new Error(`weekly hours not saved: ${w.text}`);
  if (o.payouts !== false) {
    const p = await client.post('/api/payments/payout-account/onboarding');
    if (p.status !== 200) throw new Error(`payout setup not started: ${p.text}`);
  }
  return { user, client, profile: res.body.profile as { id: string; [k: string]: unknown } };
}

export const CARDS = { ok: '4242 4242 4242 4242', declined: '4000 0000 0000 0002', action: '4000 0025 0000 3155' };
export const card = (number = CARDS.ok) => ({ cardNumber: number, expiry: '12/30', cvc: '123', name: 'Test Host' });

/**
 * A confirmed party through the real API: an auto-accepting DJ, a host who books [startsAt, endsAt) and pays with
 * the test card, and one invite per label. `bookAt` sets the clock for booking (it must be before the notice).
 */
export async function bookedParty(
  app: TestApp,
  o: { startsAt?: string; endsAt?: string; bookAt?: string; guests?: string[] } = {},
) {
  if (o.bookAt) app.clock.set(o.bookAt);
  const dj = await createDj(app, { profile: { autoAccept: true } });
  const host = await signedIn(app, 'host');
  const booked = await host.client.post('/api/bookings', {
    djProfileId: dj.profile.id,
    startsAt: o.startsAt ?? '2026-12-04T19:00:00Z',
    endsAt: o.endsAt ?? '2026-12-04T22:00:00Z',
  });
  if (booked.status !== 201) throw new Error(`booking refused: ${booked.status} ${JSON.stringify(booked.body)}`);
  const b = booked.body.booking;
  const token = (await host.client.post(`/api/bookings/${b.id}/pay`, card())).body.booking.partyToken as string;
  if (!token) throw new Error('party not confirmed');
  const invites: { id: string; link: string; code: string }[] = [];
  for (const label of o.guests ?? ['Guest']) {
    const invite = (await host.client.post(`/api/parties/${token}/invites`, { label })).body.invite;
    invites.push({ ...invite, code: new URL(invite.link).searchParams.get('invite')! });
  }
  return { dj, host, bookingId: b.id as string, token, invites };
}
