import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { GALLERY_MAX, type DjProfile, type DjProfileParsed } from '@partystream/shared/dj/dj.schemas';
import { CITY_BY_ID } from '@partystream/shared/dj/cities';
import { convertMinor, type Currency } from '@partystream/shared/money';
import type { Queryable } from '../../db/client.ts';
import { djProfiles } from '../../db/schema/dj.ts';
import { djLicences, moderationRemovals, userSuspensions } from '../../db/schema/admin.ts';
import { disambiguated, profileSlug } from './slug.ts';

export type DjRow = typeof djProfiles.$inferSelect;

/**
 * The price a card shows, in EUR cents: the hourly rate for hourly DJs, the event price otherwise. Price filters
 * and price sorting compare exactly this, so "€100–150" finds the card that says "€120.00 / hour" (issue 20).
 */
function fromPrice(p: DjProfileParsed): number {
  const minor = p.pricing.kind === 'hourly' ? p.pricing.hourlyRateMinor : p.pricing.eventPriceMinor;
  return convertMinor(minor, p.currency, 'EUR');
}

function columns(p: DjProfileParsed, at: Date) {
  const city = CITY_BY_ID.get(p.cityId)!;
  return {
    stageName: p.stageName,
    bio: p.bio,
    genres: p.genres,
    tags: p.tags,
    yearsExperience: p.yearsExperience,
    equipment: p.equipment,
    languages: p.languages,
    cityId: city.id,
    cityName: city.name,
    country: city.country,
    lat: city.lat,
    lng: city.lng,
    timeZone: p.timeZone,
    currency: p.currency,
    pricingKind: p.pricing.kind,
    hourlyRateMinor: p.pricing.kind === 'hourly' ? p.pricing.hourlyRateMinor : null,
    minHours: p.pricing.kind === 'hourly' ? p.pricing.minHours : null,
    maxHours: p.pricing.kind === 'hourly' ? p.pricing.maxHours : null,
    eventPriceMinor: p.pricing.kind === 'per_event' ? p.pricing.eventPriceMinor : null,
    eventMinutes: p.pricing.kind === 'per_event' ? p.pricing.eventMinutes : null,
    fromPriceEurMinor: fromPrice(p),
    sampleLinks: p.sampleLinks,
    cancellationPolicy: p.cancellationPolicy,
    autoAccept: p.autoAccept,
    bufferMinutes: p.bufferMinutes,
    minNoticeMinutes: p.minNoticeHours * 60,
    maxAdvanceDays: p.maxAdvanceDays,
    // Weighted document: name and genres rank above tags and bio. 'simple' config: names are not English words.
    search: sql`setweight(to_tsvector('simple', ${p.stageName}), 'A') || setweight(to_tsvector('simple', ${[...p.genres, ...p.tags].join(' ').replace(/-/g, ' ')}), 'B') || setweight(to_tsvector('simple', ${p.bio}), 'C')`,
    updatedAt: at,
  };
}

/**
 * Creates or replaces the profile of `userId`; returns the row. A new profile gets its slug from its stage name and
 * city (with the start of its id when another profile has those words); an existing one keeps its slug, so links
 * people shared keep working (decision 039). The unique index is the last word on a race.
 */
export async function upsertProfile(q: Queryable, userId: string, p: DjProfileParsed, at: Date): Promise<DjRow> {
  const cols = columns(p, at);
  const id = randomUUID();
  const base = profileSlug(p.stageName, CITY_BY_ID.get(p.cityId)!.name);
  const [taken] = await q
    .select({ id: djProfiles.id })
    .from(djProfiles)
    .where(and(eq(djProfiles.slug, base), sql`${djProfiles.userId} <> ${userId}`));
  const [row] = await q
    .insert(djProfiles)
    .values({ id, userId, slug: taken ? disambiguated(base, id) : base, ...cols, createdAt: at })
    .onConflictDoUpdate({ target: djProfiles.userId, set: cols })
    .returning();
  return row!;
}

export async function findProfileBySlug(q: Queryable, slug: string): Promise<DjRow | null> {
  const [row] = await q.select().from(djProfiles).where(eq(djProfiles.slug, slug));
  return row ?? null;
}

export async function findProfileByUser(q: Queryable, userId: string): Promise<DjRow | null> {
  const [row] = await q.select().from(djProfiles).where(eq(djProfiles.userId, userId));
  return row ?? null;
}

export async function findProfile(q: Queryable, id: string): Promise<DjRow | null> {
  const [row] = await q.select().from(djProfiles).where(eq(djProfiles.id, id));
  return row ?? null;
}

/** The DJ's row locked for the rest of the transaction (serialises payout-account creation). */
export async function lockProfileByUser(q: Queryable, userId: string): Promise<DjRow | null> {
  const [row] = await q.select().from(djProfiles).where(eq(djProfiles.userId, userId)).for('update');
  return row ?? null;
}

export async function setPayoutAccount(
  q: Queryable,
  id: string,
  stripeAccountId: string | null,
  payoutsReady: boolean,
): Promise<void> {
  await q.update(djProfiles).set({ stripeAccountId, payoutsReady }).where(eq(djProfiles.id, id));
}

export async function setPayoutsReady(q: Queryable, id: string, payoutsReady: boolean): Promise<void> {
  await q.update(djProfiles).set({ payoutsReady }).where(eq(djProfiles.id, id));
}

export async function findProfileByStripeAccount(q: Queryable, stripeAccountId: string): Promise<DjRow | null> {
  const [row] = await q.select().from(djProfiles).where(eq(djProfiles.stripeAccountId, stripeAccountId));
  return row ?? null;
}

export async function setPhotoKey(q: Queryable, id: string, key: string | null, at: Date): Promise<void> {
  await q.update(djProfiles).set({ photoKey: key, updatedAt: at }).where(eq(djProfiles.id, id));
}

/**
 * Appends a gallery key in one statement, only while the gallery has room (two uploads at once cannot both take the
 * last place; the table's check would refuse a ninth anyway). Null when full.
 */
export async function appendGalleryKey(q: Queryable, id: string, key: string, at: Date): Promise<DjRow | null> {
  const [row] = await q
    .update(djProfiles)
    .set({ galleryKeys: sql`array_append(${djProfiles.galleryKeys}, ${key})`, updatedAt: at })
    .where(and(eq(djProfiles.id, id), sql`cardinality(${djProfiles.galleryKeys}) < ${GALLERY_MAX}`))
    .returning();
  return row ?? null;
}

/** Removes one gallery key; false when the profile has no such key. */
export async function removeGalleryKey(q: Queryable, id: string, key: string, at: Date): Promise<boolean> {
  const rows = await q
    .update(djProfiles)
    .set({ galleryKeys: sql`array_remove(${djProfiles.galleryKeys}, ${key})`, updatedAt: at })
    .where(and(eq(djProfiles.id, id), sql`${key} = any(${djProfiles.galleryKeys})`))
    .returning({ id: djProfiles.id });
  return rows.length > 0;
}

/** A gallery photo's public id: the random part of its key (`dj-gallery/<profile>/<id>.webp`). */
export const galleryIdOf = (key: string) => key.slice(key.lastIndexOf('/') + 1).replace(/\.webp$/, '');

export function toProfile(r: DjRow, photoUrl: (key: string) => string): DjProfile {
  return {
    id: r.id,
    slug: r.slug,
    userId: r.userId,
    stageName: r.stageName,
    bio: r.bio,
    genres: r.genres,
    tags: r.tags,
    yearsExperience: r.yearsExperience,
    equipment: r.equipment,
    languages: r.languages,
    city: { id: r.cityId, name: r.cityName, country: r.country, lat: r.lat, lng: r.lng },
    timeZone: r.timeZone,
    currency: r.currency as Currency,
    pricing:
      r.pricingKind === 'hourly'
        ? { kind: 'hourly', hourlyRateMinor: r.hourlyRateMinor!, minHours: r.minHours!, maxHours: r.maxHours! }
        : { kind: 'per_event', eventPriceMinor: r.eventPriceMinor!, eventMinutes: r.eventMinutes! },
    sampleLinks: r.sampleLinks as DjProfile['sampleLinks'],
    cancellationPolicy: r.cancellationPolicy,
    autoAccept: r.autoAccept,
    bufferMinutes: r.bufferMinutes,
    minNoticeHours: Math.round(r.minNoticeMinutes / 60),
    maxAdvanceDays: r.maxAdvanceDays,
    photoUrl: r.photoKey ? photoUrl(r.photoKey) : null,
    gallery: r.galleryKeys.map((k) => ({ id: galleryIdOf(k), url: photoUrl(k) })),
    rating: {
      average: r.ratingAvg === null ? null : Math.round(r.ratingAvg * 10) / 10,
      count: r.ratingCount,
      score: r.ratingScore === null ? null : Math.round(r.ratingScore * 10) / 10,
    },
    bookable: r.payoutsReady,
  };
}

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

const EARTH_KM = 6371;
const textArray = (xs: string[]) =>
  sql`ARRAY[${sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;

/**
 * A suspended DJ (features/admin) is not listed, shown or bookable; a profile moderators removed is not listed or
 * shown. `not in` over a non-null key is one hashed lookup per row; the `not exists` anti-join it replaced ran as a
 * nested loop rescanning the (small) table for every profile, most of the cost of counting 10,000 DJs (issue 15 bench).
 */
const notSuspended = sql`${djProfiles.userId} not in (select ${userSuspensions.userId} from ${userSuspensions})
  and ${djProfiles.id}::text not in (select ${moderationRemovals.targetId} from ${moderationRemovals} where ${moderationRemovals.kind} = 'profile' and ${moderationRemovals.targetId} is not null)`;

/** The profiles search lists (payouts ready, not deleted, suspended or removed), for the sitemap: slug and last change. */
export async function listListedSlugs(q: Queryable): Promise<{ slug: string; updatedAt: Date }[]> {
  return q
    .select({ slug: djProfiles.slug, updatedAt: djProfiles.updatedAt })
    .from(djProfiles)
    .where(and(eq(djProfiles.payoutsReady, true), sql`${djProfiles.hiddenAt} is null`, notSuspended))
    .orderBy(djProfiles.slug);
}

const licensedOn = (day: string) =>
  sql`exists (select 1 from ${djLicences} where ${djLicences.djProfileId} = ${djProfiles.id} and ${djLicences.status} = 'approved' and ${djLicences.expiresOn} > ${day})`;

/** Profiles among `ids` with a verified music licence on `day` (the badge). */
export async function licensedAmong(q: Queryable, ids: string[], day: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await q
    .select({ id: djProfiles.id })
    .from(djProfiles)
    .where(and(inArray(djProfiles.id, ids), licensedOn(day)));
  return new Set(rows.map((r) => r.id));
}

/** Moderators removed this profile after a report (features/admin): it is no longer shown. */
export async function isRemovedByModeration(q: Queryable, djProfileId: string): Promise<boolean> {
  const [row] = await q
    .select({ id: moderationRemovals.targetId })
    .from(moderationRemovals)
    .where(and(eq(moderationRemovals.kind, 'profile'), eq(moderationRemovals.targetId, djProfileId)));
  return !!row;
}

export async function isSuspended(q: Queryable, userId: string): Promise<boolean> {
  const [row] = await q.select({ id: userSuspensions.userId }).from(userSuspensions).where(eq(userSuspensions.userId, userId));
  return !!row;
}

/** Filtered, sorted page of profiles plus the total count; distance in km when a centre is given. */
export async function searchProfiles(
  q: Queryable,
  f: SearchFilters,
): Promise<{ rows: (DjRow & { distanceKm: number | null })[]; total: number }> {
  // Only DJs hosts can book (payout setup done) are listed.
  const where: SQL[] = [eq(djProfiles.payoutsReady, true), sql`${djProfiles.hiddenAt} is null`, notSuspended];
  const tsq = f.text ? sql`websearch_to_tsquery('simple', ${f.text})` : null;
  if (tsq)
    where.push(
      sql`(${djProfiles.search} @@ ${tsq} or ${djProfiles.stageName} ilike ${'%' + f.text!.replace(/[%_\\]/g, '\\$&') + '%'})`,
    );
  if (f.country) where.push(eq(djProfiles.country, f.country));
  if (f.genres?.length) where.push(sql`${djProfiles.genres} && ${textArray(f.genres)}`);
  if (f.languages?.length) where.push(sql`${djProfiles.languages} && ${textArray(f.languages)}`);
  if (f.minPriceEurMinor !== undefined) where.push(sql`${djProfiles.fromPriceEurMinor} >= ${f.minPriceEurMinor}`);
  if (f.maxPriceEurMinor !== undefined) where.push(sql`${djProfiles.fromPriceEurMinor} <= ${f.maxPriceEurMinor}`);
  // The Bayesian score (decision 018), the figure cards show and "Top rated" sorts by.
  if (f.minRating !== undefined) where.push(sql`${djProfiles.ratingScore} >= ${f.minRating}`);
  if (f.licensedOn) where.push(licensedOn(f.licensedOn));
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
  const cond = where.length ? and(...where) : undefined;
  const order =
    f.sort === 'price_asc'
      ? sql`${djProfiles.fromPriceEurMinor} asc, ${djProfiles.id}`
      : f.sort === 'price_desc'
        ? sql`${djProfiles.fromPriceEurMinor} desc, ${djProfiles.id}`
        : f.sort === 'rating' || !tsq
          ? sql`${djProfiles.ratingScore} desc nulls last, ${djProfiles.ratingCount} desc nulls last, ${djProfiles.id}`
          : sql`ts_rank(${djProfiles.search}, ${tsq}) desc, ${djProfiles.ratingScore} desc nulls last, ${djProfiles.id}`;
  // Sorted by rating or price, an index gives the page at once: count separately instead of a window count,
  // which must read and sort every match before the first row (issue 15 bench: ~40% less for "Top rated").
  // (Not with an availability condition: walking the index would evaluate it once more for every skipped row.)
  if (!f.where && (f.sort !== 'relevance' || !tsq)) {
    const [ids, total] = await Promise.all([
      q
        .select({ id: djProfiles.id, distanceKm: sql<number | null>`${distance}`.as('distance_km') })
        .from(djProfiles)
        .where(cond)
        .orderBy(order)
        .limit(f.limit)
        .offset(f.offset),
      countOnly(q, cond),
    ]);
    return { rows: await fullRows(q, ids), total };
  }
  // Narrow first (ids, distance, total), then the ≤ one page of full rows: a window count over whole rows (with
  // their tsvector) spills to disk in PGlite and cost ~25 ms on 10,000 DJs; over ids it costs ~5.
  const page = await q
    .select({
      id: djProfiles.id,
      distanceKm: sql<number | null>`${distance}`.as('distance_km'),
      total: sql<number>`count(*) over ()`.as('total'),
    })
    .from(djProfiles)
    .where(cond)
    .orderBy(order)
    .limit(f.limit)
    .offset(f.offset);
  return {
    rows: await fullRows(q, page),
    total: page.length ? Number(page[0]!.total) : f.offset === 0 ? 0 : await countOnly(q, cond),
  };
}

/** The full rows of one page of ids, in the page's order, with their distance. */
async function fullRows(q: Queryable, page: { id: string; distanceKm: number | null }[]) {
  const full = page.length
    ? await q
        .select()
        .from(djProfiles)
        .where(
          inArray(
            djProfiles.id,
            page.map((p) => p.id),
          ),
        )
    : [];
  const byId = new Map(full.map((r) => [r.id, r]));
  return page.flatMap((p) => {
    const row = byId.get(p.id);
    return row ? [{ ...row, distanceKm: p.distanceKm === null ? null : Number(p.distanceKm) }] : [];
  });
}

async function countOnly(q: Queryable, cond: SQL | undefined): Promise<number> {
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
