import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { DayPicker } from 'react-day-picker';
import { enUS, es, fr } from 'react-day-picker/locale';
import type { DjProfile } from '@partystream/shared/dj/dj.schemas';
import type { OpenWindow } from '@partystream/shared/availability/availability.schemas';
import { api } from '../../../lib/api-client';
import { dateIn, isoDateIn, timeIn, viewerTimeZone, zoneAbbrev } from '../../../lib/format';
import { paths } from '../../../config/paths';
import { useDjSlotUpdates } from '../../../lib/realtime';
import { isBookableWindow, lengthRule, startTimes } from '../../../lib/slot-options';
import { Skeleton } from '../../../components/ui/skeleton';
import 'react-day-picker/style.css';

const LOCALES = { en: enUS, es, fr } as const;
const dayLabels = new Map<string, Intl.DateTimeFormat>();
/** The spoken name of a day in the page's language, with the day as a plain number. */
function dayLabelFormat(lang: string): Intl.DateTimeFormat {
  let f = dayLabels.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
    dayLabels.set(lang, f);
  }
  return f;
}
/** At most this many start times per window on the profile; the booking page offers every one. */
const MAX_STARTS = 8;

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const dayOf = (isoDay: string) => {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};

/**
 * The DJ's open dates as a month calendar (issue 20, decision 034: react-day-picker, for its keyboard grid and
 * screen-reader labels in our three languages): days with a window that fits the shortest party are enabled;
 * choosing one lists that day's windows and start times in the viewer's zone, each a link to the booking page.
 * The calendar's days are the viewer's (the browser's zone); times say the DJ's own time when zones differ.
 */
export function Calendar({ profile, focusRequest = 0 }: { profile: DjProfile; focusRequest?: number }) {
  const tz = viewerTimeZone();
  const [today] = useState(() => dayOf(isoDateIn(Date.now(), tz)));
  const [month, setMonth] = useState(() => new Date(today.getFullYear(), today.getMonth(), 1));
  const [picked, setPicked] = useState<string | null>(null);
  const lastDay = useMemo(
    () => new Date(today.getFullYear(), today.getMonth(), today.getDate() + profile.maxAdvanceDays),
    [today, profile.maxAdvanceDays],
  );
  const from = iso(month < today ? today : month);
  const to = iso(new Date(month.getFullYear(), month.getMonth() + 1, 0));
  const slots = useQuery({
    queryKey: ['djs', profile.id, 'slots', from, to, tz],
    queryFn: () =>
      api.get<{ windows: OpenWindow[]; timeZone: string }>(
        `/djs/${profile.id}/slots?from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`,
      ),
  });
  useDjSlotUpdates(profile.id, () => void slots.refetch());
  // The month is drawn from a deferred copy of the answer: React Query hands it over in a synchronous update, and
  // drawing the month (react-day-picker, a few hundred dates formatted) in that update was one 30 ms task on a
  // fast machine, several times that on a phone. Deferred, it is drawn as a transition, in slices between which
  // the browser stays responsive (issue 20, Total Blocking Time).
  const data = useDeferredValue(slots.data);
  return (
    <CalendarView
      profile={profile}
      tz={tz}
      today={today}
      month={month}
      setMonth={setMonth}
      picked={picked}
      setPicked={setPicked}
      lastDay={lastDay}
      data={data}
      pending={data === undefined && !slots.isError}
      focusRequest={focusRequest}
    />
  );
}

interface CalendarViewProps {
  profile: DjProfile;
  tz: string;
  today: Date;
  month: Date;
  setMonth: (m: Date) => void;
  picked: string | null;
  setPicked: (d: string | null) => void;
  lastDay: Date;
  data: { windows: OpenWindow[]; timeZone: string } | undefined;
  pending: boolean;
  focusRequest: number;
}

/** The month and the chosen day's windows; re-drawn only when what it shows changes (memo). */
const CalendarView = memo(function CalendarView({
  profile,
  tz,
  today,
  month,
  setMonth,
  picked,
  setPicked,
  lastDay,
  data,
  pending,
  focusRequest,
}: CalendarViewProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  // "Book" on a phone asks for focus here; if it was asked while this chunk loaded, the placeholder had it.
  useEffect(() => {
    if (focusRequest > 0) heading.current?.focus({ preventScroll: true });
  }, [focusRequest]);
  const { t, i18n } = useTranslation();
  const sameZone = profile.timeZone === tz;
  // Only windows that can hold the DJ's shortest party count (issue 20).
  const rule = lengthRule(profile.pricing);
  const byDay = new Map<string, OpenWindow[]>();
  for (const w of data?.windows ?? []) {
    if (!isBookableWindow({ start: Date.parse(w.startsAt), end: Date.parse(w.endsAt) }, rule)) continue;
    const day = isoDateIn(Date.parse(w.startsAt), tz);
    byDay.set(day, [...(byDay.get(day) ?? []), w]);
  }
  const selected = picked && byDay.has(picked) ? picked : ([...byDay.keys()].sort()[0] ?? null);
  const windows = selected ? byDay.get(selected)! : [];
  const lang = i18n.language.slice(0, 2) as keyof typeof LOCALES;
  const dayLabel = dayLabelFormat(i18n.language);

  return (
    <section className="card stack calendar" aria-labelledby="cal-h">
      <h2 id="cal-h" tabIndex={-1} ref={heading}>
        {t('dj.calendar.title')}
      </h2>
      <p className="muted small">
        {t('dj.calendar.timesIn', { tz })}
        {!sameZone ? ` ${t('dj.calendar.djZone', { tz: profile.timeZone })}` : ''}
      </p>
      <DayPicker
        mode="single"
        required
        locale={LOCALES[lang] ?? enUS}
        weekStartsOn={1}
        month={month}
        onMonthChange={(m) => {
          setMonth(m);
          setPicked(null);
        }}
        startMonth={new Date(today.getFullYear(), today.getMonth(), 1)}
        endMonth={lastDay}
        selected={selected ? dayOf(selected) : undefined}
        onSelect={(d) => setPicked(iso(d))}
        disabled={(d) => !byDay.has(iso(d))}
        modifiers={{ open: (d) => byDay.has(iso(d)) }}
        modifiersClassNames={{ open: 'day-open' }}
        // The button's name must contain the number it shows (WCAG 2.5.3): "Tuesday, December 1, 2026", not "…1st…".
        labels={{ labelDayButton: (d) => dayLabel.format(d) }}
        className="month-calendar"
        footer={
          pending ? null : selected ? (
            <span className="visually-hidden">{dateIn(dayOf(selected).getTime(), tz, i18n.language)}</span>
          ) : (
            t('dj.calendar.noneInMonth')
          )
        }
      />
      {pending ? <Skeleton lines={3} /> : null}
      {selected ? (
        <div className="day" data-testid="day-windows">
          <h3>{dateIn(Date.parse(windows[0]!.startsAt), tz, i18n.language)}</h3>
          <ul className="windows">
            {windows.map((w) => {
              const starts = startTimes({ start: Date.parse(w.startsAt), end: Date.parse(w.endsAt) }, rule);
              return (
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
                  <div className="start-times" aria-label={t('dj.calendar.startTimes')} role="group">
                    {starts.slice(0, MAX_STARTS).map((s) => (
                      <Link key={s} className="chip" to={paths.book.to(profile.id, new Date(s).toISOString())}>
                        {timeIn(new Date(s).toISOString(), tz, i18n.language)}
                      </Link>
                    ))}
                    {starts.length > MAX_STARTS ? <span className="muted small">…</span> : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
});
