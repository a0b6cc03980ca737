/**
 * Music-licence proof (PRD 5.6 and 8, issue 16). A DJ uploads proof — a performing-rights licence (ASCAP, BMI,
 * SESAC, PRS, GEMA, SACEM, SOCAN, APRA), a venue or platform licence, or a signed declaration of playing only
 * own or royalty-free music — with its territory and expiry; an admin approves or rejects it with a reason, and
 * the DJ is mailed. `LICENCE_POLICY` decides what an unlicensed DJ may do: `off` (nothing checked), `warn`
 * (go-live allowed, the DJ is told), `required` (go-live refused, browser and WHIP alike).
 *
 * A licence is "verified" while approved and before its expiry day; a daily job mails a warning 30 days before
 * and lapses it on the day.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import type { User } from '@partystream/shared/auth/auth.schemas';
import type { Licence, LicencePolicy } from '@partystream/shared/admin/admin.schemas';
import type { Clock } from '../../clock.ts';
import type { Db, Tx } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { defineJob, enqueueJob } from '../../jobs/jobs.ts';
import { enqueueNoticeMail, type NoticeMail } from '../../jobs/mail.job.ts';
import type { StorageProvider } from '../../providers/storage/storage.ts';
import type { AdminService } from '../admin/admin.service.ts';
import * as repo from './licence.repo.ts';

/** What proof may be: sniffed from the bytes, never taken from the file name or the declared type. */
const ACCEPTED: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};
const SCAN_JOB = 'licence.expiry-scan';
const WARN_DAYS = 30;

export function createLicenceService(d: {
  db: Db;
  clock: Clock;
  storage: StorageProvider;
  policy: LicencePolicy;
  publicUrl: string;
  /** Sends a notice now (features/notification/mail: the DJ's language and zone). */
  sendMail: (m: NoticeMail) => Promise<void>;
  requireOwnProfileId: (userId: string) => Promise<string>;
  admin: () => AdminService;
}) {
  const today = () => DateTime.fromJSDate(d.clock.now(), { zone: 'UTC' }).toISODate()!;

  const toLicence = (l: repo.LicenceRow, stageName?: string): Licence => ({
    id: l.id,
    djProfileId: l.djProfileId,
    ...(stageName !== undefined ? { stageName } : {}),
    kind: l.kind,
    territory: l.territory,
    expiresOn: l.expiresOn,
    status: l.status,
    decisionReason: l.decisionReason,
    decidedAt: l.decidedAt?.toISOString() ?? null,
    fileType: l.fileType,
    createdAt: l.createdAt.toISOString(),
  });

  const dashboardUrl = () => `${d.publicUrl}/dashboard/licence`;

  async function scheduleScan(at: Date) {
    const day = DateTime.fromJSDate(at, { zone: 'UTC' }).toISODate();
    await enqueueJob(d.db, SCAN_JOB, {}, { runAt: at, key: `${SCAN_JOB}:${day}` });
  }

  const self = {
    policy: d.policy,

    async upload(
      user: User,
      input: { kind: Licence['kind']; territory: string; expiresOn: string },
      file: Buffer,
    ): Promise<Licence> {
      const djProfileId = await d.requireOwnProfileId(user.id);
      if (input.expiresOn <= today())
        throw new AppError('VALIDATION_FAILED', {
          detail: 'body.expiresOn: The licence has already expired; upload a current one.',
          errors: [{ path: 'body.expiresOn', message: 'The licence has already expired; upload a current one.' }],
        });
      const type = await fileTypeFromBuffer(file);
      const ext = type ? ACCEPTED[type.mime] : undefined;
      if (!type || !ext)
        throw new AppError('UPLOAD_INVALID', {
          detail: `Upload the proof as a PDF or an image (PNG, JPEG, WebP); this file is ${type?.mime ?? 'of an unknown type'}.`,
          errors: [{ path: 'body.file', message: 'Not a PDF or an image.' }],
        });
      const key = `licences/${djProfileId}/${randomBytes(12).toString('hex')}.${ext}`;
      await d.storage.put(key, file, type.mime);
      const row = await repo.insertLicence(
        d.db,
        {
          djProfileId,
          kind: input.kind,
          territory: input.territory,
          expiresOn: input.expiresOn,
          fileKey: key,
          fileType: type.mime,
        },
        d.clock.now(),
      );
      return toLicence(row);
    },

    async listMine(user: User): Promise<{ items: Licence[]; verified: boolean; policy: LicencePolicy }> {
      const djProfileId = await d.requireOwnProfileId(user.id);
      const items = (await repo.listForProfile(d.db, djProfileId)).map((l) => toLicence(l));
      return { items, verified: (await repo.verifiedAmong(d.db, [djProfileId], today())).has(djProfileId), policy: d.policy };
    },

    async listForReview(): Promise<Licence[]> {
      return (await repo.listPending(d.db)).map(({ l, stageName }) => toLicence(l, stageName));
    },

    countPending: () => repo.countPending(d.db),

    async fileOf(id: string) {
      const l = await repo.findLicence(d.db, id);
      const file = l ? await d.storage.get(l.fileKey) : null;
      if (!file) throw new AppError('NOT_FOUND', { detail: 'No such licence file.' });
      return file;
    },

    approve: (admin: User, id: string) => decide(admin, id, 'approved', null),
    reject: (admin: User, id: string, reason: string) => decide(admin, id, 'rejected', reason),

    /** Profiles among `ids` showing the verified badge today. */
    verifiedAmong: (ids: string[]) => repo.verifiedAmong(d.db, ids, today()),

    /**
     * The go-live gate for the stream feature (browser and WHIP): a suspended DJ never; with `required`, not
     * without a verified licence (the message says why and where to fix it).
     */
    async assertMayGoLive(partyId: string): Promise<void> {
      const dj = await repo.djOfParty(d.db, partyId);
      if (!dj) return;
      if (await d.admin().isSuspended(dj.djUserId))
        throw new AppError('ACCOUNT_SUSPENDED', { detail: 'This DJ account is suspended and cannot go live. Contact support.' });
      if (d.policy !== 'required') return;
      if ((await repo.verifiedAmong(d.db, [dj.djProfileId], today())).has(dj.djProfileId)) return;
      throw new AppError('LICENCE_REQUIRED', {
        detail: `Going live needs an approved music licence. Upload proof (a PRO licence, a venue/platform licence or a signed own-music declaration) under Dashboard → Music licence: ${dashboardUrl()}`,
      });
    },

    /**
     * Called in the booking's transaction when a host books a DJ: with `warn` or `required`, a DJ without a
     * verified licence is mailed (once per booking) what is missing and where to fix it, before the party.
     */
    async warnIfUnlicensed(tx: Tx, b: { id: string; djProfileId: string; djUserId: string; startsAt: Date }): Promise<boolean> {
      if (d.policy === 'off') return false;
      if ((await repo.verifiedAmong(tx, [b.djProfileId], today())).has(b.djProfileId)) return false;
      await enqueueNoticeMail(tx, d.clock.now(), `licence.booked-unlicensed:${b.id}`, {
        template: 'licence.unlicensed_booking',
        to: { userId: b.djUserId },
        variant: d.policy,
        at: b.startsAt.toISOString(),
        link: dashboardUrl(),
      });
      return true;
    },

    /** Played songs of the DJ's parties in a month (UTC) as CSV, for rights reporting. */
    async setlistCsv(user: User, month: string): Promise<string> {
      if (user.role !== 'dj') throw new AppError('FORBIDDEN', { detail: 'This needs a DJ account.' });
      const from = DateTime.fromISO(`${month}-01`, { zone: 'UTC' });
      const rows = await repo.playedSongs(d.db, user.id, from.toJSDate(), from.plus({ months: 1 }).toJSDate());
      // Cells that a spreadsheet would run as formulas are prefixed with ' (CSV injection).
      const cell = (s: string) => `"${s.replace(/"/g, '""').replace(/^[=+\-@\t\r]/, "'$&")}"`;
      return (
        [
          'played_at,party_date,party_id,title,artist',
          ...rows.map((r) =>
            [r.playedAt?.toISOString() ?? '', r.partyStartsAt.toISOString().slice(0, 10), r.partyId, r.title, r.artist]
              .map(cell)
              .join(','),
          ),
        ].join('\n') + '\n'
      );
    },

    scheduleScan: () => scheduleScan(d.clock.now()),

    jobs: [
      defineJob({
        name: SCAN_JOB,
        schema: z.object({}),
        handle: async () => {
          const now = d.clock.now();
          const t = today();
          const until = DateTime.fromISO(t, { zone: 'UTC' }).plus({ days: WARN_DAYS }).toISODate()!;
          for (const w of await repo.dueForWarning(d.db, t, until)) {
            if (!(await repo.markWarned(d.db, w.l.id, now))) continue;
            await d.sendMail({
              template: 'licence.expiring',
              to: { email: w.email },
              variant: d.policy,
              date: w.l.expiresOn,
              vars: { kind: w.l.kind.toUpperCase(), territory: w.l.territory },
              link: dashboardUrl(),
            });
          }
          await d.db.transaction(async (tx) => {
            for (const l of await repo.lapseExpired(tx, t))
              await enqueueNoticeMail(tx, now, `licence.lapsed:${l.id}`, {
                template: 'licence.lapsed',
                to: { djProfileId: l.djProfileId },
                variant: d.policy,
                date: l.expiresOn,
                vars: { kind: l.kind.toUpperCase(), territory: l.territory },
                link: dashboardUrl(),
              });
          });
          const next = DateTime.fromJSDate(now, { zone: 'UTC' }).plus({ days: 1 }).startOf('day').plus({ hours: 2 });
          await scheduleScan(next.toJSDate());
        },
      }),
    ],
  };

  async function decide(admin: User, id: string, status: 'approved' | 'rejected', reason: string | null): Promise<Licence> {
    const { row, mail } = await d.db.transaction(async (tx) => {
      const found = await repo.lockLicence(tx, id);
      if (!found) throw new AppError('NOT_FOUND', { detail: 'No such licence.' });
      if (found.l.status !== 'pending')
        throw new AppError('MODERATION_ALREADY_DECIDED', {
          detail: `This licence was already ${found.l.status}. Nothing changed.`,
        });
      if (status === 'approved' && found.l.expiresOn <= today())
        throw new AppError('CONFLICT', { detail: 'This licence has expired since it was uploaded; reject it instead.' });
      await repo.decide(tx, id, { status, by: admin.id, reason }, d.clock.now());
      await d.admin().audit(tx, admin, {
        action: `licence.${status}`,
        targetType: 'licence',
        targetId: id,
        reason,
        detail: { djProfileId: found.l.djProfileId, kind: found.l.kind, territory: found.l.territory },
      });
      return { row: { ...found.l, status, decisionReason: reason, decidedAt: d.clock.now() }, mail: found };
    });
    await d.sendMail({
      template: `licence.${status}`,
      to: { email: mail.email },
      date: row.expiresOn,
      vars: { kind: row.kind.toUpperCase(), territory: row.territory },
      facts: status === 'rejected' && reason ? [{ label: 'reason', value: reason }] : [],
      link: dashboardUrl(),
    });
    return toLicence(row);
  }

  return self;
}

export type LicenceService = ReturnType<typeof createLicenceService>;
