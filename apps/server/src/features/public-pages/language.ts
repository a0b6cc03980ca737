/** The cookie holding the language a visitor chose in the app's picker (apps/web lib/locale.ts LANGUAGE_COOKIE). */
export const LANGUAGE_COOKIE = 'ps_lang';
