/**
 * The <head> of a server-rendered public page (issue 20): title, description, canonical URL, Open Graph and Twitter
 * card tags, so a shared link previews with the DJ's photo, name and a line about them. Every URL is absolute, from
 * the server's PUBLIC_URL. Strings come from the page's language (`seo.*` in the app catalogue).
 */
import type { TFunction } from 'i18next';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';

export type PublicPage = { kind: 'landing' } | { kind: 'search' } | { kind: 'profile'; profile: DjProfile | null };

const DESCRIPTION_MAX = 160;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= DESCRIPTION_MAX ? one : `${one.slice(0, DESCRIPTION_MAX - 1).replace(/\s+\S*$/, '')}…`;
}

export function headTags(
  page: PublicPage,
  opts: { t: TFunction; locale: string; publicUrl: string; path: string; firstPhoto?: string | null },
): string {
  const { t, publicUrl } = opts;
  const url = `${publicUrl}${opts.path}`;
  let title: string;
  let description: string;
  let image: { url: string; alt: string } | null = null;
  let type = 'website';
  if (page.kind === 'profile' && page.profile) {
    const p = page.profile;
    const vars = {
      name: p.stageName,
      city: p.city.name,
      country: p.city.country,
      genres: p.genres.map((g) => t(`dj.genres.${g}`, { defaultValue: g })).join(', '),
    };
    title = t('seo.profileTitle', vars);
    description = clip(p.bio || t('seo.profileDescription', vars));
    if (p.photoUrl) image = { url: new URL(p.photoUrl, `${publicUrl}/`).href, alt: t('seo.photoAlt', vars) };
    type = 'profile';
  } else if (page.kind === 'search') {
    title = t('seo.searchTitle');
    description = t('seo.searchDescription');
  } else if (page.kind === 'profile') {
    title = t('dj.profile.notFound');
    description = t('seo.searchDescription');
  } else {
    title = t('seo.landingTitle');
    description = t('seo.landingDescription');
  }
  const meta = (attr: 'name' | 'property', key: string, content: string) =>
    `<meta ${attr}="${key}" content="${escape(content)}" />`;
  const tags = [
    `<title>${escape(title)}</title>`,
    meta('name', 'description', description),
    `<link rel="canonical" href="${escape(url)}" />`,
    meta('property', 'og:site_name', 'PartyStream'),
    meta('property', 'og:type', type),
    meta('property', 'og:title', title),
    meta('property', 'og:description', description),
    meta('property', 'og:url', url),
    meta('property', 'og:locale', opts.locale.replace('-', '_')),
    meta('name', 'twitter:card', image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', title),
    meta('name', 'twitter:description', description),
  ];
  if (image)
    tags.push(
      meta('property', 'og:image', image.url),
      meta('property', 'og:image:alt', image.alt),
      meta('name', 'twitter:image', image.url),
      meta('name', 'twitter:image:alt', image.alt),
    );
  if (page.kind === 'profile' && !page.profile) tags.push(meta('name', 'robots', 'noindex'));
  // The largest picture on the first screen starts downloading while the rest of the HTML is still arriving.
  if (opts.firstPhoto) tags.push(`<link rel="preload" as="image" href="${escape(opts.firstPhoto)}" fetchpriority="high" />`);
  return tags.join('\n    ');
}
