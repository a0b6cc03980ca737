/**
 * i18next from the first string: every visible string goes through t(). English ships now; es/fr catalogues
 * are added as files in locales/ and listed in `resources`.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';

export const SUPPORTED_LOCALES = ['en'] as const;

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
