import { Router } from 'express';
import { AppError } from '../../errors.ts';
import { resource } from '../../http/route.ts';
import { requireRole } from '../../http/require-user.ts';
import { readSingleFile } from '../../http/multipart.ts';
import type { BackdropService } from './backdrop.service.ts';

/** /api/djs/me/backdrop — the signed-in DJ's virtual-background image (multipart field "image"). */
export function createBackdropRouter(backdrop: BackdropService, opts: { uploadMaxBytes: number }): Router {
  const r = Router();
  resource(r, '/', {
    get: async (req, res) => {
      const body = await backdrop.find(requireRole(req, 'dj').id);
      if (!body) throw new AppError('NOT_FOUND', { detail: 'No backdrop uploaded yet.' });
      res.set({ 'Content-Type': 'image/webp', 'Cache-Control': 'private, no-cache', 'X-Content-Type-Options': 'nosniff' });
      res.send(body);
    },
    put: async (req, res) => {
      const user = requireRole(req, 'dj');
      const file = await readSingleFile(req, 'image', opts.uploadMaxBytes);
      await backdrop.upload(user.id, file.data);
      res.status(204).end();
    },
    delete: async (req, res) => {
      await backdrop.remove(requireRole(req, 'dj').id);
      res.status(204).end();
    },
  });
  return r;
}
