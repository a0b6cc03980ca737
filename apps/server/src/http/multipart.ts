import busboy from 'busboy';
import type { Request } from 'express';
import { AppError } from '../errors.ts';

const malformed = () => new AppError('MALFORMED_BODY', { detail: 'The multipart body could not be read.' });

/**
 * Reads exactly one file field from a multipart/form-data request into memory, refusing anything larger than
 * `maxBytes` (413) or a request without that field (400). Used only for small images.
 *
 * Busboy reports a cut or garbled body ("Unexpected end of form") as an `error` event on the parser *and* on the
 * open file stream; an `error` event without a listener kills the process (issue 17), so both are listened to and
 * the first failure settles the promise as 400 MALFORMED_BODY.
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
      reject(malformed());
      return;
    }
    let settled = false;
    const fail = (e: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      // Drain what is left of the request so the answer can be written and the connection reused or closed.
      req.resume();
      reject(e);
    };
    let found: { data: Buffer; filename: string; mimeType: string } | null = null;
    let tooLarge: AppError | null = null;
    bb.on('file', (name, stream, info) => {
      stream.on('error', () => fail(malformed()));
      if (name !== field) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        tooLarge = new AppError('PAYLOAD_TOO_LARGE', {
          detail: `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
          errors: [{ path: `body.${field}`, message: 'Too large.' }],
        });
      });
      stream.on('end', () => {
        if (!tooLarge) found = { data: Buffer.concat(chunks), filename: info.filename ?? '', mimeType: info.mimeType };
      });
    });
    bb.on('error', () => fail(malformed()));
    req.on('error', () => fail(malformed()));
    bb.on('close', () => {
      if (settled) return;
      if (tooLarge) return fail(tooLarge);
      if (!found || found.data.length === 0)
        return fail(
          new AppError('VALIDATION_FAILED', {
            detail: `Attach an image in the "${field}" field.`,
            errors: [{ path: `body.${field}`, message: 'Required.' }],
          }),
        );
      settled = true;
      resolve(found);
    });
    req.pipe(bb);
  });
}
