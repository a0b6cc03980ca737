import type { StorageProvider } from '../../providers/storage/storage.ts';
import { processImage } from '../dj/photo.ts';

/** The backdrop's size: the go-live page's camera frame (1280×720), so the browser draws it without scaling twice. */
export const BACKDROP_WIDTH = 1280;
export const BACKDROP_HEIGHT = 720;

/** One backdrop per DJ account, at a key made from the user id (server-made, matches SAFE_KEY). */
export const backdropKey = (userId: string) => `dj-backdrops/${userId.toLowerCase()}.webp`;

export type BackdropService = ReturnType<typeof createBackdropService>;

/**
 * A DJ's virtual-background image (issue 19, PRD 3.2, decision 036): uploaded once, used by the go-live page's
 * background replacement. Re-encoded like profile photos (sniffed, pixel-limited, metadata dropped) to a 1280×720
 * WebP cut to fill the frame; private to the DJ (served by this feature, not /api/files).
 */
export function createBackdropService(d: { storage: StorageProvider }) {
  return {
    async upload(userId: string, input: Buffer): Promise<void> {
      const webp = await processImage(input, (img) => img.resize(BACKDROP_WIDTH, BACKDROP_HEIGHT, { fit: 'cover' }), 'image');
      await d.storage.put(backdropKey(userId), webp, 'image/webp');
    },
    async find(userId: string): Promise<Buffer | null> {
      return (await d.storage.get(backdropKey(userId)))?.body ?? null;
    },
    async remove(userId: string): Promise<void> {
      await d.storage.delete(backdropKey(userId));
    },
  };
}
