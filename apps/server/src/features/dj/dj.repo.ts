import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
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

export function toProfile(r: Omit<DjRow, 'search'>, photoUrl: (key: string) => string): DjProfile {
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

/** The profiles search lists (the `listed` flag its triggers keep, decision 040), for the sitemap: slug and last change. */
export async function listListedSlugs(q: Queryable): Promise<{ slug: string; updatedAt: Date }[]> {
  return q
    .select({ slug: djProfiles.slug, updatedAt: djProfiles.updatedAt })
    .from(djProfiles)
    .where(eq(djProfiles.listed, true))
    .orderBy(djProfiles.slug);
}

/** The licence badge over the outer dj_profiles row: a music licence approved and not expired on `day` (YYYY-MM-DD). */
export const licensedOnSql = (day: string) =>
  sql`exists (select 1 from ${djLicences} where ${djLicences.djProfileId} = ${djProfiles.id} and ${djLicences.status} = 'approved' and ${djLicences.expiresOn} > ${day})`;

/** Profiles among `ids` with a verified music licence on `day` (the badge). */
export async function licensedAmong(q: Queryable, ids: string[], day: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await q
    .select({ id: djProfiles.id })
    .from(djProfiles)
    .where(and(inArray(djProfiles.id, ids), licensedOnSql(day)));
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
