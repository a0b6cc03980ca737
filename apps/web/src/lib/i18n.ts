/**
 * i18next from the first string: every visible string goes through t(). Catalogues are split per feature
 * (locales/<lang>/<feature>.json, each holding its own top-level key) and merged here, so features add files
 * instead of editing one shared catalogue. es/fr come as new folders.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

const en = Object.assign(
  {},
  ...Object.values(import.meta.glob<Record<string, unknown>>('../locales/en/*.json', { eager: true, import: 'default' })),
) as Record<string, unknown>;

export const SUPPORTED_LOCALES = ['en'] as const;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
