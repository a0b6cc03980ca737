import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CalendarBlock, CalendarBooking } from '@partystream/shared/calendar/calendar.schemas';
import { useMe } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import { isoDateIn, viewerTimeZone } from '../../../lib/format';
import { problemMessage } from '../../../lib/problem-messages';
import { useCalendar } from '../api';
import { addDays, localOf, zonedInstant } from '../zoned';
import { OtherCalendars } from './other-calendars';
import { isCalledOff } from '@partystream/shared/booking/booking.states';
import { instantsOf, mondayOf, overlaps, type Mode, type Range, type RangeSel } from './calendar-helpers';
import { useCalendarEdits } from './use-calendar-edits';
import { CalendarLegend, CalendarToolbar } from './calendar-toolbar';
import { RangeBar } from './range-bar';
import { MonthGrid } from './month-grid';
import { WeekGrid } from './week-grid';
import { DayPanel } from './day-panel';
import { CalendarToast } from './calendar-toast';
import { RecurringBlocks } from './recurring-blocks';
import '../calendar.css';

/** /dj/calendar: the DJ's time at a glance — month or week — and every edit by tapping or dragging on it. */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [mode, setMode] = useState<Mode>('month');
  const [anchor, setAnchor] = useState(() => isoDateIn(Date.now(), viewerTimeZone()));
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ date: string; range: Range } | null>(null);
  const [rangeSel, setRangeSel] = useState<RangeSel | null>(null);
  const [rangeMode, setRangeMode] = useState(false);
  const monthStart = `${anchor.slice(0, 7)}-01`;
  const from = mode === 'month' ? mondayOf(monthStart) : mondayOf(anchor);
  const days = mode === 'month' ? 42 : 7;
  const to = addDays(from, days - 1);
  const cal = useCalendar(from, to);
  const data = cal.data;
  const tz = data?.timeZone ?? viewerTimeZone();
  const lang = i18n.language;

  const fmtDay = (date: string, opts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
  const fmtTime = (ms: number) => localOf(ms, tz).time;
  const span = (s: number, e: number) => `${fmtTime(s)}–${fmtTime(e)}`;
  const { actions, toast, setToast, error, setError, run, errorText, blockRange, blockEvening, blockDays, setHours } =
    useCalendarEdits(data, tz, fmtDay, span);

  if (me.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(paths.calendar.to())} replace />;
  if (me.data.role !== 'dj') return <Navigate to={paths.bookings.to()} replace />;

  // eslint-disable-next-line react-hooks/purity -- as before the split: today is read on every render, so it follows the zone and midnight
  const today = isoDateIn(Date.now(), tz);
  const grid = Array.from({ length: days }, (_, i) => addDays(from, i));

  function dayItems(date: string) {
    if (!data) return { blocks: [] as CalendarBlock[], bookings: [] as CalendarBooking[] };
    const s = zonedInstant(date, '00:00', tz);
    const e = zonedInstant(addDays(date, 1), '00:00', tz);
    return {
      blocks: data.blocks.filter((b) => overlaps(s, e, b)),
      bookings: data.bookings.filter((b) => overlaps(s, e, b) && !isCalledOff(b.state)),
    };
  }

  return (
    <div className="container stack cal-page">
      <Link to={paths.bookings.to()} className="muted">
        ← {t('booking.dashboard.djTitle')}
      </Link>
      <div className="cal-head">
        <h1>{t('calendar.title')}</h1>
        <p className="muted">
          {t('calendar.zone', { zone: tz })}
          {tz !== viewerTimeZone() ? ` · ${t('calendar.yourZone', { zone: viewerTimeZone() })}` : ''}
        </p>
      </div>

      <CalendarToolbar
        mode={mode}
        setMode={setMode}
        anchor={anchor}
        setAnchor={setAnchor}
        monthStart={monthStart}
        today={today}
        from={from}
        to={to}
        fmtDay={fmtDay}
        rangeMode={rangeMode}
        setRangeMode={setRangeMode}
        setRangeSel={setRangeSel}
      />

      <CalendarLegend />

      {error ? (
        <p role="alert" className="cal-error">
          {error}
        </p>
      ) : null}
      <RangeBar
        rangeMode={rangeMode}
        rangeSel={rangeSel}
        fmtDay={fmtDay}
        onBlock={(sel) => {
          blockDays(sel.a, sel.b);
          setRangeSel(null);
          setRangeMode(false);
        }}
        onCancel={() => setRangeSel(null)}
      />

      {!data ? (
        <p>{cal.isError ? problemMessage(cal.error, t) : t('common.loading')}</p>
      ) : mode === 'month' ? (
        <MonthGrid
          data={data}
          grid={grid}
          monthStart={monthStart}
          today={today}
          selected={selected}
          rangeMode={rangeMode}
          rangeSel={rangeSel}
          fmtDay={fmtDay}
          fmtTime={fmtTime}
          dayItems={dayItems}
          setRangeSel={setRangeSel}
          setSelected={setSelected}
          setDraft={setDraft}
        />
      ) : (
        <WeekGrid
          cal={data}
          from={from}
          tz={tz}
          fmtDay={fmtDay}
          today={today}
          selected={selected}
          onPick={(date, range) => {
            setSelected(date);
            setDraft(range ? { date, range } : null);
          }}
          dayItems={dayItems}
        />
      )}

      {selected && data ? (
        <DayPanel
          key={selected}
          date={selected}
          cal={data}
          tz={tz}
          draft={draft?.date === selected ? draft.range : null}
          title={fmtDay(selected, { weekday: 'long', day: 'numeric', month: 'long' })}
          items={dayItems(selected)}
          span={span}
          onClose={() => {
            setSelected(null);
            setDraft(null);
          }}
          onBlockEvening={() => blockEvening(selected)}
          onBlockDay={() => blockDays(selected, selected)}
          onBlockSpan={(r) => {
            const [s, e] = instantsOf(selected, r, tz);
            void blockRange(s, e, `${fmtDay(selected, { weekday: 'short', day: 'numeric', month: 'short' })} ${span(s, e)}`);
            setDraft(null);
          }}
          onUnblock={(b) =>
            void run(
              t('calendar.toast.unblocked'),
              () => actions.unblock(b.id),
              () => actions.block(b.startsAt, b.endsAt, b.reason ?? undefined),
            )
          }
          onSetHours={(ranges) => void setHours(selected, ranges)}
          onClearOverride={() => {
            const before = data.overrides.find((o) => o.date === selected);
            void run(
              t('calendar.toast.weeklyBack'),
              () => actions.clearOverride(selected),
              () => actions.setOverride(selected, before?.ranges ?? []),
            );
          }}
          onRepeat={(rrule, r) => {
            let id = '';
            void run(
              t('calendar.toast.repeating'),
              async () =>
                (id = (await actions.addRecurring({ rrule, startDate: selected, start: r.start, end: r.end })).recurring.id),
              () => actions.removeRecurring(id),
            );
          }}
          onRemoveRecurring={(id) => void run(t('calendar.toast.repeatRemoved'), () => actions.removeRecurring(id))}
        />
      ) : null}

      {toast ? (
        <CalendarToast
          toast={toast}
          onUndo={() => {
            const u = toast.undo!;
            setToast(null);
            u().catch((e: unknown) => setError(errorText(e)));
          }}
          onDismiss={() => setToast(null)}
        />
      ) : null}

      {data?.recurring.length ? (
        <RecurringBlocks
          recurring={data.recurring}
          onRemove={(id) => void run(t('calendar.toast.repeatRemoved'), () => actions.removeRecurring(id))}
        />
      ) : null}

      <OtherCalendars errorText={errorText} />
    </div>
  );
}
