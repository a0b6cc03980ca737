import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { DjProfile, OpenWindow } from '@partystream/shared/dj/dj.schemas';
import { api } from '../../../lib/api-client';
import { dateIn, isoDateIn, timeIn, viewerTimeZone, zoneAbbrev } from '../../../lib/format';
import { paths } from '../../../config/paths';
import { useDjSlotUpdates } from '../../../lib/realtime';
import { isBookableWindow, lengthRule } from '../../../lib/slot-options';

const DAYS = 14;

/** The DJ's open windows for the next two weeks, in the viewer's zone, each with a "Book" link. */
export function Calendar({ profile }: { profile: DjProfile }) {
  const { t, i18n } = useTranslation();
  const tz = viewerTimeZone();
  const [offset, setOffset] = useState(0);
  const [today] = useState(() => Date.now());
  const from = useMemo(() => isoDateIn(today + offset * 86_400_000, tz), [today, offset, tz]);
  const to = useMemo(() => isoDateIn(today + (offset + DAYS - 1) * 86_400_000, tz), [today, offset, tz]);
  const slots = useQuery({
    queryKey: ['djs', profile.id, 'slots', from, to, tz],
    queryFn: () =>
      api.get<{ windows: OpenWindow[]; timeZone: string }>(
        `/djs/${profile.id}/slots?from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`,
      ),
  });
  useDjSlotUpdates(profile.id, () => void slots.refetch());
  const sameZone = zoneAbbrev(profile.timeZone) === zoneAbbrev(tz) && profile.timeZone === tz;
  // Only windows that can hold the DJ's shortest party get a "Book" button (issue 20).
  const rule = lengthRule(profile.pricing);
  const byDay = new Map<string, OpenWindow[]>();
  for (const w of slots.data?.windows ?? []) {
    if (!isBookableWindow({ start: Date.parse(w.startsAt), end: Date.parse(w.endsAt) }, rule)) continue;
    const day = isoDateIn(Date.parse(w.startsAt), tz);
    byDay.set(day, [...(byDay.get(day) ?? []), w]);
  }
  return (
    <section className="card stack calendar" aria-labelledby="cal-h">
      <div className="row cal-head">
        <h2 id="cal-h" tabIndex={-1}>
          {t('dj.calendar.title')}
        </h2>
        <div className="row">
          <button className="btn" type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - DAYS))}>
            {t('search.prev')}
          </button>
          <button className="btn" type="button" onClick={() => setOffset(offset + DAYS)}>
            {t('search.next')}
          </button>
        </div>
      </div>
      <p className="muted small">
        {t('dj.calendar.timesIn', { tz })}
        {!sameZone ? ` ${t('dj.calendar.djZone', { tz: profile.timeZone })}` : ''}
      </p>
      {slots.isPending ? <p>{t('common.loading')}</p> : null}
      {slots.data && byDay.size === 0 ? <p>{t('dj.calendar.none')}</p> : null}
      <ul className="days">
        {[...byDay.entries()].map(([day, windows]) => (
          <li key={day} className="day">
            <h3>{dateIn(Date.parse(windows[0]!.startsAt), tz, i18n.language)}</h3>
            <ul className="windows">
              {windows.map((w) => (
                <li key={w.startsAt} className="window">
                  <span className="window-time" data-testid="slot-local">
                    {timeIn(w.startsAt, tz, i18n.language)}–{timeIn(w.endsAt, tz, i18n.language)}
                  </span>
                  {!sameZone ? (
                    <span className="muted small" data-testid="slot-dj">
                      {t('dj.calendar.theirTime', {
                        time: `${timeIn(w.startsAt, profile.timeZone, i18n.language)}–${timeIn(w.endsAt, profile.timeZone, i18n.language)}`,
                        zone: zoneAbbrev(profile.timeZone, Date.parse(w.startsAt), i18n.language),
                      })}
                    </span>
                  ) : null}
                  <Link className="btn btn-primary book-btn" to={paths.book.to(profile.id, w.startsAt)}>
                    {t('dj.calendar.book')}
                  </Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
