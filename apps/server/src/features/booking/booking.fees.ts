/** The platform fee (basis points of the booking total), an admin setting, and the price preview that uses it. */
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { DjService } from '../dj/dj.service.ts';
import * as repo from './booking.repo.ts';
import { computePrice, type Price } from './pricing.ts';

const DEFAULT_FEE_BPS = 1500;

export function createFees(d: { db: Db; clock: Clock; dj: DjService }) {
  async function feeBps(q: Queryable): Promise<number> {
    const v = await repo.getSetting(q, 'fee_bps');
    return v === null ? DEFAULT_FEE_BPS : Number(v);
  }
  return {
    feeBps,
    getFeeBps: (q: Queryable = d.db) => feeBps(q),
    /** With `q` in the caller's transaction (the admin feature writes its audit row in the same one). */
    async setFeeBps(admin: User, bps: number, q: Queryable = d.db): Promise<void> {
      await repo.putSetting(q, 'fee_bps', String(bps), admin.id, d.clock.now());
    },
    /** Price preview for a DJ and a time range (what the booking page shows before requesting). */
    async quote(djProfileId: string, startsAt: Date, endsAt: Date): Promise<Price> {
      const terms = await d.dj.getBookingTerms(djProfileId);
      const r = computePrice(terms.pricing, terms.currency, (endsAt.getTime() - startsAt.getTime()) / 60_000, await feeBps(d.db));
      if (!r.ok) throw new AppError('BOOKING_LENGTH_INVALID', { detail: r.reason });
      return r.price;
    },
  };
}
