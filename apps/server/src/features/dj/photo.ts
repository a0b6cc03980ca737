import sharp from 'sharp';
import { AppError } from '../../errors.ts';

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
  if (!sniffImage(input)) {
    throw new AppError('UPLOAD_INVALID', {
      detail: 'Upload a JPEG, PNG, WebP or GIF image.',
      errors: [{ path: 'body.photo', message: 'Not an image.' }],
    });
  }
  try {
    const meta = await sharp(input, { limitInputPixels: 40_000_000 }).metadata();
    if (!meta.width || !meta.height || meta.width < 64 || meta.height < 64) {
      throw new AppError('UPLOAD_INVALID', {
        detail: 'The image is too small (at least 64×64 pixels).',
        errors: [{ path: 'body.photo', message: 'Too small.' }],
      });
    }
    return await sharp(input, { limitInputPixels: 40_000_000, animated: false })
      .rotate()
      .resize(640, 640, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('UPLOAD_INVALID', {
      detail: 'The image could not be read; it may be damaged.',
      errors: [{ path: 'body.photo', message: 'Unreadable image.' }],
      cause: e,
    });
  }
}
