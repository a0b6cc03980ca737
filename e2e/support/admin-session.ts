/**
 * An admin's browser session that already passed the second factor (issue 16), for tests and screenshots that
 * are not about the sign-in step (e2e/admin.spec.ts walks that one through the page). The first session enrols an
 * authenticator and confirms a TOTP code; later ones use the recovery codes it returned, since one TOTP time step
 * opens one session only (no replays).
 */
import type { Page } from 'playwright-core';
import type { User } from '@partystream/shared/auth/auth.schemas';
import { currentTotp } from '../../apps/server/src/features/admin/second-factor.ts';
import { SESSION_COOKIE } from '../../apps/server/src/http/session.ts';
import type { E2E } from './fixtures.ts';

const recovery = new Map<string, string[]>();

export async function loginAsVerifiedAdmin(e: E2E, page: Page, admin: User): Promise<void> {
  const s = await e.deps.auth.issueSession(admin.id, { userAgent: 'e2e' });
  const auth = { user: admin, sessionId: s.sessionId };
  const codes = recovery.get(admin.id);
  if (codes?.length) await e.deps.admin.verify(auth, codes.shift()!);
  else {
    const { secret } = await e.deps.admin.enrol(auth);
    const { recoveryCodes } = await e.deps.admin.verify(auth, currentTotp(secret, e.deps.clock.now()));
    recovery.set(admin.id, recoveryCodes ?? []);
  }
  await page.context().addCookies([{ name: SESSION_COOKIE, value: s.token, url: e.url, httpOnly: true, sameSite: 'Lax' }]);
}
