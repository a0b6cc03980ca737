/**
 * The onboarding form's model: the fields as typed (strings), conversion from a saved profile and to the API body,
 * and which step each field belongs to (so a server field error jumps to its step).
 */
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import { CURRENCIES } from '@partystream/shared/money';
import { viewerTimeZone } from '../../lib/format';

export type Form = {
  stageName: string;
  bio: string;
  genres: string[];
  tags: string;
  yearsExperience: string;
  equipment: string;
  languages: string[];
  cityId: string;
  timeZone: string;
  currency: string;
  pricingKind: 'hourly' | 'per_event';
  rate: string;
  minHours: string;
  maxHours: string;
  eventPrice: string;
  eventHours: string;
  sampleLinks: string;
  cancellationPolicy: 'flexible' | 'moderate' | 'strict';
  autoAccept: boolean;
  bufferMinutes: string;
  minNoticeHours: string;
  maxAdvanceDays: string;
};

export const STEPS = ['basics', 'music', 'pricing', 'samples', 'rules', 'hours'] as const;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export function fromProfile(p: DjProfile | null): Form {
  const exp = (c: string) => CURRENCIES[c as keyof typeof CURRENCIES] ?? 2;
  const major = (minor: number, c: string) => String(minor / 10 ** exp(c));
  return {
    stageName: p?.stageName ?? '',
    bio: p?.bio ?? '',
    genres: p?.genres ?? [],
    tags: p?.tags.join(', ') ?? '',
    yearsExperience: String(p?.yearsExperience ?? 1),
    equipment: p?.equipment.join(', ') ?? '',
    // Nothing pre-selected: a pre-selected English was a trap (clicking it removed it) (issue 20).
    languages: p?.languages ?? [],
    cityId: p?.city.id ?? '',
    timeZone: p?.timeZone ?? viewerTimeZone(),
    currency: p?.currency ?? 'EUR',
    pricingKind: p?.pricing.kind ?? 'hourly',
    rate: p?.pricing.kind === 'hourly' ? major(p.pricing.hourlyRateMinor, p.currency) : '',
    minHours: p?.pricing.kind === 'hourly' ? String(p.pricing.minHours) : '2',
    maxHours: p?.pricing.kind === 'hourly' ? String(p.pricing.maxHours) : '6',
    eventPrice: p?.pricing.kind === 'per_event' ? major(p.pricing.eventPriceMinor, p.currency) : '',
    eventHours: p?.pricing.kind === 'per_event' ? String(p.pricing.eventMinutes / 60) : '4',
    sampleLinks: p?.sampleLinks.map((s) => s.url).join('\n') ?? '',
    cancellationPolicy: p?.cancellationPolicy ?? 'moderate',
    autoAccept: p?.autoAccept ?? false,
    bufferMinutes: String(p?.bufferMinutes ?? 30),
    minNoticeHours: String(p?.minNoticeHours ?? 24),
    maxAdvanceDays: String(p?.maxAdvanceDays ?? 180),
  };
}

export function toBody(f: Form) {
  const exp = CURRENCIES[f.currency as keyof typeof CURRENCIES] ?? 2;
  const minor = (v: string) => Math.round(Number(v) * 10 ** exp);
  const list = (s: string) =>
    s
      .split(/[,\n]/)
      .map((x) => x.trim())
      .filter(Boolean);
  return {
    stageName: f.stageName,
    bio: f.bio,
    genres: f.genres,
    tags: list(f.tags),
    yearsExperience: Number(f.yearsExperience),
    equipment: list(f.equipment),
    languages: f.languages,
    cityId: f.cityId,
    timeZone: f.timeZone,
    currency: f.currency,
    pricing:
      f.pricingKind === 'hourly'
        ? { kind: 'hourly', hourlyRateMinor: minor(f.rate), minHours: Number(f.minHours), maxHours: Number(f.maxHours) }
        : { kind: 'per_event', eventPriceMinor: minor(f.eventPrice), eventMinutes: Math.round(Number(f.eventHours) * 60) },
    sampleLinks: f.sampleLinks
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean),
    cancellationPolicy: f.cancellationPolicy,
    autoAccept: f.autoAccept,
    bufferMinutes: Number(f.bufferMinutes),
    minNoticeHours: Number(f.minNoticeHours),
    maxAdvanceDays: Number(f.maxAdvanceDays),
  };
}

/** Which step a server field error belongs to, so the form jumps there. */
export const STEP_OF: Record<string, (typeof STEPS)[number]> = {
  stageName: 'basics',
  bio: 'basics',
  cityId: 'basics',
  timeZone: 'basics',
  yearsExperience: 'basics',
  genres: 'music',
  tags: 'music',
  languages: 'music',
  equipment: 'music',
  currency: 'pricing',
  pricing: 'pricing',
  sampleLinks: 'samples',
  cancellationPolicy: 'rules',
  autoAccept: 'rules',
  bufferMinutes: 'rules',
  minNoticeHours: 'rules',
  maxAdvanceDays: 'rules',
};

export type Step = (typeof STEPS)[number];

/** What each step's fields need: the form, a setter, and the translated error of a field (if any). */
export interface StepProps {
  form: Form;
  set: <K extends keyof Form>(k: K, v: Form[K]) => void;
  setForm: (f: Form) => void;
  err: (k: string) => string | undefined;
}
