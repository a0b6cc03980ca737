/**
 * What the booking page may offer, from the DJ's open windows (the server's `/djs/:id/slots`, which already
 * removes notice, horizon, bookings and buffers) and their length rule. Only choices that the server will accept
 * are produced, so a host never meets "outside the DJ's available hours" after pressing "Request and pay"
 * (issue 20): starts on the quarter hour inside a window, lengths that fit both the window and the DJ's max.
 */
import type { Pricing } from '@partystream/shared/dj/dj.schemas';

export const START_STEP_MIN = 15;
const MIN = 60_000;

export interface TimeWindow {
  start: number;
  end: number;
}

/** Allowed party lengths in minutes: hourly DJs from min to max hours in half hours; fixed sets one length. */
export interface LengthRule {
  min: number;
  max: number;
  step: number;
}

export function lengthRule(pricing: Pricing): LengthRule {
  return pricing.kind === 'hourly'
    ? { min: pricing.minHours * 60, max: pricing.maxHours * 60, step: 30 }
    : { min: pricing.eventMinutes, max: pricing.eventMinutes, step: 30 };
}

/** The first quarter hour at or after `ms` (quarter hours line up in every zone's local time). */
export function ceilToStep(ms: number, stepMin = START_STEP_MIN): number {
  const step = stepMin * MIN;
  return Math.ceil(ms / step) * step;
}

/** Start instants (ms) inside a window from which at least the shortest party still fits. */
export function startTimes(w: TimeWindow, rule: LengthRule): number[] {
  const out: number[] = [];
  for (let s = ceilToStep(w.start); s + rule.min * MIN <= w.end; s += START_STEP_MIN * MIN) out.push(s);
  return out;
}

/** True when the window can hold the shortest party the DJ plays. */
export function isBookableWindow(w: TimeWindow, rule: LengthRule): boolean {
  return startTimes(w, rule).length > 0;
}

/** Lengths (minutes) that fit from `start` to the window's end and within the DJ's rule. */
export function lengthsAt(start: number, w: TimeWindow, rule: LengthRule): number[] {
  if (start < w.start || start >= w.end) return [];
  const room = Math.floor((w.end - start) / MIN);
  const out: number[] = [];
  for (let m = rule.min; m <= Math.min(rule.max, room); m += rule.step) out.push(m);
  return out;
}

/** The open window holding the instant, if any. */
export function windowAt(windows: TimeWindow[], at: number): TimeWindow | undefined {
  return windows.find((w) => w.start <= at && at < w.end);
}

/** Parses an ISO instant from a URL; null for anything that is not one (e.g. `?start=garbage`). */
export function parseInstant(v: string | null): number | null {
  if (!v) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}
