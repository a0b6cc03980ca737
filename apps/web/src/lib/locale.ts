/**
 * Which language the app speaks, as pure functions (no DOM, no i18next) so they can be tested in Node.
 *
 * The result is a full BCP 47 tag whose language we have a catalogue for: a visitor whose browser says
 * `fr-CA` gets the `fr` catalogue but Canadian dates and numbers, an `en-GB` visitor British dates. The saved
 * choice (the picker) names only a language; its region still comes from the browser when they agree.
 */
export const LANGUAGES = ['en', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';
/** localStorage key of the language chosen in the picker. */
export const LANGUAGE_STORAGE_KEY = 'partystream.language';
/** Cookie holding the same choice, read by the server when it renders a public page (issue 20). */
export const LANGUAGE_COOKIE = 'ps_lang';

/** Each language named in itself, for the picker (never translated). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español', fr: 'Français' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The catalogue language of a tag: `fr-CA` → `fr`; null when we have none for it or the tag is malformed. */
export function languageOf(tag: string | null | undefined): Language | null {
  const canonical = canonicalTag(tag);
  if (!canonical) return null;
  const base = canonical.split('-')[0]!.toLowerCase();
  return isLanguage(base) ? base : null;
}

function canonicalTag(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null; // not a well-formed tag (e.g. "*" or "x")
  }
}

/**
 * The locale to run the app in: the saved choice if it names a language we have (with the region of the first
 * browser language that agrees), else the first browser language we have a catalogue for, else English.
 */
export function chooseLocale(saved: string | null | undefined, browserLanguages: readonly string[]): string {
  const chosen = languageOf(saved);
  const browser = browserLanguages.map(canonicalTag).filter((t): t is string => t !== null);
  if (chosen) return browser.find((t) => languageOf(t) === chosen) ?? chosen;
  return browser.find((t) => languageOf(t) !== null) ?? DEFAULT_LANGUAGE;
}
