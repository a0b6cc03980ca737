/**
 * TOTP (RFC 6238) with `otpauth`: 6 digits, 30-second steps, SHA-1 (what every authenticator app reads from an
 * otpauth:// URL), one step of drift either side. "Now" is always the app clock, never the machine's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

function totp(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: 'PartyStream',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export async function enrolment(secret: string, label: string): Promise<{ otpauthUrl: string; qrDataUrl: string }> {
  const otpauthUrl = totp(secret, label).toString();
  const { default: QRCode } = await import('qrcode'); // loaded when an admin enrols, not with the server
  return { otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 240 }) };
}

/** The time step a valid code belongs to (for replay protection), or null. */
export function checkTotp(secret: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret, 'x').validate({ token, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** The current code (tests and the seed use it to sign in as an admin). */
export function currentTotp(secret: string, now: Date): string {
  return totp(secret, 'x').generate({ timestamp: now.getTime() });
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** Ten single-use codes like `k7m2-q9xw-fp`, shown once; only their hashes are kept. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const b = randomBytes(10);
    const s = [...b].map((x) => ALPHABET[x % ALPHABET.length]).join('');
    return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 10)}`;
  });
}

export const hashRecoveryCode = (code: string) =>
  createHash('sha256')
    .update(
      code
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, ''),
    )
    .digest('hex');
