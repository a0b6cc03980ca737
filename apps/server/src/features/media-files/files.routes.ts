import { Router } from 'express';
import { AppError } from '../../errors.ts';
import type { StorageProvider } from '../../providers/storage/storage.ts';
import { SAFE_KEY } from '../../providers/storage/storage.ts';

/** Key prefixes anyone may read: DJ profile photos and gallery photos (issue 20). */
const PUBLIC_PREFIXES = ['dj-photos/', 'dj-gallery/'];

/** GET /api/files/<key>: public images (DJ photos) from the storage provider, cacheable forever (keys are unique). */
export function createFilesRouter(storage: StorageProvider): Router {
  const r = Router();
  r.get('/{*key}', async (req, res) => {
    const key = ([] as string[]).concat((req.params as { key?: string[] }).key ?? []).join('/');
    // Only photos are public: licence proofs (`licences/…`) are served to admins by /api/admin only.
    if (!SAFE_KEY.test(key) || !PUBLIC_PREFIXES.some((p) => key.startsWith(p)))
      throw new AppError('NOT_FOUND', { detail: 'No such file.' });
    const file = await storage.get(key);
    if (!file) throw new AppError('NOT_FOUND', { detail: 'No such file.' });
    res.set({
      'Content-Type': file.contentType,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(file.body);
  });
  r.all('/{*key}', (req) => {
    throw new AppError('METHOD_NOT_ALLOWED', {
      detail: `${req.method} is not supported here; use GET.`,
      headers: { Allow: 'GET, HEAD' },
    });
  });
  return r;
}
