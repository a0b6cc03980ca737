/**
 * Readable profile URL names (issue 20, decision 039): `DJ Quinn` in Berlin → `dj-quinn-berlin`. slugify folds
 * accents and common letters (ß → ss, ø → o); what it cannot spell in a-z0-9 is dropped, and a name with nothing
 * left is `dj`. Kept short so a shared link stays readable.
 */
import slugify from 'slugify';

const MAX = 80;

export function profileSlug(stageName: string, cityName: string): string {
  const slug = slugify(`${stageName} ${cityName}`, { lower: true, strict: true, trim: true }).slice(0, MAX).replace(/-+$/, '');
  return slug || 'dj';
}

/** The slug a second profile with the same words gets: the start of its own id appended (ids are unique). */
export const disambiguated = (slug: string, id: string) => `${slug}-${id.slice(0, 8)}`;
