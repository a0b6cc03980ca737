import { Router } from 'express';
import { LicenceUploadSchema, SetlistQuerySchema } from '@partystream/shared/admin/admin.schemas';
import { readSingleFile } from '../../http/multipart.ts';
import { requireRole } from '../../http/require-user.ts';
import { resource } from '../../http/route.ts';
import { parseInput } from '../../http/validate.ts';
import type { LicenceService } from './licence.service.ts';

/**
 * /api/licences — the DJ's music-licence proof and the monthly set list. The proof is sent as multipart/form-data
 * (field `file`) with its kind, territory and expiry in the query string, so the fields are validated before a
 * byte of the file is stored.
 */
export function createLicenceRouter(licences: LicenceService, opts: { maxBytes: number }): Router {
  const r = Router();
  resource(r, '/', {
    get: async (req, res) => {
      res.json(await licences.listMine(requireRole(req, 'dj')));
    },
    post: async (req, res) => {
      const user = requireRole(req, 'dj');
      const fields = parseInput(LicenceUploadSchema, req.query, 'query');
      const file = await readSingleFile(req, 'file', opts.maxBytes);
      res.status(201).json({ licence: await licences.upload(user, fields, file.data) });
    },
  });
  resource(r, '/setlist.csv', {
    get: async (req, res) => {
      const user = requireRole(req, 'dj');
      const { month } = parseInput(SetlistQuerySchema, req.query, 'query');
      res
        .set({
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="setlist-${month}.csv"`,
          'Cache-Control': 'private, no-store',
        })
        .send(await licences.setlistCsv(user, month));
    },
  });
  return r;
}
