import { DjProfileInputSchema, type DjProfileInput } from '@partystream/shared/dj/dj.schemas';
import { CURRENCIES, type Currency } from '@partystream/shared/money';
import type { SeedStep } from './seed.ts';
import { DEMO_DJS, slug } from './users.seed.ts';

type Weekly = { weekday: number; start: string; end: string }[];
const nights = (days: number[], start = '20:00', end = '02:00'): Weekly => days.map((weekday) => ({ weekday, start, end }));

/** Prices as people write them (whole units: ¥22,000, €180); `toMinor` applies the currency's exponent. */
type SeedPricing =
  | { kind: 'hourly'; hourlyRate: number; minHours: number; maxHours: number }
  | { kind: 'per_event'; eventPrice: number; eventMinutes: number };

/** Whole units → minor units with the currency's ISO 4217 exponent (JPY has none: ¥22,000 is 22000, not 2200000). */
export function toMinorPricing(pricing: SeedPricing, currency: Currency): DjProfileInput['pricing'] {
  const minor = (major: number) => Math.round(major * 10 ** CURRENCIES[currency]);
  return pricing.kind === 'hourly'
    ? { kind: 'hourly', hourlyRateMinor: minor(pricing.hourlyRate), minHours: pricing.minHours, maxHours: pricing.maxHours }
    : { kind: 'per_event', eventPriceMinor: minor(pricing.eventPrice), eventMinutes: pricing.eventMinutes };
}

/** A dozen believable DJs across genres, cities, currencies and time zones (in DEMO_DJS order). */
const PROFILES: (Omit<DjProfileInput, 'stageName' | 'pricing'> & {
  stage: string;
  pricing: SeedPricing;
  weekly: Weekly;
})[] = [
  {
    stage: 'DJ Nova',
    cityId: 'berlin',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    genres: ['techno', 'house'],
    languages: ['en', 'de', 'es'],
    yearsExperience: 11,
    pricing: { kind: 'hourly', hourlyRate: 180, minHours: 2, maxHours: 6 },
    bio: 'Berlin warehouse techno, softened for living rooms. Long blends, no phones on the dance floor.',
    equipment: ['Pioneer CDJ-3000 ×2', 'DJM-V10'],
    sampleLinks: ['https://soundcloud.com/dj-nova/warehouse-set'],
    autoAccept: true,
    weekly: nights([5, 6]),
  },
  {
    stage: 'Kofi Vibes',
    cityId: 'accra',
    timeZone: 'Africa/Accra',
    currency: 'USD',
    genres: ['afrobeats', 'amapiano', 'dancehall'],
    languages: ['en'],
    yearsExperience: 7,
    pricing: { kind: 'hourly', hourlyRate: 120, minHours: 2, maxHours: 5 },
    bio: 'Afrobeats and amapiano that gets aunties and toddlers dancing.',
    sampleLinks: ['https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    weekly: nights([4, 5, 6], '19:00', '01:00'),
  },
  {
    stage: 'Lena Loops',
    cityId: 'hamburg',
    timeZone: 'Europe/Berlin',
    currency: 'EUR',
    genres: ['deep-house', 'disco'],
    languages: ['de', 'en'],
    yearsExperience: 5,
    pricing: { kind: 'per_event', eventPrice: 650, eventMinutes: 240 },
    bio: 'Sunset disco and deep house, vinyl only.',
    equipment: ['Technics SL-1200 MK7 ×2', 'Xone:96'],
    weekly: nights([6, 7], '17:00', '23:00'),
  },
  {
    stage: 'Hiro Tokyo',
    cityId: 'tokyo',
    timeZone: 'Asia/Tokyo',
    currency: 'JPY',
    genres: ['k-pop', 'pop', 'edm'],
    languages: ['ja', 'en', 'ko'],
    yearsExperience: 9,
    pricing: { kind: 'hourly', hourlyRate: 22000, minHours: 2, maxHours: 4 },
    bio: 'J-pop, K-pop and festival EDM for birthday parties that go big.',
    weekly: nights([5, 6], '18:00', '23:30'),
  },
  {
    stage: 'Priya Beats',
    cityId: 'mumbai',
    timeZone: 'Asia/Kolkata',
    currency: 'INR',
    genres: ['bollywood', 'pop', 'hip-hop'],
    languages: ['hi', 'en'],
    yearsExperience: 8,
    pricing: { kind: 'hourly', hourlyRate: 9000, minHours: 2, maxHours: 8 },
    bio: 'Bollywood bangers, bhangra and hip-hop mashups for sangeets and office parties.',
    autoAccept: true,
    weekly: nights([5, 6, 7], '19:30', '01:30'),
  },
  {
    stage: 'Mateo Latino',
    cityId: 'sao-paulo',
    timeZone: 'America/Sao_Paulo',
    currency: 'BRL',
    genres: ['latin', 'reggaeton', 'salsa'],
    languages: ['pt', 'es', 'en'],
    yearsExperience: 12,
    pricing: { kind: 'hourly', hourlyRate: 600, minHours: 3, maxHours: 6 },
    bio: 'Reggaeton, salsa and funk carioca. I bring the percussion too.',
    weekly: nights([5, 6]),
  },
  {
    stage: 'Chloé Soirée',
    cityId: 'paris',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    genres: ['disco', 'funk', 'soul'],
    languages: ['fr', 'en'],
    yearsExperience: 6,
    pricing: { kind: 'per_event', eventPrice: 800, eventMinutes: 300 },
    bio: 'French touch, Motown and disco edits for elegant dinners that turn into dance parties.',
    sampleLinks: ['https://www.mixcloud.com/chloe-soiree/french-touch-dinner/'],
    weekly: nights([4, 5, 6], '20:00', '01:00'),
  },
  {
    stage: 'Sam Shuffle',
    cityId: 'dublin',
    timeZone: 'Europe/Dublin',
    currency: 'EUR',
    genres: ['rock', 'indie', '90s'],
    languages: ['en'],
    yearsExperience: 15,
    pricing: { kind: 'hourly', hourlyRate: 150, minHours: 2, maxHours: 5 },
    bio: 'Indie anthems and 90s singalongs. Requests welcome, cheesy encouraged.',
    weekly: nights([5, 6]),
  },
  {
    stage: 'Aisha Groove',
    cityId: 'lagos',
    timeZone: 'Africa/Lagos',
    currency: 'NGN',
    genres: ['afrobeats', 'hip-hop', 'rnb'],
    languages: ['en', 'yo'],
    yearsExperience: 4,
    pricing: { kind: 'hourly', hourlyRate: 150000, minHours: 2, maxHours: 6 },
    bio: 'Lagos afrobeats and R&B slow jams.',
    weekly: nights([5, 6], '21:00', '03:00'),
  },
  {
    stage: 'Jonas Nord',
    cityId: 'stockholm',
    timeZone: 'Europe/Stockholm',
    currency: 'SEK',
    genres: ['tech-house', 'trance'],
    languages: ['sv', 'en'],
    yearsExperience: 10,
    pricing: { kind: 'hourly', hourlyRate: 1800, minHours: 2, maxHours: 6 },
    bio: 'Nordic tech house and euphoric trance classics.',
    weekly: nights([5, 6]),
  },
  {
    stage: 'Valentina Roma',
    cityId: 'rome',
    timeZone: 'Europe/Rome',
    currency: 'EUR',
    genres: ['wedding', 'pop', 'top-40'],
    languages: ['it', 'en', 'es'],
    yearsExperience: 14,
    pricing: { kind: 'per_event', eventPrice: 1200, eventMinutes: 360 },
    bio: 'Weddings and milestone birthdays: from first dance to last song.',
    weekly: nights([6, 7], '16:00', '23:00'),
  },
  {
    stage: 'Diego Noche',
    cityId: 'mexico-city',
    timeZone: 'America/Mexico_City',
    currency: 'MXN',
    genres: ['latin', 'reggaeton', 'open-format'],
    languages: ['es', 'en'],
    yearsExperience: 8,
    pricing: { kind: 'hourly', hourlyRate: 3000, minHours: 2, maxHours: 6 },
    bio: 'Open format with a Latin heart; cumbia to reggaeton to 2000s pop.',
    weekly: nights([4, 5, 6]),
  },
];

export const djsSeed: SeedStep = {
  name: 'DJ profiles and availability',
  async run(deps, ctx) {
    for (const [i, name] of DEMO_DJS.entries()) {
      const userId = ctx.users.get(`${slug(name)}@dj.partystream.local`);
      const spec = PROFILES[i];
      if (!userId || !spec) continue;
      const user = await deps.auth.getUser(userId);
      if (await deps.dj.getMine(user)) {
        // Demo DJs are bookable: payout setup started (completes at once with the embedded processor). Idempotent.
        if (deps.payments.kind === 'local') await deps.paymentService.startPayoutOnboarding(user);
        continue;
      }
      const { stage, weekly, pricing, ...rest } = spec;
      await deps.dj.saveMine(
        user,
        DjProfileInputSchema.parse({
          ...rest,
          pricing: toMinorPricing(pricing, rest.currency as Currency),
          stageName: stage,
          minNoticeHours: 24,
        }),
      );
      await deps.availability.setWeekly(userId, { ranges: weekly });
      if (deps.payments.kind === 'local') await deps.paymentService.startPayoutOnboarding(user);
    }
  },
};
