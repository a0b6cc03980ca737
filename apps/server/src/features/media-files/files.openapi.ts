import { z } from 'zod';
import type { ApiOperation } from '../../http/openapi.ts';

/** GET /api/files/<key>: the key is a server-made path (`dj-photos/<profile id>/<random>.webp`) and may hold slashes. */
export const filesOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/files/:key',
    tag: 'Files',
    summary: 'A public image (DJ photo) by its storage key (which may contain slashes); cacheable forever',
    params: z.object({ key: z.string().describe('Storage key, e.g. dj-photos/<profile id>/<random>.webp') }),
    response: { status: 200, contentType: 'image/webp' },
  },
];
