import type { Sharp } from 'sharp';
import pLimit from 'p-limit';
import { AppError } from '../../errors.ts';

/**
 * Image work is costly (issue 17: eight 40-megapixel PNGs of 116 KB each cost 200 MB at once). The pixel count is
 * read from the header before anything is decoded, and decoding runs at most IMAGE_CONCURRENCY at a time per
 * process with a short queue; beyond it uploads are refused (429) instead of piling up in memory.
 */
export const MAX_IMAGE_PIXELS = 16_000_000;
export const IMAGE_CONCURRENCY = 2;
const IMAGE_QUEUE_MAX = 8;
const imageSlots = pLimit(IMAGE_CONCURRENCY);

/** Runs `work` in one of the image slots, or refuses when the queue is full. */
export function withImageSlot<T>(work: () => Promise<T>): Promise<T> {
  if (imageSlots.activeCount + imageSlots.pendingCount >= IMAGE_CONCURRENCY + IMAGE_QUEUE_MAX) {
    return Promise.reject(
      new AppError('RATE_LIMITED', {
        detail: 'Many images are being processed right now. Try again in a few seconds.',
        headers: { 'Retry-After': '5' },
      }),
    );
  }
  return imageSlots(work);
}

/** Recognises an image by its first bytes (the client's file name and type are not trusted). */
export function sniffImage(b: Buffer): 'jpeg' | 'png' | 'webp' | 'gif' | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (b.length >= 12 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 6 && (b.toString('ascii', 0, 6) === 'GIF87a' || b.toString('ascii', 0, 6) === 'GIF89a')) return 'gif';
  return null;
}

/**
 * Re-encodes an uploaded photo: a 640×640 WebP, EXIF orientation applied and all metadata (GPS!) dropped.
 * Re-encoding also neutralises anything hidden in the original file.
 */
export async function processProfilePhoto(input: Buffer): Promise<Buffer> {
  return processImage(input, (img) => img.resize(640, 640, { fit: 'cover' }));
}

/** A gallery photo keeps its shape: at most 1600 px on the long side, never enlarged; WebP without metadata. */
export async function processGalleryPhoto(input: Buffer): Promise<Buffer> {
  return processImage(input, (img) => img.resize(1600, 1600, { fit: 'inside', withoutEnlargement: true }));
}

/** Sniffs, checks the pixel count and re-encodes `input` as WebP sized by `size`; problems name `body.<field>`. */
export async function processImage(input: Buffer, size: (img: Sharp) => Sharp, field = 'photo'): Promise<Buffer> {
  if (!sniffImage(input)) {
    throw new AppError('UPLOAD_INVALID', {
      detail: 'Upload a JPEG, PNG, WebP or GIF image.',
      errors: [{ path: `body.${field}`, message: 'Not an image.' }],
    });
  }
  return withImageSlot(() => reencode(input, size, field));
}

async function reencode(input: Buffer, size: (img: Sharp) => Sharp, field: string): Promise<Buffer> {
  // libvips is loaded on the first image, not with the server.
  const { default: sharp } = await import('sharp');
  try {
    // metadata() reads the header only; nothing is decoded before the size is known.
    const meta = await sharp(input).metadata();
    if (meta.width && meta.height && meta.width * meta.height > MAX_IMAGE_PIXELS) {
      throw new AppError('UPLOAD_INVALID', {
        detail: `The image is too large (${meta.width}×${meta.height}); at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`,
        errors: [{ path: `body.${field}`, message: 'Too many pixels.' }],
      });
    }
    if (!meta.width || !meta.height || meta.width < 64 || meta.height < 64) {
      throw new AppError('UPLOAD_INVALID', {
        detail: 'The image is too small (at least 64×64 pixels).',
        errors: [{ path: `body.${field}`, message: 'Too small.' }],
      });
    }
    return await size(sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, animated: false }).rotate())
      .webp({ quality: 82 })
      .toBuffer();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('UPLOAD_INVALID', {
      detail: 'The image could not be read; it may be damaged.',
      errors: [{ path: `body.${field}`, message: 'Unreadable image.' }],
      cause: e,
    });
  }
}
