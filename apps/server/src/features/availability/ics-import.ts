/**
 * Busy times from another calendar's private ICS address (Google "secret address in iCal format", Apple, Outlook).
 * Parsed with `node-ical`, which resolves TZIDs (IANA and Windows names), expands RRULEs with EXDATEs and
 * RECURRENCE-ID overrides. What counts as busy: every VEVENT not CANCELLED and not TRANSPARENT (RFC 5545 3.8.2.7,
 * "free" in calendar apps); all-day events block the whole local day in the DJ's zone.
 *
 * The whole file is read and parsed before anything is written: a failure anywhere throws
 * CALENDAR_SOURCE_UNREADABLE and the previous import stays as it was.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DateTime } from 'luxon';
import ical from 'node-ical';
import { AppError } from '../../errors.ts';

export interface BusyTime {
  startsAt: Date;
  endsAt: Date;
  uid: string;
}

const MAX_BYTES = 5 * 1024 * 1024;
const unreadable = (detail: string, cause?: unknown) => new AppError('CALENDAR_SOURCE_UNREADABLE', { detail, cause });

/** Loopback, private, link-local and unique-local addresses: a pasted URL must not reach inside our network. */
function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v = ip.toLowerCase();
  return v === '::1' || v === '::' || v.startsWith('fc') || v.startsWith('fd') || v.startsWith('fe80') || v.startsWith('::ffff:');
}

/** The address with its secret part hidden: scheme, host and the last four characters. */
export function hintOf(url: string): string {
  try {
    const u = new URL(url.replace(/^webcal:/i, 'https:'));
    return `${u.host}/…${url.slice(-4)}`;
  } catch {
    return '…';
  }
}

/**
 * GETs the ICS text (webcal:// is https://). Refuses private addresses unless `allowPrivate` (development and
 * tests serve files from 127.0.0.1). Never puts the URL in an error (it is a secret); names the host only.
 */
export async function fetchIcs(url: string, opts: { allowPrivate: boolean; timeoutMs?: number }): Promise<string> {
  const target = new URL(url.replace(/^webcal:/i, 'https:'));
  if (!opts.allowPrivate) {
    const addrs = await lookup(target.hostname, { all: true }).catch(() => []);
    if (!addrs.length) throw unreadable(`The calendar server ${target.host} could not be found.`);
    if (addrs.some((a) => isPrivateAddress(a.address))) throw unreadable(`${target.host} is not a public address.`);
  }
  let res: Response;
  try {
    res = await fetch(target, {
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      redirect: opts.allowPrivate ? 'follow' : 'error',
      headers: { accept: 'text/calendar, */*;q=0.5' },
    });
  } catch (e) {
    throw unreadable(`The calendar server ${target.host} did not answer.`, e);
  }
  if (!res.ok)
    throw unreadable(
      `The calendar server ${target.host} answered ${res.status}${res.status === 404 ? ' (not found: is the address complete?)' : ''}.`,
    );
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > MAX_BYTES) throw unreadable('The calendar file is larger than 5 MB.');
  const text = await res.text();
  if (text.length > MAX_BYTES) throw unreadable('The calendar file is larger than 5 MB.');
  return text;
}

/**
 * Busy times of `text` overlapping [from, to). `timeZone` is the DJ's, for all-day and floating events.
 * Throws CALENDAR_SOURCE_UNREADABLE when the text is not an iCalendar file.
 */
export function busyFromIcs(text: string, from: Date, to: Date, timeZone: string): BusyTime[] {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (!/^BEGIN:VCALENDAR/i.test(body) || !/END:VCALENDAR$/i.test(body))
    throw unreadable('That address did not return an iCalendar (.ics) file.');
  let parsed: ReturnType<typeof ical.sync.parseICS>;
  try {
    parsed = ical.sync.parseICS(body);
  } catch (e) {
    throw unreadable('The calendar file could not be read (it is not valid iCalendar).', e);
  }
  const out: BusyTime[] = [];
  for (const [key, c] of Object.entries(parsed)) {
    if (!c || c.type !== 'VEVENT') continue;
    const base = c;
    if (!base.start) throw unreadable(`An event (${base.uid ?? key}) has no start.`);
    let instances: ReturnType<typeof ical.expandRecurringEvent>;
    try {
      instances = ical.expandRecurringEvent(base, { from, to, expandOngoing: true });
    } catch (e) {
      throw unreadable(`An event's repeat rule (${base.uid ?? key}) could not be read.`, e);
    }
    for (const i of instances) {
      const ev = i.event;
      if (String(ev.status ?? '').toUpperCase() === 'CANCELLED') continue;
      if (String(ev.transparency ?? '').toUpperCase() === 'TRANSPARENT') continue;
      let s: Date;
      let e: Date;
      if (i.isFullDay) {
        // A date, not an instant: the whole day(s) in the DJ's own zone.
        const day = (d: Date) =>
          DateTime.fromObject({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() }, { zone: timeZone });
        s = day(i.start).toJSDate();
        e = i.end && i.end.getTime() > i.start.getTime() ? day(i.end).toJSDate() : day(i.start).plus({ days: 1 }).toJSDate();
      } else {
        s = new Date(i.start.getTime());
        e = i.end ? new Date(i.end.getTime()) : new Date(s.getTime());
        if (e.getTime() <= s.getTime()) continue; // a zero-length event (a reminder) does not make the DJ busy
      }
      if (e.getTime() <= from.getTime() || s.getTime() >= to.getTime()) continue;
      out.push({ startsAt: s, endsAt: e, uid: `${base.uid ?? key}${i.isRecurring ? `@${s.toISOString()}` : ''}` });
    }
  }
  return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
