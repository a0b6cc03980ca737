import { z } from 'zod';
import type { ApiOperation } from '../../http/openapi.ts';

const tag = 'DJs';

/** The DJ's virtual-background image (issue 19, decision 036). */
export const backdropOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/djs/me/backdrop',
    tag,
    auth: true,
    summary: 'My virtual-background image (404 until one is uploaded)',
    response: { status: 200, contentType: 'image/webp' },
  },
  {
    method: 'put',
    path: '/djs/me/backdrop',
    tag,
    auth: true,
    summary: 'Upload my virtual-background image (multipart field "image"; JPEG/PNG/WebP/GIF; stored as 1280×720 WebP)',
    body: z.object({ image: z.string().describe('binary') }),
    bodyType: 'multipart/form-data',
    response: { status: 204 },
  },
  {
    method: 'delete',
    path: '/djs/me/backdrop',
    tag,
    auth: true,
    summary: 'Remove my virtual-background image',
    response: { status: 204 },
  },
];
