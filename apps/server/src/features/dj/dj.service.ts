/**
 * DJ profiles and marketplace search. A DJ edits only their own profile (found by their user id, never by an
 * id they send). `getBookingTerms` is the contract the booking feature prices and checks against.
 */
import { DateTime } from 'luxon';
import {
  type DjCard,
  type DjProfile,
  type DjProfileParsed,
  type DjSearchQuery,
  type Pricing,
  type CancellationPolicy,
  GALLERY_MAX,
} from '@partystream/shared/dj/dj.schemas';
import { CITY_BY_ID } from '@partystream/shared/dj/cities';
import { convertMinor, type Currency } from '@partystream/shared/money';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import * as repo from './dj.repo.ts';
import { randomBytes } from 'node:crypto';
import type { StorageProvider } from '../../providers/storage/storage.ts';
import { processGalleryPhoto, processProfilePhoto } from './photo.ts';

export interface BookingTerms {
  djProfileId: string;
  djUserId: string;
  stageName: string;
  timeZone: string;
  currency: Currency;
  pricing: Pricing;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  autoAccept: boolean;
  cancellationPolicy: CancellationPolicy;
  /** Where this DJ's booking money goes (Stripe connected account; null with the embedded processor). */
  stripeAccountId: string | null;
  /** The payments provider can pay this DJ; bookings need it (DJ_PAYOUTS_NOT_READY otherwise). */
  payoutsReady: boolean;
}

/** The payout side of a DJ profile, for the payment feature. */
export interface PayoutAccount {
  djProfileId: string;
  djUserId: string;
  stripeAccountId: string | null;
  payoutsReady: boolean;
}

/**
 * Whether bookings can be paid to this DJ with the provider in use: payouts ready, and with Stripe a connected
 * account to send the money to (a DJ set up under the embedded processor has none).
 */
export function canBePaid(providerKind: 'local' | 'stripe', a: Pick<PayoutAccount, 'stripeAccountId' | 'payoutsReady'>): boolean {
  return a.payoutsReady && (providerKind !== 'stripe' || a.stripeAccountId !== null);
}

const toPayoutAccount = (r: repo.DjRow): PayoutAccount => ({
  djProfileId: r.id,
  djUserId: r.userId,
  stripeAccountId: r.stripeAccountId,
  payoutsReady: r.payoutsReady,
});

export interface DjServiceDeps {
  db: Db;
  clock: Clock;
  photoUrl(key: string): string;
  storage: StorageProvider;
  availability: () => AvailabilityService;
  onChanged?(djProfileId: string): void;
  /** Parties each DJ has played (the booking feature's count); DJs with none may be absent. */
  partiesPlayed?(djProfileIds: string[]): Promise<Map<string, number>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createDjService(d: DjServiceDeps) {
  const toProfile = (r: repo.DjRow) => repo.toProfile(r, d.photoUrl);

  async function getRow(id: string, q: Queryable = d.db): Promise<repo.DjRow> {
    const row = await repo.findProfile(q, id);
    if (!row) throw new AppError('NOT_FOUND', { detail: 'No such DJ.' });
    return row;
  }

  return {
    /** The profiles search lists, for the sitemap (slug and when each last changed). */
    listListedProfiles: () => repo.listListedSlugs(d.db),

    async getMine(user: User): Promise<DjProfile | null> {
      const row = await repo.findProfileByUser(d.db, user.id);
      return row ? toProfile(row) : null;
    },

    async saveMine(user: User, parsed: DjProfileParsed): Promise<DjProfile> {
      // Zone and hours feed the search index: the profile and its index row commit together.
      const row = await d.db.transaction(async (tx) => {
        const r = await repo.upsertProfile(tx, user.id, parsed, d.clock.now());
        await d.availability().reindexOne(r.id, tx);
        return r;
      });
      d.onChanged?.(row.id);
      return toProfile(row);
    },

    async requireOwnProfileId(userId: string): Promise<string> {
      const row = await repo.findProfileByUser(d.db, userId);
      if (!row) throw new AppError('DJ_PROFILE_REQUIRED', { detail: 'Create your DJ profile before setting availability.' });
      return row.id;
    },

    /** A profile anyone may see, by id or by slug (issue 20: `/djs/dj-quinn-berlin`). */
    async getPublic(idOrSlug: string): Promise<DjProfile> {
      const row = UUID.test(idOrSlug) ? await getRow(idOrSlug) : await repo.findProfileBySlug(d.db, idOrSlug);
      if (!row) throw new AppError('NOT_FOUND', { detail: 'No such DJ.' });
      // A deleted account's profile stays only as the target of its bookings (features/account).
      if (row.hiddenAt || (await repo.isSuspended(d.db, row.userId)) || (await repo.isRemovedByModeration(d.db, row.id)))
        throw new AppError('NOT_FOUND', { detail: 'No such DJ.' });
      const licensed = await repo.licensedAmong(d.db, [row.id], d.clock.now().toISOString().slice(0, 10));
      const played = (await d.partiesPlayed?.([row.id]))?.get(row.id) ?? 0;
      return { ...toProfile(row), licenceVerified: licensed.has(row.id), partiesPlayed: played };
    },

    /** Re-encodes and stores a new photo, then removes the old file (after the row points at the new one). */
    async uploadPhoto(userId: string, input: Buffer): Promise<DjProfile> {
      const row = await repo.findProfileByUser(d.db, userId);
      if (!row) throw new AppError('DJ_PROFILE_REQUIRED', { detail: 'Create your DJ profile before adding a photo.' });
      const webp = await processProfilePhoto(input);
      const key = `dj-photos/${row.id}/${randomBytes(12).toString('hex')}.webp`;
      await d.storage.put(key, webp, 'image/webp');
      await repo.setPhotoKey(d.db, row.id, key, d.clock.now());
      if (row.photoKey) await d.storage.delete(row.photoKey).catch(() => {});
      d.onChanged?.(row.id);
      return toProfile({ ...row, photoKey: key });
    },

    /** Adds a photo to the end of the gallery (DJ_GALLERY_FULL at GALLERY_MAX); the file is stored before the row points at it. */
    async addGalleryPhoto(userId: string, input: Buffer): Promise<DjProfile> {
      const row = await repo.findProfileByUser(d.db, userId);
      if (!row) throw new AppError('DJ_PROFILE_REQUIRED', { detail: 'Create your DJ profile before adding photos.' });
      const full = () => new AppError('DJ_GALLERY_FULL', { detail: `The gallery holds at most ${GALLERY_MAX} photos.` });
      if (row.galleryKeys.length >= GALLERY_MAX) throw full();
      const webp = await processGalleryPhoto(input);
      const key = `dj-gallery/${row.id}/${randomBytes(12).toString('hex')}.webp`;
      await d.storage.put(key, webp, 'image/webp');
      const updated = await repo.appendGalleryKey(d.db, row.id, key, d.clock.now());
      if (!updated) {
        await d.storage.delete(key).catch(() => {});
        throw full();
      }
      d.onChanged?.(row.id);
      return toProfile(updated);
    },

    async removeGalleryPhoto(userId: string, photoId: string): Promise<void> {
      const row = await repo.findProfileByUser(d.db, userId);
      const key = row?.galleryKeys.find((k) => repo.galleryIdOf(k) === photoId);
      if (!row || !key || !(await repo.removeGalleryKey(d.db, row.id, key, d.clock.now()))) {
        throw new AppError('NOT_FOUND', { detail: 'No such photo.' });
      }
      await d.storage.delete(key).catch(() => {});
      d.onChanged?.(row.id);
    },

    async removePhoto(userId: string): Promise<void> {
      const row = await repo.findProfileByUser(d.db, userId);
      if (!row?.photoKey) throw new AppError('NOT_FOUND', { detail: 'No photo to remove.' });
      await repo.setPhotoKey(d.db, row.id, null, d.clock.now());
      await d.storage.delete(row.photoKey).catch(() => {});
    },

    /** The caller's payout account; DJ_PROFILE_REQUIRED without a profile. Pass `lock` inside a transaction to hold the row. */
    async getPayoutAccount(userId: string, q: Queryable = d.db, lock = false): Promise<PayoutAccount> {
      const row = lock ? await repo.lockProfileByUser(q, userId) : await repo.findProfileByUser(q, userId);
      if (!row) throw new AppError('DJ_PROFILE_REQUIRED', { detail: 'Create your DJ profile before setting up payouts.' });
      return toPayoutAccount(row);
    },

    async setPayoutAccount(
      djProfileId: string,
      stripeAccountId: string | null,
      payoutsReady: boolean,
      q: Queryable = d.db,
    ): Promise<void> {
      await repo.setPayoutAccount(q, djProfileId, stripeAccountId, payoutsReady);
    },

    async setPayoutsReady(djProfileId: string, payoutsReady: boolean, q: Queryable = d.db): Promise<void> {
      await repo.setPayoutsReady(q, djProfileId, payoutsReady);
    },

    async findPayoutAccountByStripeId(stripeAccountId: string, q: Queryable = d.db): Promise<PayoutAccount | null> {
      const row = await repo.findProfileByStripeAccount(q, stripeAccountId);
      return row ? toPayoutAccount(row) : null;
    },

    /** Contract for the booking feature. */
    async getBookingTerms(djProfileId: string, q: Queryable = d.db): Promise<BookingTerms> {
      const row = await getRow(djProfileId, q);
      const p = toProfile(row);
      return {
        stripeAccountId: row.stripeAccountId,
        // A suspended DJ cannot be booked or accept (features/admin); pay-outs of past parties still go to the account.
        payoutsReady: row.payoutsReady && !(await repo.isSuspended(q, row.userId)),
        djProfileId: p.id,
        djUserId: p.userId,
        stageName: p.stageName,
        timeZone: p.timeZone,
        currency: p.currency,
        pricing: p.pricing,
        bufferMinutes: p.bufferMinutes,
        minNoticeMinutes: p.minNoticeHours * 60,
        maxAdvanceDays: p.maxAdvanceDays,
        autoAccept: p.autoAccept,
        cancellationPolicy: p.cancellationPolicy,
      };
    },

    async search(query: DjSearchQuery): Promise<{ items: DjCard[]; total: number; page: number; pageSize: number }> {
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
      const base = {
        text: query.q || undefined,
        center: center ? { lat: center.lat, lng: center.lng, radiusKm: center.radiusKm } : undefined,
        country: query.country ?? (query.cityId && !query.radiusKm ? CITY_BY_ID.get(query.cityId)!.country : undefined),
        genres: query.genres,
        languages: query.languages,
        minPriceEurMinor: query.minPrice !== undefined ? toEur(query.minPrice) : undefined,
        maxPriceEurMinor: query.maxPrice !== undefined ? toEur(query.maxPrice) : undefined,
        minRating: query.minRating,
        licensedOn: query.licensed ? d.clock.now().toISOString().slice(0, 10) : undefined,
        sort: query.sort,
      };
      const availability = d.availability();
      let rows: (repo.DjRow & { distanceKm: number | null })[];
      let total: number;
      const now0 = d.clock.now().getTime();
      const indexed =
        window &&
        availability.indexCovers(Math.max(window.from, now0), window.to) &&
        (await availability.ensureIndexed(Math.max(window.from, now0), window.to, 50)) >= 0;
      if (window && indexed) {
        // The index (dj_open_windows) answers in SQL, so filters, sorting, paging and the total stay in Postgres.
        const res = await repo.searchProfiles(d.db, {
          ...base,
          where: availability.availableSql(window.from, window.to),
          limit: query.pageSize,
          offset: (query.page - 1) * query.pageSize,
        });
        rows = res.rows;
        total = res.total;
      } else if (window) {
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
        rows = open.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
      } else {
        const res = await repo.searchProfiles(d.db, {
          ...base,
          limit: query.pageSize,
          offset: (query.page - 1) * query.pageSize,
        });
        rows = res.rows;
        total = res.total;
      }
      const now = d.clock.now().getTime();
      const horizonFrom = window?.from ?? now;
      // Most DJs are open within a week: look 7 days ahead first, then 60 only for those without a window.
      const nextOpen = await availability.openIntervalsMany(
        rows.map((r) => r.id),
        horizonFrom,
        horizonFrom + 7 * 86_400_000,
      );
      const missing = rows.filter((r) => !nextOpen.get(r.id)?.length).map((r) => r.id);
      if (missing.length) {
        for (const [id, w] of await availability.openIntervalsMany(
          missing,
          horizonFrom + 7 * 86_400_000,
          horizonFrom + 60 * 86_400_000,
        ))
          nextOpen.set(id, w);
      }
      const licensed = await repo.licensedAmong(
        d.db,
        rows.map((r) => r.id),
        d.clock.now().toISOString().slice(0, 10),
      );
      const played = (await d.partiesPlayed?.(rows.map((r) => r.id))) ?? new Map<string, number>();
      const items: DjCard[] = [];
      for (const r of rows) {
        const p = toProfile(r);
        const amount = p.pricing.kind === 'hourly' ? p.pricing.hourlyRateMinor : p.pricing.eventPriceMinor;
        const next = nextOpen.get(r.id) ?? [];
        items.push({
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
          nextOpenAt: next[0] ? new Date(next[0].start).toISOString() : null,
          distanceKm: r.distanceKm === null ? null : Math.round(r.distanceKm),
          licenceVerified: licensed.has(r.id),
          partiesPlayed: played.get(r.id) ?? 0,
        });
      }
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
  };
}

export type DjService = ReturnType<typeof createDjService>;
