import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../errors.ts';

/**
 * Reads exactly one file field from a multipart/form-data request into memory, refusing anything larger than
 * `maxBytes` (413) or a request without that field (400). Used only for small images.
 */
export function readSingleFile(
  req: Request,
  field: string,
  maxBytes: number,
): Promise<{ data: Buffer; filename: string; mimeType: string }> {
  if (!req.is('multipart/form-data')) {
    return Promise.reject(
      new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: `Upload the file as multipart/form-data in the "${field}" field.` }),
    );
  }
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 5, parts: 6 } });
    } catch {
      reject(new AppError('MALFORMED_BODY', { detail: 'The multipart body could not be read.' }));
      return;
    }
    let found: { data: Buffer; filename: string; mimeType: string } | null = null;
    let failed: AppError | null = null;
    bb.on('file', (name, stream, info) => {
      if (name !== field) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failed = new AppError('PAYLOAD_TOO_LARGE', {
          detail: `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
          errors: [{ path: `body.${field}`, message: 'Too large.' }],
        });
      });
      stream.on('end', () => {
        if (!failed) found = { data: Buffer.concat(chunks), filename: info.filename ?? '', mimeType: info.mimeType };
      });
    });
    bb.on('error', () => reject(new AppError('MALFORMED_BODY', { detail: 'The multipart body could not be read.' })));
    bb.on('close', () => {
      if (failed) reject(failed);
      else if (!found || found.data.length === 0)
        reject(
          new AppError('VALIDATION_FAILED', {
            detail: `Attach an image in the "${field}" field.`,
            errors: [{ path: `body.${field}`, message: 'Required.' }],
          }),
        );
      else resolve(found);
    });
    req.pipe(bb);
  });
}
