/**
 * i18next from the first string: every visible string goes through t(). Catalogues are split per feature
 * (locales/<lang>/<feature>.json, each holding its own top-level key) and merged by locales/<lang>/catalogue.ts,
 * so features add files instead of editing one shared catalogue.
 *
 * English is bundled; every other language is one lazily imported chunk, fetched only when chosen. The locale
 * (lib/locale.ts) is a full tag such as `fr-CA`: i18next loads the `fr` strings for it and i18n.language keeps the
 * region, so callers pass i18n.language to Intl and dates, numbers and money follow the viewer's conventions.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en/catalogue';
import {
  chooseLocale,
  DEFAULT_LANGUAGE,
  LANGUAGE_COOKIE,
  LANGUAGE_STORAGE_KEY,
  LANGUAGES,
  languageOf,
  type Language,
} from './locale';

const inBrowser = typeof window !== 'undefined';

type Catalogue = Record<string, unknown>;
// One chunk per language; the en entry is excluded so English users never download another catalogue twice.
const lazyCatalogues = import.meta.glob<Catalogue>(['../locales/*/catalogue.ts', '!../locales/en/catalogue.ts'], {
  import: 'default',
});

/** Loads a language's strings (a no-op for English and for one already loaded). */
export async function ensureCatalogue(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  const load = lazyCatalogues[`../locales/${language}/catalogue.ts`];
  if (!load) throw new Error(`no catalogue for ${language}`);
  i18n.addResourceBundle(language, 'translation', await load());
}

function savedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage blocked (privacy mode): fall back to the browser's languages
  }
}

/** Switches the app to `locale` (a tag whose language has a catalogue) and marks up <html lang>. */
async function applyLocale(locale: string): Promise<void> {
  const language = languageOf(locale) ?? DEFAULT_LANGUAGE;
  try {
    await ensureCatalogue(language);
    await i18n.changeLanguage(locale);
  } catch {
    await i18n.changeLanguage(DEFAULT_LANGUAGE); // the chunk did not load (offline, new deploy): stay usable
  }
  if (inBrowser) document.documentElement.lang = i18n.language;
}

/**
 * The saved choice as a cookie too, so the server renders public pages in it (issue 20); a choice saved before the
 * cookie existed is copied over on the next visit.
 */
function saveLanguageCookie(language: string): void {
  document.cookie = `${LANGUAGE_COOKIE}=${encodeURIComponent(language)}; path=/; max-age=31536000; samesite=lax`;
}

/** The picker's action: remember the language and switch to it at once. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // not persisted; this page still switches
  }
  saveLanguageCookie(language);
  await applyLocale(chooseLocale(language, navigator.languages ?? [navigator.language]));
}

/** The catalogue language in use (`fr` for `fr-CA`). */
export const currentLanguage = (): Language => languageOf(i18n.language) ?? DEFAULT_LANGUAGE;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  nonExplicitSupportedLngs: true, // fr-CA is fine; its strings come from fr
  load: 'languageOnly',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The locale this browser asks for: the saved choice, else the browser's languages (lib/locale.ts). */
export function browserLocale(): string {
  return chooseLocale(savedLanguage(), navigator.languages ?? [navigator.language]);
}

/**
 * Starts the app's language: `locale` when the server rendered the page in it (hydration must match), else the
 * browser's. Resolves once its strings are in; main.tsx renders after it so no English flashes by.
 */
export function startI18n(locale?: string): Promise<void> {
  const saved = savedLanguage();
  if (saved && isSavedInCookie(saved) === false) saveLanguageCookie(saved);
  return applyLocale(locale ?? browserLocale());
}

function isSavedInCookie(language: string): boolean {
  return document.cookie.split('; ').includes(`${LANGUAGE_COOKIE}=${encodeURIComponent(language)}`);
}

/** Switches to `locale` (after hydration, when the browser's own choice differs from what the server used). */
export const switchLocale = (locale: string): Promise<void> => applyLocale(locale);

export default i18n;
