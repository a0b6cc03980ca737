/**
 * DJ profile and search contract (a DJ's weekly hours, dates and blocks: availability/availability.schemas.ts). Everything a host sees on a profile and everything a DJ may set, with
 * the rules that make a profile bookable (sane prices, known genres and languages, real time zones, sample links
 * only from YouTube, SoundCloud and Mixcloud — no music uploads).
 */
import { z } from 'zod';
import { HhmmSchema, IsoDateSchema } from '../input.ts';
import { convertMinor, CurrencySchema } from '../money.ts';
import { CITY_BY_ID } from './cities.ts';
import { GENRES, LANGUAGES } from './dj.constants.ts';

export * from './dj.constants.ts';

export const GenreSchema = z.enum(GENRES, { error: 'Pick genres from the list.' });
export const LanguageSchema = z.enum(LANGUAGES, { error: 'Use an ISO 639-1 language code from the list (e.g. en, es, fr).' });

export const CANCELLATION_POLICIES = ['flexible', 'moderate', 'strict'] as const;
export const CancellationPolicySchema = z.enum(CANCELLATION_POLICIES);
export type CancellationPolicy = z.infer<typeof CancellationPolicySchema>;

/** True for IANA zone names the runtime knows (e.g. Europe/Berlin, Asia/Kathmandu). */
export function isValidTimeZone(tz: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
export const TimeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine(isValidTimeZone, 'Use an IANA time zone such as Europe/Berlin or America/New_York.');

export type SampleProvider = 'youtube' | 'soundcloud' | 'mixcloud';
export interface SampleLink {
  provider: SampleProvider;
  /** Canonical page URL. */
  url: string;
  /** Player URL for an iframe (privacy-enhanced where the service offers it). */
  embedUrl: string;
}

/** Normalises a YouTube/SoundCloud/Mixcloud URL; null for anything else. */
export function normalizeSampleLink(input: string): SampleLink | null {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  const host = u.hostname.toLowerCase().replace(/^(www\.|m\.)/, '');
  const idOk = (id: string | null | undefined): id is string => !!id && /^[\w-]{11}$/.test(id);
  if (host === 'youtube.com' || host === 'music.youtube.com' || host === 'youtu.be' || host === 'youtube-nocookie.com') {
    let id: string | null | undefined;
    if (host === 'youtu.be') id = u.pathname.split('/')[1];
    else if (u.pathname === '/watch') id = u.searchParams.get('v');
    else {
      const m = /^\/(embed|shorts|live|v)\/([\w-]{11})/.exec(u.pathname);
      id = m?.[2];
    }
    if (!idOk(id)) return null;
    return {
      provider: 'youtube',
      url: `https://www.youtube.com/watch?v=${id}`,
      embedUrl: `https://www.youtube-nocookie.com/embed/${id}`,
    };
  }
  if (host === 'soundcloud.com') {
    const parts = u.pathname.split('/').filter(Boolean);
    if (parts.length < 2 || !parts.every((p) => /^[\w-]+$/.test(p))) return null;
    const url = `https://soundcloud.com/${parts.join('/')}`;
    return {
      provider: 'soundcloud',
      url,
      embedUrl: `https://w.soundcloud.com/player/?url=${encodeURIComponent(url)}&visual=false`,
    };
  }
  if (host === 'mixcloud.com') {
    const parts = u.pathname.split('/').filter(Boolean);
    if (parts.length < 2 || !parts.every((p) => /^[\w%.-]+$/.test(p))) return null;
    const path = `/${parts.join('/')}/`;
    return {
      provider: 'mixcloud',
      url: `https://www.mixcloud.com${path}`,
      embedUrl: `https://player-widget.mixcloud.com/widget/iframe/?hide_cover=1&feed=${encodeURIComponent(path)}`,
    };
  }
  return null;
}

export const SampleLinkSchema = z
  .string()
  .max(500)
  .transform((s, ctx) => {
    const link = normalizeSampleLink(s);
    if (!link) {
      ctx.addIssue({
        code: 'custom',
        message: 'Only YouTube, SoundCloud and Mixcloud links to a video, track or mix are allowed.',
      });
      return z.NEVER;
    }
    return link;
  });

const minor = (max: number, what: string) =>
  z
    .number({ error: `${what} must be a whole number of cents (minor units).` })
    .int(`${what} must be a whole number of cents (minor units).`)
    .min(100, `${what} is too low.`)
    .max(max, `${what} is unrealistically high.`);

export const PricingSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('hourly'),
        hourlyRateMinor: minor(1e11, 'The hourly rate'),
        minHours: z.number().int().min(1).max(12),
        maxHours: z.number().int().min(1).max(12),
      })
      .refine((p) => p.maxHours >= p.minHours, { path: ['maxHours'], message: 'The maximum must be at least the minimum.' }),
    z.object({
      kind: z.literal('per_event'),
      eventPriceMinor: minor(1e11, 'The event price'),
      eventMinutes: z.number().int().min(30).max(720).multipleOf(15, 'Use 15-minute steps.'),
    }),
  ],
  { error: 'Choose hourly or per-event pricing.' },
);
export type Pricing = z.infer<typeof PricingSchema>;

const shortText = (max: number) => z.string().trim().min(1).max(max);

export const DjProfileInputSchema = z
  .object({
    stageName: shortText(60),
    bio: z.string().trim().max(2000).default(''),
    genres: z.array(GenreSchema).min(1, 'Pick at least one genre.').max(8, 'Pick at most 8 genres.'),
    tags: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .min(2)
          .max(24)
          .regex(/^[\p{L}\p{N} &'-]+$/u, 'Tags are short words.'),
      )
      .max(10)
      .default([]),
    yearsExperience: z.number().int().min(0).max(60),
    equipment: z.array(shortText(80)).max(20).default([]),
    languages: z.array(LanguageSchema).min(1, 'Pick at least one language.').max(10),
    cityId: z.string().refine((id) => CITY_BY_ID.has(id), 'Pick a city from the list.'),
    timeZone: TimeZoneSchema,
    currency: CurrencySchema,
    pricing: PricingSchema,
    sampleLinks: z.array(SampleLinkSchema).max(6, 'At most 6 sample links.').default([]),
    cancellationPolicy: CancellationPolicySchema.default('moderate'),
    autoAccept: z.boolean().default(false),
    bufferMinutes: z.number().int().min(0).max(240).multipleOf(15, 'Use 15-minute steps.').default(30),
    minNoticeHours: z.number().int().min(0).max(720).default(24),
    maxAdvanceDays: z.number().int().min(1).max(730).default(180),
  })
  .superRefine((p, ctx) => {
    // "Absurd" is judged in euros, so ¥ and ₦ prices are not refused for having many digits.
    const eur =
      p.pricing.kind === 'hourly'
        ? convertMinor(p.pricing.hourlyRateMinor, p.currency, 'EUR')
        : convertMinor(p.pricing.eventPriceMinor, p.currency, 'EUR');
    const [max, field] = p.pricing.kind === 'hourly' ? [20_000_00, 'hourlyRateMinor'] : [200_000_00, 'eventPriceMinor'];
    if (eur > max)
      ctx.addIssue({
        code: 'custom',
        path: ['pricing', field],
        message: `That is unrealistically high (over €${max / 100} equivalent).`,
      });
    if (eur < 10_00)
      ctx.addIssue({ code: 'custom', path: ['pricing', field], message: 'That is too low (under €10 equivalent).' });
  });
export type DjProfileInput = z.input<typeof DjProfileInputSchema>;
export type DjProfileParsed = z.output<typeof DjProfileInputSchema>;

/** How many gallery photos a DJ may show (besides the profile photo); the database checks it too. */
export const GALLERY_MAX = 8;

export const DjProfileSchema = z.object({
  id: z.string(),
  /** The profile's readable URL name: `/djs/<slug>` (issue 20, decision 039). */
  slug: z.string(),
  userId: z.string(),
  stageName: z.string(),
  bio: z.string(),
  genres: z.array(z.string()),
  tags: z.array(z.string()),
  yearsExperience: z.number(),
  equipment: z.array(z.string()),
  languages: z.array(z.string()),
  city: z.object({ id: z.string(), name: z.string(), country: z.string(), lat: z.number(), lng: z.number() }),
  timeZone: z.string(),
  currency: CurrencySchema,
  pricing: PricingSchema,
  sampleLinks: z.array(
    z.object({ provider: z.enum(['youtube', 'soundcloud', 'mixcloud']), url: z.string(), embedUrl: z.string() }),
  ),
  cancellationPolicy: CancellationPolicySchema,
  autoAccept: z.boolean(),
  bufferMinutes: z.number(),
  minNoticeHours: z.number(),
  maxAdvanceDays: z.number(),
  photoUrl: z.string().nullable(),
  /** More photos of the DJ at work, in order (at most GALLERY_MAX); `id` names one for removal. */
  gallery: z.array(z.object({ id: z.string(), url: z.string() })),
  /** Published host reviews: mean, count, and the Bayesian score search ranks and filters by (decision 018). */
  rating: z.object({ average: z.number().nullable(), count: z.number(), score: z.number().nullable() }),
  /** Hosts can book this DJ: payout setup is done (until then the DJ is not listed in search). */
  bookable: z.boolean(),
  /** Set on the public profile: an approved, unexpired music licence (issue 16). */
  licenceVerified: z.boolean().optional(),
  /** Set on the public profile: parties this DJ has played through PartyStream (issue 20). */
  partiesPlayed: z.number().optional(),
});
export type DjProfile = z.infer<typeof DjProfileSchema>;

/** A profile slug as it appears in URLs: lower-case letters and digits in dash-separated words. */
export const DJ_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** How a public profile is named in a URL: its slug, or its id (old links, redirected to the slug). */
export const DjRefParamSchema = z.object({
  id: z.union([z.uuid(), z.string().max(100).regex(DJ_SLUG_PATTERN)], { error: 'Not a DJ profile.' }),
});

// ---- search -------------------------------------------------------------------------------------------------

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).max(20),
  );

export const DjSearchQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  cityId: z
    .string()
    .refine((id) => CITY_BY_ID.has(id), 'Unknown city.')
    .optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Use a 2-letter country code.')
    .optional(),
  radiusKm: z.coerce.number().min(1).max(20_000).optional(),
  genres: csv(GenreSchema).optional(),
  languages: csv(LanguageSchema).optional(),
  currency: CurrencySchema.default('EUR'),
  minPrice: z.coerce.number().int().min(0).optional(),
  maxPrice: z.coerce.number().int().min(0).optional(),
  minRating: z.coerce.number().min(0).max(5).optional(),
  date: IsoDateSchema.optional(),
  /** Optional window on `date`, HH:MM in `tz`. */
  fromTime: HhmmSchema.optional(),
  toTime: HhmmSchema.optional(),
  tz: TimeZoneSchema.default('UTC'),
  sort: z.enum(['relevance', 'rating', 'price_asc', 'price_desc']).default('relevance'),
  /** `true`: only DJs with a verified music licence (issue 16). */
  licensed: z
    .enum(['true', 'false'], { error: 'Use true or false.' })
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(12),
});
export type DjSearchQuery = z.infer<typeof DjSearchQuerySchema>;

export const DjCardSchema = z.object({
  id: z.string(),
  /** The profile's readable URL name: `/djs/<slug>`. */
  slug: z.string(),
  stageName: z.string(),
  photoUrl: z.string().nullable(),
  genres: z.array(z.string()),
  city: z.string(),
  country: z.string(),
  price: z.object({ amountMinor: z.number(), currency: CurrencySchema, unit: z.enum(['hour', 'event']) }),
  /** The price converted to the searcher's currency (estimate). */
  priceInSearchCurrency: z.object({ amountMinor: z.number(), currency: CurrencySchema }),
  /** Published host reviews: mean, count, and the Bayesian score search ranks and filters by (decision 018). */
  rating: z.object({ average: z.number().nullable(), count: z.number(), score: z.number().nullable() }),
  nextOpenAt: z.string().nullable(),
  distanceKm: z.number().nullable(),
  /** An admin verified the DJ's music licence and it has not expired (issue 16). */
  licenceVerified: z.boolean(),
  /** Parties this DJ has played through PartyStream (completed bookings; issue 20's proof on cards). */
  partiesPlayed: z.number(),
});
export type DjCard = z.infer<typeof DjCardSchema>;
