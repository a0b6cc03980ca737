/**
 * The address the server last listened on, kept in DATA_DIR so `npm run seed:demo` (which runs while the server is
 * stopped: the embedded database has one process at a time) prints links that open on that server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'last-server.json';

export function rememberServerUrl(dataDir: string, publicUrl: string): void {
  try {
    writeFileSync(join(dataDir, FILE), JSON.stringify({ publicUrl }));
  } catch {
    /* a read-only DATA_DIR only costs the seed its links */
  }
}

export function lastServerUrl(dataDir: string): string | null {
  try {
    const v = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as { publicUrl?: unknown };
    return typeof v.publicUrl === 'string' ? v.publicUrl : null;
  } catch {
    return null;
  }
}
