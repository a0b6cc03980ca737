/**
 * The tables behind mail preferences: `mail_opt_outs` (a user's own "no more", per category; decision 038),
 * `mail_unsubscribes` (an address said "no more": guests without an account), the account a mail goes to, and, for
 * reminders, the guests a party's host invited by email (`party_invite_emails`, written by the invite flow) with
 * their own party link.
 */
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { djProfiles } from '../../../db/schema/dj.ts';
import { mailOptOuts, mailUnsubscribes, partyInviteEmails } from '../../../db/schema/notification.ts';
import { parties, partyInvites } from '../../../db/schema/party.ts';
import { users } from '../../../db/schema/user.ts';

/** An account as a mail sees it: address, name, language, own zone, and a DJ's profile zone. */
export interface MailAccount {
  userId: string;
  email: string;
  displayName: string;
  locale: string;
  timeZone: string | null;
  djTimeZone: string | null;
}

async function findAccountWhere(q: Queryable, where: ReturnType<typeof eq>): Promise<MailAccount | null> {
  const [r] = await q
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      locale: users.locale,
      timeZone: users.timeZone,
      djTimeZone: djProfiles.timeZone,
    })
    .from(users)
    .leftJoin(djProfiles, eq(djProfiles.userId, users.id))
    .where(where)
    .limit(1);
  return r ?? null;
}
export const findAccount = (q: Queryable, userId: string) => findAccountWhere(q, eq(users.id, userId));
export const findAccountByEmail = (q: Queryable, email: string) =>
  findAccountWhere(q, eq(sql`lower(${users.email})`, email.toLowerCase()));
/** The account of a DJ profile (licence mails name the profile). */
export async function findDjUserId(q: Queryable, djProfileId: string): Promise<string | null> {
  const [r] = await q.select({ userId: djProfiles.userId }).from(djProfiles).where(eq(djProfiles.id, djProfileId));
  return r?.userId ?? null;
}

export async function listOptOuts(q: Queryable, userId: string): Promise<string[]> {
  const rows = await q.select({ category: mailOptOuts.category }).from(mailOptOuts).where(eq(mailOptOuts.userId, userId));
  return rows.map((r) => r.category);
}

export async function isOptedOut(q: Queryable, userId: string, category: string): Promise<boolean> {
  return (await listOptOuts(q, userId)).includes(category);
}

/** The user's own "no more" (idempotent: the first time is kept). */
export async function optOut(q: Queryable, userId: string, category: string, at: Date): Promise<void> {
  await q.insert(mailOptOuts).values({ userId, category, createdAt: at }).onConflictDoNothing();
}

export async function optIn(q: Queryable, userId: string, categories: string[]): Promise<void> {
  if (!categories.length) return;
  await q.delete(mailOptOuts).where(and(eq(mailOptOuts.userId, userId), inArray(mailOptOuts.category, categories)));
}

export async function listUnsubscribed(q: Queryable, email: string): Promise<string[]> {
  const rows = await q
    .select({ category: mailUnsubscribes.category })
    .from(mailUnsubscribes)
    .where(eq(mailUnsubscribes.email, email.toLowerCase()));
  return rows.map((r) => r.category);
}

export async function isUnsubscribed(q: Queryable, email: string, category: string): Promise<boolean> {
  const rows = await q
    .select({ category: mailUnsubscribes.category })
    .from(mailUnsubscribes)
    .where(and(eq(mailUnsubscribes.email, email.toLowerCase()), eq(mailUnsubscribes.category, category)));
  return rows.length > 0;
}

/** Unsubscribes (idempotent: the first time is kept). */
export async function unsubscribe(q: Queryable, email: string, category: string, at: Date): Promise<void> {
  await q.insert(mailUnsubscribes).values({ email: email.toLowerCase(), category, createdAt: at }).onConflictDoNothing();
}

export async function resubscribe(q: Queryable, email: string, categories: string[]): Promise<void> {
  if (!categories.length) return;
  await q
    .delete(mailUnsubscribes)
    .where(and(eq(mailUnsubscribes.email, email.toLowerCase()), inArray(mailUnsubscribes.category, categories)));
}

/** Guests of the booking's party invited by email, whose invite stands and who did not say no. */
export async function listGuestEmails(
  q: Queryable,
  bookingId: string,
): Promise<{ email: string; token: string; code: string }[]> {
  return q
    .select({ email: partyInviteEmails.email, token: parties.token, code: partyInvites.code })
    .from(partyInviteEmails)
    .innerJoin(partyInvites, eq(partyInvites.id, partyInviteEmails.inviteId))
    .innerJoin(parties, eq(parties.id, partyInvites.partyId))
    .where(
      and(
        eq(parties.bookingId, bookingId),
        isNull(partyInvites.revokedAt),
        or(isNull(partyInviteEmails.rsvp), ne(partyInviteEmails.rsvp, 'no')),
      ),
    )
    .orderBy(partyInvites.seq);
}
