import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SAFE_KEY, type StorageProvider } from './storage.ts';

const TYPES: Record<string, string> = { webp: 'image/webp', png: 'image/png', jpg: 'image/jpeg' };

/** Embedded default: files on local disk. Writes go through a temp file + rename so readers never see half a file. */
export function diskStorage(root: string): StorageProvider {
  const path = (key: string) => {
    if (!SAFE_KEY.test(key)) throw new Error(`unsafe storage key ${key}`);
    return join(root, key);
  };
  return {
    kind: 'disk',
    async put(key, body) {
      const p = path(key);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(`${p}.tmp`, body);
      await rename(`${p}.tmp`, p);
    },
    async get(key) {
      if (!SAFE_KEY.test(key)) return null;
      try {
        return { body: await readFile(path(key)), contentType: TYPES[key.split('.').pop()!] ?? 'application/octet-stream' };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    async delete(key) {
      await rm(path(key), { force: true });
    },
  };
}
