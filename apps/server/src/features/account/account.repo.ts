/**
 * Tables the privacy features read and anonymise across features (export, deletion, retention). Reads only what
 * the owner is entitled to: rows keyed by their user id, the bookings they are a party to, and the chat and song
 * requests they wrote (`user:<id>`). Booking and payment rows are only read and, for the host's note, blanked;
 * their amounts stay (money records are kept as the law requires, docs/decisions/026).
 */
import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { emailChanges, userConsents } from '../../db/schema/account.ts';
import { bookings } from '../../db/schema/booking.ts';
import { djBlockedPeriods, djDateOverrides, djOpenWindows, djProfiles, djWeeklyHours } from '../../db/schema/dj.ts';
import { ledgerLines, ledgerTransactions, payments } from '../../db/schema/ledger.ts';
import { mailOutbox } from '../../db/schema/mail.ts';
import { parties } from '../../db/schema/party.ts';
import { partyMessages, songRequests } from '../../db/schema/party-room.ts';
import { rateLimits } from '../../db/schema/rate-limit.ts';
import { authTokens, sessions, users } from '../../db/schema/user.ts';
import { statesWhere } from '@partystream/shared/booking/booking.states';
import { isOpen } from '@partystream/shared/booking/booking.process';

export type UserRow = typeof users.$inferSelect;

export async function findUser(q: Queryable, id: string): Promise<UserRow | null> {
  const [row] = await q
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)));
  return row ?? null;
}

export async function lockUser(q: Queryable, id: string): Promise<UserRow | null> {
  const [row] = await q
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)))
    .for('update');
  return row ?? null;
}

export async function emailTaken(q: Queryable, email: string): Promise<boolean> {
  const [row] = await q.select({ id: users.id }).from(users).where(eq(users.email, email));
  return !!row;
}

export async function setDisplayName(q: Queryable, id: string, displayName: string, at: Date): Promise<void> {
  await q.update(users).set({ displayName, updatedAt: at }).where(eq(users.id, id));
}

// --- email change ---------------------------------------------------------------------------------------------

export async function replaceEmailChange(
  q: Queryable,
  v: { userId: string; newEmail: string; tokenHash: string; expiresAt: Date; createdAt: Date },
): Promise<void> {
  await q.delete(emailChanges).where(and(eq(emailChanges.userId, v.userId), isNull(emailChanges.usedAt)));
  await q.insert(emailChanges).values(v);
}

export async function pendingEmail(q: Queryable, userId: string, now: Date): Promise<string | null> {
  const [row] = await q
    .select({ newEmail: emailChanges.newEmail })
    .from(emailChanges)
    .where(and(eq(emailChanges.userId, userId), isNull(emailChanges.usedAt), sql`${emailChanges.expiresAt} > ${now}`));
  return row?.newEmail ?? null;
}

/** Marks a live change token used; returns who asked and for which address, or null. */
export async function consumeEmailChange(
  q: Queryable,
  tokenHash: string,
  now: Date,
): Promise<{ userId: string; newEmail: string } | null> {
  const rows = await q
    .update(emailChanges)
    .set({ usedAt: now })
    .where(and(eq(emailChanges.tokenHash, tokenHash), isNull(emailChanges.usedAt), sql`${emailChanges.expiresAt} > ${now}`))
    .returning({ userId: emailChanges.userId, newEmail: emailChanges.newEmail });
  return rows[0] ?? null;
}

export async function setEmail(q: Queryable, id: string, email: string, at: Date): Promise<void> {
  await q.update(users).set({ email, emailVerifiedAt: at, updatedAt: at }).where(eq(users.id, id));
}

// --- export ---------------------------------------------------------------------------------------------------

/** Every row the export holds, as stored (the service shapes it). */
export async function exportRows(q: Queryable, userId: string) {
  const authorKey = `user:${userId}`;
  const [user] = await q.select().from(users).where(eq(users.id, userId));
  const consents = await q
    .select()
    .from(userConsents)
    .where(eq(userConsents.userId, userId))
    .orderBy(asc(userConsents.acceptedAt));
  const sessionRows = await q.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(asc(sessions.createdAt));
  const [dj] = await q.select().from(djProfiles).where(eq(djProfiles.userId, userId));
  const weekly = dj ? await q.select().from(djWeeklyHours).where(eq(djWeeklyHours.djProfileId, dj.id)) : [];
  const overrides = dj ? await q.select().from(djDateOverrides).where(eq(djDateOverrides.djProfileId, dj.id)) : [];
  const blocked = dj ? await q.select().from(djBlockedPeriods).where(eq(djBlockedPeriods.djProfileId, dj.id)) : [];
  const bookingRows = await q
    .select()
    .from(bookings)
    .where(or(eq(bookings.hostUserId, userId), eq(bookings.djUserId, userId)))
    .orderBy(asc(bookings.startsAt));
  const ids = bookingRows.map((b) => b.id);
  const paymentRows = ids.length ? await q.select().from(payments).where(inArray(payments.bookingId, ids)) : [];
  const lines = ids.length
    ? await q
        .select({
          bookingId: ledgerLines.bookingId,
          account: ledgerLines.account,
          amountMinor: ledgerLines.amountMinor,
          currency: ledgerLines.currency,
          kind: ledgerTransactions.kind,
          at: ledgerTransactions.createdAt,
        })
        .from(ledgerLines)
        .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerLines.transactionId))
        .where(inArray(ledgerLines.bookingId, ids))
        .orderBy(asc(ledgerTransactions.seq))
    : [];
  const messages = await q
    .select({
      partyId: partyMessages.partyId,
      bookingId: parties.bookingId,
      authorName: partyMessages.authorName,
      text: partyMessages.text,
      createdAt: partyMessages.createdAt,
      deletedAt: partyMessages.deletedAt,
    })
    .from(partyMessages)
    .innerJoin(parties, eq(parties.id, partyMessages.partyId))
    .where(eq(partyMessages.authorKey, authorKey))
    .orderBy(asc(partyMessages.createdAt), asc(partyMessages.seq));
  const requests = await q
    .select({
      bookingId: parties.bookingId,
      title: songRequests.title,
      artist: songRequests.artist,
      link: songRequests.link,
      status: songRequests.status,
      createdAt: songRequests.createdAt,
      playedAt: songRequests.playedAt,
    })
    .from(songRequests)
    .innerJoin(parties, eq(parties.id, songRequests.partyId))
    .where(eq(songRequests.requestedBy, authorKey))
    .orderBy(asc(songRequests.createdAt), asc(songRequests.seq));
  return {
    user: user!,
    consents,
    sessions: sessionRows,
    dj: dj ?? null,
    weekly,
    overrides,
    blocked,
    bookingRows,
    paymentRows,
    lines,
    messages,
    requests,
  };
}

// --- deletion -------------------------------------------------------------------------------------------------

/** States in which a booking still holds a slot, money or a payout (terminal states are the others). */
export const OPEN_BOOKING_STATES: readonly string[] = statesWhere(isOpen);
/** Payment statuses where money is held but not settled. */
export const OPEN_PAYMENT_STATUSES = ['pending', 'requires_action', 'authorized'] as const;

/**
 * Bookings of the user that keep the account from being deleted: an open state, an open card dispute, or a payment
 * still held. Read inside the deletion's transaction, after the user row is locked.
 */
export async function openBookings(q: Queryable, userId: string) {
  return q
    .select({
      id: bookings.id,
      state: bookings.state,
      startsAt: bookings.startsAt,
      disputeStatus: bookings.disputeStatus,
      paymentStatus: payments.status,
    })
    .from(bookings)
    .leftJoin(payments, eq(payments.bookingId, bookings.id))
    .where(
      and(
        or(eq(bookings.hostUserId, userId), eq(bookings.djUserId, userId)),
        or(
          inArray(bookings.state, [...OPEN_BOOKING_STATES]),
          eq(bookings.disputeStatus, 'open'),
          inArray(payments.status, [...OPEN_PAYMENT_STATUSES]),
        ),
      ),
    )
    .orderBy(asc(bookings.startsAt));
}

/**
 * Erases or anonymises everything personal of one user in the caller's transaction. Returns the storage keys of
 * files to remove (DJ photo). What stays: the user row (bookings and ledger lines reference it) with a placeholder
 * email and name, booking and payment rows with their amounts, chat and song requests under `formerName`.
 */
export async function anonymiseUser(
  q: Queryable,
  userId: string,
  v: { placeholderEmail: string; formerName: string; unusablePasswordHash: string; at: Date },
): Promise<{ fileKeys: string[]; oldEmail: string }> {
  const authorKey = `user:${userId}`;
  const [old] = await q.select({ email: users.email }).from(users).where(eq(users.id, userId));
  await q
    .update(users)
    .set({
      email: v.placeholderEmail,
      displayName: v.formerName,
      passwordHash: v.unusablePasswordHash,
      emailVerifiedAt: null,
      timeZone: null,
      locale: 'en',
      deletedAt: v.at,
      updatedAt: v.at,
    })
    .where(eq(users.id, userId));
  await q
    .update(sessions)
    .set({ revokedAt: sql`coalesce(${sessions.revokedAt}, ${v.at}::timestamptz)`, ip: null, userAgent: null })
    .where(eq(sessions.userId, userId));
  await q.delete(authTokens).where(eq(authTokens.userId, userId));
  await q.delete(emailChanges).where(eq(emailChanges.userId, userId));
  await q.update(partyMessages).set({ authorName: v.formerName }).where(eq(partyMessages.authorKey, authorKey));
  await q.update(songRequests).set({ requestedByName: v.formerName }).where(eq(songRequests.requestedBy, authorKey));
  // The host's note may describe the party or the guests; the booking itself stays for the accounts.
  await q.update(bookings).set({ note: '', updatedAt: v.at }).where(eq(bookings.hostUserId, userId));

  const fileKeys: string[] = [];
  const [dj] = await q.select().from(djProfiles).where(eq(djProfiles.userId, userId));
  if (dj) {
    if (dj.photoKey) fileKeys.push(dj.photoKey);
    fileKeys.push(...dj.galleryKeys);
    await q.delete(djWeeklyHours).where(eq(djWeeklyHours.djProfileId, dj.id));
    await q.delete(djDateOverrides).where(eq(djDateOverrides.djProfileId, dj.id));
    await q.delete(djBlockedPeriods).where(eq(djBlockedPeriods.djProfileId, dj.id));
    await q.delete(djOpenWindows).where(eq(djOpenWindows.djProfileId, dj.id));
    // Bookings reference the profile, so it stays as an empty shell: out of search (payouts_ready false, hidden_at)
    // and out of the public profile route, with nothing personal left in it.
    await q
      .update(djProfiles)
      .set({
        stageName: v.formerName,
        bio: '',
        tags: [],
        equipment: [],
        sampleLinks: [],
        photoKey: null,
        galleryKeys: [],
        payoutsReady: false,
        hiddenAt: v.at,
        search: null,
        updatedAt: v.at,
      })
      .where(eq(djProfiles.id, dj.id));
  }
  if (old) {
    await q.delete(mailOutbox).where(eq(mailOutbox.to, old.email));
    await q.delete(rateLimits).where(sql`${rateLimits.key} like ${'%:' + old.email.replace(/[%_\\]/g, '\\$&')}`);
  }
  return { fileKeys, oldEmail: old?.email ?? '' };
}

// --- retention ------------------------------------------------------------------------------------------------

/** Deletes the chat of parties whose booking ended before `endedBefore`; returns how many messages went. */
export async function purgeChatOfPartiesEndedBefore(q: Queryable, endedBefore: Date): Promise<number> {
  const rows = await q
    .delete(partyMessages)
    .where(
      sql`${partyMessages.partyId} in (select ${parties.id} from ${parties} join ${bookings} on ${bookings.id} = ${parties.bookingId} where ${bookings.endsAt} < ${endedBefore})`,
    )
    .returning({ id: partyMessages.id });
  return rows.length;
}

/** Forgets the IP address of sessions not used since `lastSeenBefore`; returns how many rows changed. */
export async function clearSessionIpsSeenBefore(q: Queryable, lastSeenBefore: Date): Promise<number> {
  const rows = await q
    .update(sessions)
    .set({ ip: null })
    .where(and(isNotNull(sessions.ip), lt(sessions.lastSeenAt, lastSeenBefore)))
    .returning({ id: sessions.id });
  return rows.length;
}

/**
 * Reviews the user wrote, when the review feature's table exists (it reads by SQL so this file does not depend on
 * that schema): host-to-DJ reviews of their bookings as host, DJ-to-host ones as DJ.
 */
export async function reviewsBy(q: Queryable, userId: string): Promise<Record<string, unknown>[]> {
  const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
  const exists = rowsOf(await q.execute(sql`select to_regclass('public.reviews') is not null as ok`));
  if (!exists[0]?.ok) return [];
  const res = await q.execute(sql`
    select r.* from reviews r join bookings b on b.id = r.booking_id
    where (r.direction = 'host_to_dj' and b.host_user_id = ${userId}) or (r.direction = 'dj_to_host' and b.dj_user_id = ${userId})
    order by b.starts_at`);
  return rowsOf(res).map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])),
  );
}
