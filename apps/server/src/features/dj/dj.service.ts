/**
 * DJ profiles and marketplace search. A DJ edits only their own profile (found by their user id, never by an
 * id they send). `getBookingTerms` is the contract the booking feature prices and checks against.
 */
import {
  type DjProfile,
  type DjProfileParsed,
  type Pricing,
  type CancellationPolicy,
  GALLERY_MAX,
} from '@partystream/shared/dj/dj.schemas';
import type { Currency } from '@partystream/shared/money';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AvailabilityService } from '../availability/availability.service.ts';
import * as repo from './dj.repo.ts';
import { createSearch } from './search.ts';
import type { CardSql } from './search.repo.ts';
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
  /** The same count as an SQL expression over a DJ id (search reads it in the page's statement). */
  partiesPlayedSql?: CardSql['played'];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createDjService(d: DjServiceDeps) {
  const toProfile = (r: Omit<repo.DjRow, 'search'>) => repo.toProfile(r, d.photoUrl);

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

    search: createSearch({ ...d, toProfile }),
  };
}

export type DjService = ReturnType<typeof createDjService>;
