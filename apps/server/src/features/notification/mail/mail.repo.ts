/**
 * The tables behind mail preferences: `mail_unsubscribes` (address × category said "no more"), and, for
 * reminders, the guests a party's host invited by email (`party_invite_emails`, written by the invite flow) with
 * their own party link.
 */
import { and, eq, inArray, isNull, ne, or } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { mailUnsubscribes, partyInviteEmails } from '../../../db/schema/notification.ts';
import { parties, partyInvites } from '../../../db/schema/party.ts';

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
