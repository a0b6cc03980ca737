/**
 * Search over DJ profiles (SQL). Only listed profiles (`dj_profiles.listed`, kept by triggers: payouts ready, not
 * hidden, not suspended, not removed) are found. Sorted by rating or price, one statement reads the page from a
 * partial index with LIMIT, with the total and each card's extra facts (licence badge, parties played, next open
 * instant) beside it: no per-request aggregate over reviews and no count over every listed row (decision 040).
 */
import { and, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { djListingStats, djProfiles } from '../../db/schema/dj.ts';
import { licensedOnSql, type DjRow } from './dj.repo.ts';

export interface SearchFilters {
  text?: string;
  center?: { lat: number; lng: number; radiusKm: number };
  country?: string;
  genres?: string[];
  languages?: string[];
  minPriceEurMinor?: number;
  maxPriceEurMinor?: number;
  minRating?: number;
  /** Only DJs with a music licence approved and not expired on this day (YYYY-MM-DD). */
  licensedOn?: string;
  /** Restrict to these ids (e.g. available on a date). */
  ids?: string[];
  /** An extra condition on the dj_profiles row (e.g. available on a date, from the availability feature). */
  where?: SQL;
  sort: 'relevance' | 'rating' | 'price_asc' | 'price_desc';
  limit: number;
  offset: number;
}

/** What a search card shows besides the profile, computed in the page's own statement. */
export interface CardSql {
  /** The licence badge: a verified licence on this day (YYYY-MM-DD). */
  badgeOn: string;
  /** Parties played by the DJ whose id is `djId` (the booking feature's count). */
  played?: (djId: SQL) => SQL;
  /** The next open instant over the outer dj_profiles row, and whether the index knew it (availability feature). */
  nextOpen?: { at: SQL; known: SQL };
}

export interface CardFacts {
  licensed: boolean;
  played: number | null;
  nextOpenAt: Date | null;
  /** False when the availability index could not answer: the caller computes the next open instant exactly. */
  nextOpenKnown: boolean;
}

export type SearchRow = Omit<DjRow, 'search'> & { distanceKm: number | null; card?: CardFacts };

const EARTH_KM = 6371;
const textArray = (xs: string[]) =>
  sql`ARRAY[${sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;

// Every column but the full-text document (never sent, and the bulk of a row).
const { search: _search, ...rowColumns } = getTableColumns(djProfiles);
const listed = sql`${djProfiles.listed}`;

/** The card's facts as columns of the page's statement (constants when the caller computes them itself). */
function cardColumns(card: CardSql | undefined) {
  return {
    licensed: sql<boolean>`${card ? licensedOnSql(card.badgeOn) : sql`false`}`.mapWith(Boolean),
    played: sql<number | null>`${card?.played ? card.played(sql`${djProfiles.id}`) : sql`null::int`}`.mapWith(Number),
    nextOpenAt: sql<Date | null>`${card?.nextOpen?.at ?? sql`null::timestamptz`}`.mapWith((v: Date | string) => new Date(v)),
    nextOpenKnown: sql<boolean>`${card?.nextOpen?.known ?? sql`false`}`.mapWith(Boolean),
  };
}

function withCard<T extends CardFacts>(r: T, card: CardSql | undefined): Omit<T, keyof CardFacts> & { card?: CardFacts } {
  const { licensed, played, nextOpenAt, nextOpenKnown, ...row } = r;
  return card ? { ...row, card: { licensed, played, nextOpenAt, nextOpenKnown } } : row;
}

/** Filtered, sorted page of listed profiles plus the total count; distance in km when a centre is given. */
export async function searchProfiles(
  q: Queryable,
  f: SearchFilters,
  card?: CardSql,
): Promise<{ rows: SearchRow[]; total: number }> {
  const where: SQL[] = [listed];
  const tsq = f.text ? sql`websearch_to_tsquery('simple', ${f.text})` : null;
  if (tsq)
    where.push(
      sql`(${djProfiles.search} @@ ${tsq} or ${djProfiles.stageName} ilike ${'%' + f.text!.replace(/[%_\\]/g, '\\$&') + '%'})`,
    );
  if (f.country) where.push(sql`${djProfiles.country} = ${f.country}`);
  if (f.genres?.length) where.push(sql`${djProfiles.genres} && ${textArray(f.genres)}`);
  if (f.languages?.length) where.push(sql`${djProfiles.languages} && ${textArray(f.languages)}`);
  if (f.minPriceEurMinor !== undefined) where.push(sql`${djProfiles.fromPriceEurMinor} >= ${f.minPriceEurMinor}`);
  if (f.maxPriceEurMinor !== undefined) where.push(sql`${djProfiles.fromPriceEurMinor} <= ${f.maxPriceEurMinor}`);
  // The Bayesian score (decision 018), the figure cards show and "Top rated" sorts by.
  if (f.minRating !== undefined) where.push(sql`${djProfiles.ratingScore} >= ${f.minRating}`);
  if (f.licensedOn) where.push(licensedOnSql(f.licensedOn));
  if (f.ids) where.push(f.ids.length ? sql`${djProfiles.id} in ${f.ids}` : sql`false`);
  if (f.where) where.push(f.where);
  let distance: SQL = sql`null::float8`;
  if (f.center) {
    const { lat, lng, radiusKm } = f.center;
    // Bounding box first (uses the lat/lng index), then the exact great-circle distance.
    const dLat = (radiusKm / EARTH_KM) * (180 / Math.PI);
    const dLng = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 0.01);
    if (radiusKm < 5000) where.push(sql`${djProfiles.lat} between ${lat - dLat} and ${lat + dLat}`);
    if (radiusKm < 5000 && Math.abs(lat) + dLat < 89) where.push(sql`${djProfiles.lng} between ${lng - dLng} and ${lng + dLng}`);
    distance = sql`(${EARTH_KM} * 2 * asin(sqrt(power(sin(radians(${djProfiles.lat} - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(${djProfiles.lat})) * power(sin(radians(${djProfiles.lng} - ${lng}) / 2), 2))))`;
    where.push(sql`${distance} <= ${radiusKm}`);
  }
  const cond = and(...where)!;
  // Each order matches one partial index on listed rows (dj_profiles_listed_*_idx), so a page is an index walk.
  const order =
    f.sort === 'price_asc'
      ? sql`${djProfiles.fromPriceEurMinor} asc, ${djProfiles.id}`
      : f.sort === 'price_desc'
        ? sql`${djProfiles.fromPriceEurMinor} desc nulls last, ${djProfiles.id}`
        : f.sort === 'rating' || !tsq
          ? sql`${djProfiles.ratingScore} desc nulls last, ${djProfiles.ratingCount} desc nulls last, ${djProfiles.id}`
          : sql`ts_rank(${djProfiles.search}, ${tsq}) desc, ${djProfiles.ratingScore} desc nulls last, ${djProfiles.id}`;
  const distanceKm = sql<number | null>`${distance}`.mapWith(Number);
  if (!f.where && (f.sort !== 'relevance' || !tsq)) {
    // Sorted by an index: one statement gives the page, its cards' facts and the total. The page's ids come from
    // an index walk first, so the cards' columns are computed for its rows only, not for the rows OFFSET skips.
    // Unfiltered, the total is the listed count the triggers keep; filtered, a count run once beside the page.
    const total =
      where.length === 1
        ? sql<number>`(select ${djListingStats.listed} from ${djListingStats} where ${djListingStats.id} = 1)`
        : sql<number>`(select count(*) from ${djProfiles} where ${cond})`;
    const pageIds = sql`array(select ${djProfiles.id} from ${djProfiles} where ${cond} order by ${order} limit ${f.limit} offset ${f.offset})`;
    const page = await q
      .select({ ...rowColumns, distanceKm, ...cardColumns(card), total: total.mapWith(Number) })
      .from(djProfiles)
      .where(sql`${djProfiles.id} = any(${pageIds})`)
      .orderBy(order);
    return {
      rows: page.map(({ total: _t, ...r }) => withCard(r, card)),
      total: page.length ? page[0]!.total : f.offset === 0 ? 0 : await countOnly(q, cond),
    };
  }
  // Ranked by text or filtered by availability: narrow first (ids, distance, total), then the ≤ one page of full
  // rows. Walking an index would evaluate the availability condition again for every skipped row.
  const ids = await q
    .select({ id: djProfiles.id, distanceKm, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(djProfiles)
    .where(cond)
    .orderBy(order)
    .limit(f.limit)
    .offset(f.offset);
  return {
    rows: await fullRows(q, ids, card),
    total: ids.length ? ids[0]!.total : f.offset === 0 ? 0 : await countOnly(q, cond),
  };
}

/** The rows of one page of ids, in the page's order, with their distance and card facts. */
async function fullRows(q: Queryable, page: { id: string; distanceKm: number | null }[], card?: CardSql): Promise<SearchRow[]> {
  if (!page.length) return [];
  const full = await q
    .select({ ...rowColumns, ...cardColumns(card) })
    .from(djProfiles)
    .where(
      inArray(
        djProfiles.id,
        page.map((p) => p.id),
      ),
    );
  const byId = new Map(full.map((r) => [r.id, r]));
  return page.flatMap((p) => {
    const row = byId.get(p.id);
    return row ? [{ ...withCard(row, card), distanceKm: p.distanceKm }] : [];
  });
}

async function countOnly(q: Queryable, cond: SQL): Promise<number> {
  const [r] = await q
    .select({ n: sql<number>`count(*)` })
    .from(djProfiles)
    .where(cond);
  return Number(r?.n ?? 0);
}

/** Ids of DJs whose weekly hours or overrides could make them open on these local dates (cheap prefilter). */
export async function idsWithAnyHoursOn(q: Queryable, weekdays: number[], dates: string[]): Promise<string[]> {
  const res = await q.execute(sql`
    select distinct dj_profile_id as id from dj_weekly_hours where weekday in ${weekdays}
    union
    select distinct dj_profile_id as id from dj_date_overrides where date in ${dates} and jsonb_array_length(ranges) > 0`);
  return (res as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
}
