import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { createDj, djProfileBody, signedIn } from '../support/factories.ts';

// A Thursday: the default test DJ plays Friday and Saturday nights.
const app = useTestApp({ now: '2026-12-03T12:00:00Z' });

describe('DJ profiles', () => {
  test('a DJ creates a profile; sample links are normalised to privacy-enhanced players', async () => {
    const { client } = await signedIn(app, 'dj');
    assert.equal((await client.get('/api/djs/me')).body.profile, null);
    const res = await client.put(
      '/api/djs/me',
      djProfileBody({
        sampleLinks: ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42', 'https://www.mixcloud.com/some-dj/late-night-set/'],
      }),
    );
    assert.equal(res.status, 200);
    const p = res.body.profile;
    assert.equal(p.city.name, 'Berlin');
    assert.equal(p.city.country, 'DE');
    assert.deepEqual(
      p.sampleLinks.map((l: { embedUrl: string }) => l.embedUrl),
      [
        'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
        'https://player-widget.mixcloud.com/widget/iframe/?hide_cover=1&feed=%2Fsome-dj%2Flate-night-set%2F',
      ],
    );
    const pub = await app.client().get(`/api/djs/${p.id}`);
    assert.equal(pub.status, 200);
    assert.equal(pub.body.profile.stageName, 'DJ Test');
    assert.deepEqual(pub.body.profile.rating, { average: null, count: 0, score: null });
  });

  test('saving again updates the same profile', async () => {
    const { client, profile } = await createDj(app);
    const res = await client.put(
      '/api/djs/me',
      djProfileBody({ stageName: 'DJ Renamed', pricing: { kind: 'per_event', eventPriceMinor: 90000, eventMinutes: 240 } }),
    );
    assert.equal(res.body.profile.id, profile.id);
    assert.equal(res.body.profile.pricing.kind, 'per_event');
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['unknown genre', { genres: ['polka-metal'] }, 'body.genres.0'],
    ['unknown language', { languages: ['xx'] }, 'body.languages.0'],
    ['non-whitelisted sample link', { sampleLinks: ['https://evil.example/track.mp3'] }, 'body.sampleLinks.0'],
    ['invalid time zone', { timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
    [
      'negative price',
      { pricing: { kind: 'hourly', hourlyRateMinor: -500, minHours: 1, maxHours: 2 } },
      'body.pricing.hourlyRateMinor',
    ],
    [
      'absurd price',
      { pricing: { kind: 'hourly', hourlyRateMinor: 99_999_999_999, minHours: 1, maxHours: 2 } },
      'body.pricing.hourlyRateMinor',
    ],
    [
      'fractional cents',
      { pricing: { kind: 'per_event', eventPriceMinor: 100.5, eventMinutes: 60 } },
      'body.pricing.eventPriceMinor',
    ],
    [
      'max hours below min',
      { pricing: { kind: 'hourly', hourlyRateMinor: 1000, minHours: 4, maxHours: 2 } },
      'body.pricing.maxHours',
    ],
    ['unknown city', { cityId: 'atlantis' }, 'body.cityId'],
    ['unknown currency', { currency: 'XYZ' }, 'body.currency'],
  ];
  for (const [name, patch, path] of bad) {
    test(`refuses ${name} with a 400 naming ${path}`, async () => {
      const { client } = await signedIn(app, 'dj');
      const res = await client.put('/api/djs/me', djProfileBody(patch));
      assert.equal(res.status, 400, res.text);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `errors: ${JSON.stringify(res.body.errors)}`,
      );
      assert.equal((await client.get('/api/djs/me')).body.profile, null, 'nothing was saved');
    });
  }

  test('hosts cannot create DJ profiles; logged-out users get 401', async () => {
    const { client } = await signedIn(app, 'host');
    assert.equal((await client.put('/api/djs/me', djProfileBody())).status, 403);
    assert.equal((await app.client().put('/api/djs/me', djProfileBody())).status, 401);
  });

  test('an unknown DJ id or slug is 404, a malformed one 400', async () => {
    assert.equal((await app.client().get('/api/djs/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await app.client().get('/api/djs/nope')).status, 404, 'a well-formed slug nobody has (issue 20)');
    assert.equal((await app.client().get('/api/djs/Not_A_Slug!')).status, 400);
  });
});

describe('availability', () => {
  test('open slots come back in UTC for the viewer’s dates, minus blocked periods', async () => {
    const { client, profile } = await createDj(app);
    // Viewer in New York asks for Friday 2026-12-04 (their date): Berlin Friday 20:00 = 19:00Z = 14:00 NY.
    const slots = await app.client().get(`/api/djs/${profile.id}/slots?from=2026-12-04&to=2026-12-04&tz=America/New_York`);
    assert.equal(slots.status, 200);
    assert.equal(slots.body.timeZone, 'Europe/Berlin');
    assert.deepEqual(slots.body.windows[0], { startsAt: '2026-12-04T19:00:00.000Z', endsAt: '2026-12-05T01:00:00.000Z' });
    const blocked = await client.post('/api/djs/me/availability/blocked', {
      startsAt: '2026-12-04T21:00:00+01:00',
      endsAt: '2026-12-04T23:00:00+01:00',
      reason: 'Other gig',
    });
    assert.equal(blocked.status, 201);
    const after = await app.client().get(`/api/djs/${profile.id}/slots?from=2026-12-04&to=2026-12-04&tz=America/New_York`);
    assert.deepEqual(after.body.windows.slice(0, 2), [
      { startsAt: '2026-12-04T19:00:00.000Z', endsAt: '2026-12-04T20:00:00.000Z' },
      { startsAt: '2026-12-04T22:00:00.000Z', endsAt: '2026-12-05T01:00:00.000Z' },
    ]);
  });

  test('a date override replaces the hours of that day and can be removed', async () => {
    const { client, profile } = await createDj(app);
    assert.equal((await client.put('/api/djs/me/availability/overrides/2026-12-04', { ranges: [] })).status, 204);
    const closed = await app.client().get(`/api/djs/${profile.id}/slots?from=2026-12-04&to=2026-12-04&tz=Europe/Berlin`);
    assert.deepEqual(closed.body.windows, []);
    assert.equal((await client.delete('/api/djs/me/availability/overrides/2026-12-04')).status, 204);
    assert.equal((await client.delete('/api/djs/me/availability/overrides/2026-12-04')).status, 404);
  });

  test('overlapping weekly ranges are refused, naming the range', async () => {
    const { client } = await createDj(app);
    const res = await client.put('/api/djs/me/availability/weekly', {
      ranges: [
        { weekday: 5, start: '20:00', end: '02:00' },
        { weekday: 6, start: '01:00', end: '03:00' },
      ],
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.errors[0].path, 'body.ranges.1');
  });

  test('bad times, zones and date ranges are 400s', async () => {
    const { client, profile } = await createDj(app);
    assert.equal(
      (await client.put('/api/djs/me/availability/weekly', { ranges: [{ weekday: 8, start: '25:00', end: '02:00' }] })).status,
      400,
    );
    assert.equal(
      (
        await client.post('/api/djs/me/availability/blocked', {
          startsAt: '2026-12-05T10:00:00Z',
          endsAt: '2026-12-05T09:00:00Z',
        })
      ).status,
      400,
    );
    assert.equal(
      (await app.client().get(`/api/djs/${profile.id}/slots?from=2026-12-01&to=2026-12-31&tz=Nowhere/Land`)).status,
      400,
    );
    assert.equal((await app.client().get(`/api/djs/${profile.id}/slots?from=2026-01-01&to=2026-12-31`)).status, 400);
  });

  test('a DJ without a profile is told to create one first', async () => {
    const { client } = await signedIn(app, 'dj');
    const res = await client.put('/api/djs/me/availability/weekly', { ranges: [] });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'DJ_PROFILE_REQUIRED');
  });

  test("a DJ cannot delete another DJ's blocked period (404, still blocked)", async () => {
    const a = await createDj(app);
    const b = await createDj(app);
    const blocked = await a.client.post('/api/djs/me/availability/blocked', {
      startsAt: '2026-12-11T18:00:00Z',
      endsAt: '2026-12-12T02:00:00Z',
    });
    assert.equal((await b.client.delete(`/api/djs/me/availability/blocked/${blocked.body.blocked.id}`)).status, 404);
    assert.equal((await a.client.get('/api/djs/me/availability')).body.blocked.length, 1);
  });
});
