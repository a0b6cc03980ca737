/**
 * Marketplace search (GET /api/djs): filters, sorting, paging and the cards. Without a date, or with one the
 * availability index covers, a page is one statement that also brings the total and each card's licence badge,
 * parties played and next open instant (search.repo.ts, decision 040); only cards the index cannot answer for
 * (and the exact path beyond the index) compute their calendar in the application.
 */
import { DateTime } from 'luxon';
import type { DjCard, DjProfile, DjSearchQuery } from '@partystream/shared/dj/dj.schemas';
import { CITY_BY_ID } from '@partystream/shared/dj/cities';
import { convertMinor } from '@partystream/shared/money';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import { licensedAmong } from './dj.repo.ts';
import * as repo from './search.repo.ts';

const DAY = 86_400_000;
/** How far ahead a card looks for the DJ's next open time. */
const NEXT_OPEN_DAYS = 60;

export interface SearchDeps {
  db: Db;
  clock: Clock;
  availability: () => AvailabilityService;
  toProfile(r: repo.SearchRow): DjProfile;
  /** Parties each DJ has played (the booking feature's count); DJs with none may be absent. */
  partiesPlayed?(djProfileIds: string[]): Promise<Map<string, number>>;
  /** The same count as an SQL expression over a DJ id, so a page reads it in its own statement. */
  partiesPlayedSql?: repo.CardSql['played'];
}

export function createSearch(d: SearchDeps) {
  return async function search(
    query: DjSearchQuery,
  ): Promise<{ items: DjCard[]; total: number; page: number; pageSize: number }> {
    const toEur = (minor: number) => convertMinor(minor, query.currency, 'EUR');
    let window: { from: number; to: number } | undefined;
    if (query.date) {
      const day = DateTime.fromISO(query.date, { zone: query.tz });
      const from = query.fromTime
        ? day.set({ hour: +query.fromTime.slice(0, 2), minute: +query.fromTime.slice(3) })
        : day.startOf('day');
      let to = query.toTime
        ? day.set({ hour: +query.toTime.slice(0, 2), minute: +query.toTime.slice(3) })
        : day.plus({ days: 1 }).startOf('day');
      if (to <= from) to = to.plus({ days: 1 });
      window = { from: from.toMillis(), to: to.toMillis() };
    }
    const center = query.cityId && query.radiusKm ? { ...CITY_BY_ID.get(query.cityId)!, radiusKm: query.radiusKm } : undefined;
    const today = d.clock.now().toISOString().slice(0, 10);
    const base = {
      text: query.q || undefined,
      center: center ? { lat: center.lat, lng: center.lng, radiusKm: center.radiusKm } : undefined,
      country: query.country ?? (query.cityId && !query.radiusKm ? CITY_BY_ID.get(query.cityId)!.country : undefined),
      genres: query.genres,
      languages: query.languages,
      minPriceEurMinor: query.minPrice !== undefined ? toEur(query.minPrice) : undefined,
      maxPriceEurMinor: query.maxPrice !== undefined ? toEur(query.maxPrice) : undefined,
      minRating: query.minRating,
      licensedOn: query.licensed ? today : undefined,
      sort: query.sort,
    };
    const page = { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
    const availability = d.availability();
    const now0 = d.clock.now().getTime();
    // Cards look for the next open time from the searched window's start (now without a date).
    const horizonFrom = window?.from ?? now0;
    const card: repo.CardSql = {
      badgeOn: today,
      played: d.partiesPlayedSql,
      nextOpen: availability.nextOpenSql(horizonFrom, horizonFrom + NEXT_OPEN_DAYS * DAY),
    };
    let rows: repo.SearchRow[];
    let total: number;
    const indexed =
      window &&
      availability.indexCovers(Math.max(window.from, now0), window.to) &&
      (await availability.ensureIndexed(Math.max(window.from, now0), window.to, 50)) >= 0;
    if (window && !indexed) {
      // Beyond the index horizon (or while it is first being built): prefilter by weekday in SQL, check candidates exactly, paginate in memory.
      const from = DateTime.fromMillis(window.from, { zone: query.tz });
      const weekdays = [...new Set([from.minus({ days: 1 }).weekday, from.weekday, from.plus({ days: 1 }).weekday])];
      const dates = [from.minus({ days: 1 }), from, from.plus({ days: 1 })].map((x) => x.toISODate()!);
      const ids = await repo.idsWithAnyHoursOn(d.db, weekdays, dates);
      const candidates = await repo.searchProfiles(d.db, { ...base, ids, limit: 2000, offset: 0 });
      const windows = await availability.openIntervalsMany(
        candidates.rows.map((r) => r.id),
        window.from,
        window.to,
      );
      const open = candidates.rows.filter((r) => (windows.get(r.id)?.length ?? 0) > 0);
      total = open.length;
      rows = open.slice(page.offset, page.offset + page.limit);
    } else {
      // The index (dj_open_windows) answers a date in SQL, so filters, sorting, paging and the total stay in Postgres.
      const where = window ? availability.availableSql(window.from, window.to) : undefined;
      ({ rows, total } = await repo.searchProfiles(d.db, { ...base, where, ...page }, card));
    }
    const cards = await completeCards(rows, horizonFrom, today);
    const items: DjCard[] = rows.map((r) => {
      const p = d.toProfile(r);
      const c = cards.get(r.id)!;
      const amount = p.pricing.kind === 'hourly' ? p.pricing.hourlyRateMinor : p.pricing.eventPriceMinor;
      return {
        id: p.id,
        slug: p.slug,
        stageName: p.stageName,
        photoUrl: p.photoUrl,
        genres: p.genres,
        city: p.city.name,
        country: p.city.country,
        price: { amountMinor: amount, currency: p.currency, unit: p.pricing.kind === 'hourly' ? 'hour' : 'event' },
        priceInSearchCurrency: { amountMinor: convertMinor(amount, p.currency, query.currency), currency: query.currency },
        rating: p.rating,
        nextOpenAt: c.nextOpenAt ? c.nextOpenAt.toISOString() : null,
        distanceKm: r.distanceKm === null ? null : Math.round(r.distanceKm),
        licenceVerified: c.licensed,
        partiesPlayed: c.played ?? 0,
      };
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  };

  /** Card facts the page's statement did not bring (the exact path; DJs the index cannot answer for). */
  async function completeCards(rows: repo.SearchRow[], horizonFrom: number, today: string): Promise<Map<string, repo.CardFacts>> {
    const out = new Map(
      rows.map((r) => [r.id, r.card ?? { licensed: false, played: null, nextOpenAt: null, nextOpenKnown: false }]),
    );
    const bare = rows.filter((r) => !r.card).map((r) => r.id);
    if (bare.length) {
      const licensed = await licensedAmong(d.db, bare, today);
      const played = (await d.partiesPlayed?.(bare)) ?? new Map<string, number>();
      for (const id of bare) Object.assign(out.get(id)!, { licensed: licensed.has(id), played: played.get(id) ?? 0 });
    }
    const unknown = rows.filter((r) => !out.get(r.id)!.nextOpenKnown).map((r) => r.id);
    if (unknown.length) {
      // Most DJs are open within a week: look 7 days ahead first, then the rest only for those without a window.
      const availability = d.availability();
      const next = await availability.openIntervalsMany(unknown, horizonFrom, horizonFrom + 7 * DAY);
      const missing = unknown.filter((id) => !next.get(id)?.length);
      if (missing.length)
        for (const [id, w] of await availability.openIntervalsMany(
          missing,
          horizonFrom + 7 * DAY,
          horizonFrom + NEXT_OPEN_DAYS * DAY,
        ))
          next.set(id, w);
      for (const id of unknown) {
        const w = next.get(id)?.[0];
        out.get(id)!.nextOpenAt = w ? new Date(w.start) : null;
      }
    }
    return out;
  }
}
