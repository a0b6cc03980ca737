/**
 * One-click unsubscribe links (RFC 8058): the token names who (an account, or a guest's address) and which
 * category, signed with HMAC-SHA-256 under a key derived from the session secret, so a link works without
 * logging in, cannot be made for someone else or another category, and needs no table. A mail's link stays valid
 * as long as the secret does (rotating SESSION_SECRET voids old links; the settings page still works).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAIL_CATEGORIES, type SwitchableMailCategory } from '@partystream/shared/notification/mail-settings.schemas';

export type UnsubscribeSubject = { userId: string } | { email: string };

export function createUnsubscribeTokens(secret: string) {
  const key = createHmac('sha256', secret).update('partystream mail unsubscribe v1').digest();
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16).toString('base64url');

  return {
    sign(who: UnsubscribeSubject, category: SwitchableMailCategory): string {
      const payload = Buffer.from(`${category}:${'userId' in who ? `u:${who.userId}` : `e:${who.email.toLowerCase()}`}`).toString(
        'base64url',
      );
      return `${payload}.${mac(payload)}`;
    },

    /** The token's subject and category, or null for anything not signed by us. */
    verify(token: string): { who: UnsubscribeSubject; category: SwitchableMailCategory } | null {
      const [payload, sig] = token.split('.');
      if (!payload || !sig) return null;
      const want = Buffer.from(mac(payload));
      const got = Buffer.from(sig);
      if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
      const m = /^([a-z]+):([ue]):(.+)$/.exec(Buffer.from(payload, 'base64url').toString());
      if (!m || !(MAIL_CATEGORIES as readonly string[]).includes(m[1]!)) return null;
      return {
        category: m[1] as SwitchableMailCategory,
        who: m[2] === 'u' ? { userId: m[3]! } : { email: m[3]! },
      };
    },
  };
}
