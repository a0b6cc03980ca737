/**
 * The party link and its invites. Each confirmed booking gets a party reached at /party/<token> (256 random
 * bits). The host hands out per-guest invite codes (128 random bits each, up to 100), sees who joined, and can
 * revoke any — the party room and the stream listen to `onInviteRevoked` to cut that guest off.
 * `resolveAccess` is the one question every party surface asks: who is this, in this party?
 */
import { randomBytes } from 'node:crypto';
import {
  MAX_INVITES,
  type CreateInviteRequest,
  type Invite,
  type Party,
  type RsvpRequest,
} from '@partystream/shared/party/party.schemas';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Limits } from '../../http/limits.ts';
import * as repo from './party.repo.ts';
import { enqueueInviteMail, inviteLink, inviteMailJob, type InviteMailDeps } from './party.invite-mail.ts';
import { isPaid, type BookingState } from '@partystream/shared/booking/booking.states';

export interface PartyAccess {
  partyId: string;
  bookingId: string;
  role: 'dj' | 'host' | 'guest';
  displayName: string;
  guestId?: string;
  inviteId?: string;
  startsAt: Date;
  endsAt: Date;
  djUserId: string;
  hostUserId: string;
  djStageName: string;
  hostName: string;
}

type RevokedListener = (e: { partyId: string; inviteId: string }) => void;

export function createPartyService(d: {
  db: Db;
  clock: Clock;
  publicUrl: string;
  playedCsv?: (partyId: string) => Promise<string>;
  /** Invite mails cost money: budgets per host and per party (http/limits.ts `inviteMailHost`, `inviteMailParty`). */
  limits?: Limits;
  /** Sending invites by email; without it an invite with an address is refused. */
  inviteMail?: Omit<InviteMailDeps, 'db' | 'publicUrl'>;
  /** Realtime to a user's own room (the host's guest list follows RSVPs live). */
  emit?: (room: string, event: string, payload: unknown) => void;
}) {
  const listeners: RevokedListener[] = [];

  async function requireParty(token: string) {
    const p = await repo.findPartyByToken(d.db, token);
    if (!p || !isPaid(p.state as BookingState)) throw new AppError('NOT_FOUND', { detail: 'No such party.' });
    return p;
  }

  async function resolveAccess(a: { partyToken: string; user?: User | null; inviteCode?: string }): Promise<PartyAccess> {
    const p = await requireParty(a.partyToken);
    const base = {
      partyId: p.partyId,
      bookingId: p.bookingId,
      startsAt: p.startsAt,
      endsAt: p.endsAt,
      djUserId: p.djUserId,
      hostUserId: p.hostUserId,
      djStageName: p.djStageName,
      hostName: p.hostName,
    };
    if (a.user?.id === p.djUserId) return { ...base, role: 'dj', displayName: p.djStageName };
    if (a.user?.id === p.hostUserId) return { ...base, role: 'host', displayName: a.user.displayName };
    if (a.inviteCode) {
      const inv = await repo.findLiveInvite(d.db, p.partyId, a.inviteCode);
      if (inv) return { ...base, role: 'guest', displayName: inv.label, guestId: inv.id, inviteId: inv.id };
    }
    // Not invited, revoked, or a wrong code: the party does not exist for this caller.
    throw new AppError('NOT_FOUND', { detail: 'This party link needs a valid invite.' });
  }

  const toInvite = (token: string, r: repo.InviteWithEmail): Invite => ({
    id: r.id,
    label: r.label,
    link: inviteLink(d.publicUrl, token, r.code),
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    firstJoinedAt: r.firstJoinedAt?.toISOString() ?? null,
    joinCount: r.joinCount,
    email: r.mail?.email ?? null,
    mailedAt: r.mail?.sentAt.toISOString() ?? null,
    rsvp: r.mail?.rsvp ?? null,
    rsvpAt: r.mail?.rsvpAt?.toISOString() ?? null,
  });

  async function requireHost(token: string, user: User) {
    const access = await resolveAccess({ partyToken: token, user });
    if (access.role !== 'host') throw new AppError('NOT_FOUND', { detail: 'No such party.' });
    return access;
  }

  return {
    resolveAccess,

    jobs: d.inviteMail ? [inviteMailJob({ ...d.inviteMail, db: d.db, publicUrl: d.publicUrl, now: () => d.clock.now() })] : [],

    onInviteRevoked(l: RevokedListener) {
      listeners.push(l);
    },

    /** Called by the booking service inside the accepting transaction. */
    async createForBooking(bookingId: string, tx: Tx): Promise<void> {
      await repo.insertParty(tx, bookingId, randomBytes(32).toString('base64url'), d.clock.now());
    },

    tokenOfBooking: (bookingId: string) => repo.tokenOfBooking(d.db, bookingId),

    /** The lobby: what this caller may see. A guest's visit is counted. */
    async view(token: string, user: User | null, inviteCode?: string): Promise<Party> {
      const access = await resolveAccess({ partyToken: token, user, inviteCode });
      if (access.inviteId) await repo.markJoined(d.db, access.inviteId, d.clock.now());
      const p = (await repo.findPartyByToken(d.db, token))!;
      const mailed = access.inviteId && inviteCode ? (await repo.findInviteByCode(d.db, p.partyId, inviteCode))?.mail : null;
      return {
        token,
        bookingId: p.bookingId,
        role: access.role,
        djStageName: p.djStageName,
        hostName: p.hostName,
        startsAt: p.startsAt.toISOString(),
        endsAt: p.endsAt.toISOString(),
        state: p.state,
        theme: p.theme,
        guestLabel: access.role === 'guest' ? access.displayName : null,
        rsvp: mailed ? { answer: mailed.rsvp } : null,
      };
    },

    /**
     * A per-guest invite link; with `email`, also mailed to the guest (in their own language when they have an
     * account, else `locale`). Full party: 409 PARTY_INVITES_FULL; mail budgets spent: 429 RATE_LIMITED.
     */
    async createInvite(token: string, host: User, request: CreateInviteRequest | string): Promise<Invite> {
      const access = await requireHost(token, host);
      const input = typeof request === 'string' ? { label: request } : request;
      const { label, email } = input;
      if (email && !d.inviteMail) throw new AppError('FORBIDDEN', { detail: 'Invites by email are not available.' });
      const full = async (q: Parameters<typeof repo.countInvites>[0]) => {
        if ((await repo.countInvites(q, access.partyId)) >= MAX_INVITES)
          throw new AppError('PARTY_INVITES_FULL', {
            detail: `A party has at most ${MAX_INVITES} invites. Revoke one to add another.`,
          });
      };
      if (email) {
        // A full party spends no mail budget; the count is checked again under the transaction below.
        await full(d.db);
        await d.limits?.consume('inviteMailParty', access.partyId);
        await d.limits?.consume('inviteMailHost', host.id);
      }
      const known = email ? await repo.findUserPrefsByEmail(d.db, email) : null;
      return d.db.transaction(async (tx) => {
        await full(tx);
        const at = d.clock.now();
        const row = await repo.insertInvite(tx, access.partyId, randomBytes(16).toString('base64url'), label, at);
        let mail: repo.InviteEmailRow | null = null;
        if (email) {
          mail = await repo.insertInviteEmail(tx, {
            inviteId: row.id,
            email,
            locale: known?.locale ?? input.locale ?? 'en',
            timeZone: known?.timeZone ?? input.timeZone ?? null,
            at,
          });
          await enqueueInviteMail(tx, row.id, at);
        }
        return toInvite(token, { ...row, mail });
      });
    },

    /**
     * A guest's RSVP with their invite code (no account). Only invites sent by email ask for one (404 otherwise);
     * a revoked invite answers 410 PARTY_INVITE_REVOKED. The host's open guest lists update live.
     */
    async rsvp(token: string, input: RsvpRequest): Promise<{ answer: 'yes' | 'no' }> {
      const p = await requireParty(token);
      const inv = await repo.findInviteByCode(d.db, p.partyId, input.invite);
      if (!inv || !inv.mail) throw new AppError('NOT_FOUND', { detail: 'This party link needs a valid invite.' });
      if (inv.revokedAt) throw new AppError('PARTY_INVITE_REVOKED', { detail: 'The host withdrew this invite.' });
      await repo.setRsvp(d.db, inv.id, input.answer, d.clock.now());
      d.emit?.(`user:${p.hostUserId}`, 'party.rsvp_changed', { partyId: p.partyId, inviteId: inv.id, answer: input.answer });
      return { answer: input.answer };
    },

    async listInvites(token: string, host: User): Promise<Invite[]> {
      const access = await requireHost(token, host);
      return (await repo.listInvites(d.db, access.partyId)).map((r) => toInvite(token, r));
    },

    async revokeInvite(token: string, host: User, inviteId: string): Promise<void> {
      const access = await requireHost(token, host);
      const row = await repo.revokeInvite(d.db, access.partyId, inviteId, d.clock.now());
      if (!row) throw new AppError('NOT_FOUND', { detail: 'No such invite.' });
      for (const l of listeners) l({ partyId: access.partyId, inviteId });
    },

    /** The played list for rights reporting: host and DJ only. */
    async setlistCsv(token: string, user: User): Promise<string> {
      const access = await resolveAccess({ partyToken: token, user });
      if (access.role === 'guest' || !d.playedCsv) throw new AppError('NOT_FOUND', { detail: 'No such party.' });
      return d.playedCsv(access.partyId);
    },

    /** The DJ or host removing a guest from inside the room (party id already checked by the room). */
    async revokeInviteAsStaff(partyId: string, inviteId: string): Promise<void> {
      const row = await repo.revokeInvite(d.db, partyId, inviteId, d.clock.now());
      if (!row) throw new AppError('NOT_FOUND', { detail: 'No such guest.' });
      for (const l of listeners) l({ partyId, inviteId });
    },

    /** RFC 5545 calendar entry for the party (times in UTC; calendars show them in the reader's zone). */
    async ics(token: string, user: User | null, inviteCode?: string): Promise<string> {
      const access = await resolveAccess({ partyToken: token, user, inviteCode });
      const p = (await repo.findPartyByToken(d.db, token))!;
      const fmt = (x: Date) =>
        x
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d{3}/, '');
      const esc = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
      const url = `${d.publicUrl}/party/${token}${access.inviteId && inviteCode ? `?invite=${inviteCode}` : ''}`;
      return [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//PartyStream//Party//EN',
        'CALSCALE:GREGORIAN',
        'BEGIN:VEVENT',
        `UID:${p.partyId}@partystream`,
        `DTSTAMP:${fmt(d.clock.now())}`,
        `DTSTART:${fmt(p.startsAt)}`,
        `DTEND:${fmt(p.endsAt)}`,
        `SUMMARY:${esc(`${p.hostName}'s party with ${p.djStageName}`)}`,
        `DESCRIPTION:${esc(`Join the party: ${url}`)}`,
        `URL:${url}`,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
    },
  };
}

export type PartyService = ReturnType<typeof createPartyService>;
