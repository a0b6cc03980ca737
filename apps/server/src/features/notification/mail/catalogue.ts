/**
 * Mail strings come from the web app's catalogues (apps/web/src/locales/<lang>/mail.json: one set of
 * translations, checked by scripts/locales.test.ts for keys, placeholders and plural forms). Keys, `{{name}}`
 * placeholders and `_one`/`_many`/`_other` plural suffixes follow i18next, as in the web app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAIL_LOCALES = ['en', 'es', 'fr'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

type Tree = { [k: string]: string | Tree };
const DIR = join(import.meta.dirname, '..', '..', '..', '..', '..', 'web', 'src', 'locales');
const cache = new Map<MailLocale, Tree>();

function load(locale: MailLocale): Tree {
  let t = cache.get(locale);
  if (!t) {
    t = (JSON.parse(readFileSync(join(DIR, locale, 'mail.json'), 'utf8')) as { mail: Tree }).mail;
    cache.set(locale, t);
  }
  return t;
}

/** A supported mail language for a stored BCP 47 tag (`fr-CA` → `fr`; anything else → `en`). */
export function mailLocaleOf(tag: string | null | undefined): MailLocale {
  const base = (tag ?? 'en').toLowerCase().split('-')[0] as MailLocale;
  return MAIL_LOCALES.includes(base) ? base : 'en';
}

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (!node || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Whether the language (or English, the fallback) has a string at `key` (a variant of a template). */
export function hasString(locale: MailLocale, key: string): boolean {
  return lookup(load(locale), key) !== undefined || lookup(load('en'), key) !== undefined;
}

/** The translator of one language, falling back to English for a missing key. */
export function translator(locale: MailLocale) {
  const rules = new Intl.PluralRules(locale);
  return (key: string, vars: Record<string, string | number> = {}): string => {
    const pick = (tree: Tree) => {
      if (typeof vars.count === 'number') {
        const form = lookup(tree, `${key}_${rules.select(vars.count)}`) ?? lookup(tree, `${key}_other`);
        if (form) return form;
      }
      return lookup(tree, key);
    };
    const s = pick(load(locale)) ?? pick(load('en'));
    if (s === undefined) throw new Error(`mail string missing: ${key}`);
    return s.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? ''));
  };
}
