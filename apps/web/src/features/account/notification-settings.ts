/**
 * The notification settings form's logic, kept apart from React so it is unit-tested: what changed between the
 * saved settings and the form (only that is sent, so two tabs switching different categories do not undo each
 * other), and the zones offered (the runtime's IANA list, the browser's own first).
 */
import type { MailSettings, UpdateMailSettings } from '@partystream/shared/notification/mail-settings.schemas';
import { MAIL_CATEGORIES } from '@partystream/shared/notification/mail-settings.schemas';

export function settingsChange(saved: MailSettings, form: MailSettings): UpdateMailSettings | null {
  const change: UpdateMailSettings = {};
  if (form.locale !== saved.locale) change.locale = form.locale;
  if (form.timeZone !== saved.timeZone) change.timeZone = form.timeZone;
  const categories: NonNullable<UpdateMailSettings['categories']> = {};
  for (const c of MAIL_CATEGORIES) if (form.categories[c] !== saved.categories[c]) categories[c] = form.categories[c];
  if (Object.keys(categories).length) change.categories = categories;
  return Object.keys(change).length ? change : null;
}

/** IANA zones to choose from, `current` and the browser's zone first. */
export function zoneOptions(current: string | null, browserZone: string, all: readonly string[]): string[] {
  const first = [...new Set([current, browserZone].filter((z): z is string => Boolean(z)))];
  return [...first, ...all.filter((z) => !first.includes(z))];
}
