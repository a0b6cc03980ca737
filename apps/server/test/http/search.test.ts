import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTestApp } from '../support/app.ts';
import { createDj } from '../support/factories.ts';

const app = useTestApp({ now: '2026-12-03T12:00:00Z' });

describe('DJ search', () => {
  const ids: Record<string, string> = {};
  before(async () => {
    const make = async (
      key: string,
      profile: Record<string, unknown>,
      weekly?: { weekday: number; start: string; end: string }[],
    ) => {
      ids[key] = (await createDj(app, { profile, weekly })).profile.id;
    };
    await make('berlinHouse', {
      stageName: 'Nova Berlin',
      genres: ['house', 'techno'],
      languages: ['de', 'en'],
      cityId: 'berlin',
      currency: 'EUR',
      pricing: { kind: 'hourly', hourlyRateMinor: 12000, minHours: 2, maxHours: 6 },
      bio: 'Warehouse techno and deep grooves.',
    });
    await make('potsdamDisco', {
      stageName: 'Disco Dani',
      genres: ['disco', 'funk'],
      languages: ['de'],
      cityId: 'potsdam',
      timeZone: 'Europe/Berlin',
      currency: 'EUR',
      pricing: { kind: 'per_event', eventPriceMinor: 60000, eventMinutes: 240 },
    });
    await make(
      'londonGarage',
      {
        stageName: 'Garage Gus',
        genres: ['uk-garage', 'house'],
        languages: ['en'],
        cityId: 'london',
        timeZone: 'Europe/London',
        currency: 'GBP',
        pricing: { kind: 'hourly', hourlyRateMinor: 30000, minHours: 3, maxHours: 5 },
      },
      [{ weekday: 2, start: '19:00', end: '23:00' }],
    );
    await make('mumbaiBolly', {
      stageName: 'Bollywood Bina',
      genres: ['bollywood', 'pop'],
      languages: ['hi', 'en'],
      cityId: 'mumbai',
      timeZone: 'Asia/Kolkata',
      currency: 'INR',
      pricing: { kind: 'hourly', hourlyRateMinor: 500000, minHours: 2, maxHours: 8 },
    });
  });

  const names = (res: { body: { items: { stageName: string }[] } }) => res.body.items.map((i) => i.stageName).sort();

  test('free text finds by stage name, genre and bio', async () => {
    assert.deepEqual(names(await app.client().get('/api/djs?q=nova')), ['Nova Berlin']);
    assert.deepEqual(names(await app.client().get('/api/djs?q=warehouse')), ['Nova Berlin']);
    assert.deepEqual(names(await app.client().get('/api/djs?q=garage')), ['Garage Gus']);
  });

  test('location: city radius and country', async () => {
    assert.deepEqual(names(await app.client().get('/api/djs?cityId=berlin&radiusKm=50')), ['Disco Dani', 'Nova Berlin']);
    const near = await app.client().get('/api/djs?cityId=berlin&radiusKm=50');
    assert.ok(near.body.items.every((i: { distanceKm: number }) => i.distanceKm <= 50));
    assert.deepEqual(names(await app.client().get('/api/djs?country=GB')), ['Garage Gus']);
  });

  test('genres and languages (any of)', async () => {
    assert.deepEqual(names(await app.client().get('/api/djs?genres=house')), ['Garage Gus', 'Nova Berlin']);
    assert.deepEqual(names(await app.client().get('/api/djs?genres=disco,bollywood')), ['Bollywood Bina', 'Disco Dani']);
    assert.deepEqual(names(await app.client().get('/api/djs?languages=hi')), ['Bollywood Bina']);
  });

  test('price range in the searcher’s currency, converted', async () => {
    // Card prices: Nova €120/h, Dani €600/event, Gus £300/h ≈ €353, Bina ₹5,000/h ≈ €56.
    assert.deepEqual(names(await app.client().get('/api/djs?currency=EUR&maxPrice=30000')), ['Bollywood Bina', 'Nova Berlin']);
    assert.deepEqual(names(await app.client().get('/api/djs?currency=USD&minPrice=50000')), ['Disco Dani']);
    const card = (await app.client().get('/api/djs?q=gus&currency=EUR')).body.items[0];
    assert.deepEqual(card.price, { amountMinor: 30000, currency: 'GBP', unit: 'hour' });
    assert.equal(card.priceInSearchCurrency.currency, 'EUR');
    assert.ok(card.priceInSearchCurrency.amountMinor > 30000);
  });

  test('issue 20: the price filter compares the price on the card (the hourly rate), not rate × minimum hours', async () => {
    // Nova's card says "€120.00 / hour" (minimum 2 h): Berlin + €100–150 must find her.
    const res = await app.client().get('/api/djs?cityId=berlin&radiusKm=50&currency=EUR&minPrice=10000&maxPrice=15000');
    assert.deepEqual(names(res), ['Nova Berlin']);
    const card = res.body.items[0];
    assert.deepEqual(card.price, { amountMinor: 12000, currency: 'EUR', unit: 'hour' });
    // The same filter with the card price outside it finds nothing.
    assert.deepEqual(names(await app.client().get('/api/djs?cityId=berlin&radiusKm=50&currency=EUR&minPrice=13000')), [
      'Disco Dani',
    ]);
  });

  test('available on a date in the searcher’s zone, with an optional time window', async () => {
    // Tuesday 2026-12-08: only Gus plays Tuesdays (19:00–23:00 London).
    assert.deepEqual(names(await app.client().get('/api/djs?date=2026-12-08&tz=Europe/London')), ['Garage Gus']);
    assert.deepEqual(names(await app.client().get('/api/djs?date=2026-12-08&tz=Europe/London&fromTime=12:00&toTime=18:00')), []);
    // Friday: the Berlin, Potsdam and Mumbai DJs play Friday nights.
    assert.deepEqual(names(await app.client().get('/api/djs?date=2026-12-04&tz=Europe/Berlin')), [
      'Bollywood Bina',
      'Disco Dani',
      'Nova Berlin',
    ]);
  });

  test('sorting by price and pagination', async () => {
    const asc = await app.client().get('/api/djs?sort=price_asc&pageSize=2');
    assert.deepEqual(
      asc.body.items.map((i: { stageName: string }) => i.stageName),
      ['Bollywood Bina', 'Nova Berlin'],
    );
    assert.equal(asc.body.total, 4);
    const p2 = await app.client().get('/api/djs?sort=price_asc&pageSize=2&page=2');
    assert.deepEqual(
      p2.body.items.map((i: { stageName: string }) => i.stageName),
      ['Garage Gus', 'Disco Dani'],
    );
  });

  test('cards carry the next open date', async () => {
    const card = (await app.client().get('/api/djs?q=nova')).body.items[0];
    assert.equal(card.nextOpenAt, '2026-12-04T19:00:00.000Z');
  });

  test('a DJ who has not set up payouts is not listed until they do; their profile says so', async () => {
    const d = await createDj(app, { payouts: false, profile: { stageName: 'Unpaid Ursula', genres: ['afrobeats'] } });
    const find = async () => names(await app.client().get('/api/djs?genres=afrobeats'));
    assert.deepEqual(await find(), []);
    assert.equal((await app.client().get(`/api/djs/${d.profile.id}`)).body.profile.bookable, false);
    assert.equal((await d.client.post('/api/payments/payout-account/onboarding')).status, 200);
    assert.deepEqual(await find(), ['Unpaid Ursula']);
    assert.equal((await app.client().get(`/api/djs/${d.profile.id}`)).body.profile.bookable, true);
  });

  test('bad filters are 400s naming the parameter', async () => {
    for (const [qs, path] of [
      ['genres=polka', 'query.genres.0'],
      ['minRating=9', 'query.minRating'],
      ['currency=XXX', 'query.currency'],
      ['cityId=atlantis', 'query.cityId'],
      ['date=2026-13-40', 'query.date'],
      ['tz=Not/AZone', 'query.tz'],
      ['page=0', 'query.page'],
    ] as const) {
      const res = await app.client().get(`/api/djs?${qs}`);
      assert.equal(res.status, 400, qs);
      assert.ok(
        res.body.errors.some((e: { path: string }) => e.path === path),
        `${qs}: ${JSON.stringify(res.body.errors)}`,
      );
    }
  });
});
