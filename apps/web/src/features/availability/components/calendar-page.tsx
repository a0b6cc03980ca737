import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CalendarBlock, CalendarBooking, CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import { useMe } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import { isoDateIn, viewerTimeZone } from '../../../lib/format';
import { ApiError } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';
import { useCalendar, useCalendarActions } from '../api';
import { addDays, localOf, weekdayOf, zonedInstant } from '../zoned';
import { OtherCalendars } from './other-calendars';
import { isAwaitingAnswer } from '@partystream/shared/booking/booking.process';
import { isCalledOff } from '@partystream/shared/booking/booking.states';
import '../calendar.css';

type Range = { start: string; end: string };
type Toast = { text: string; undo?: () => Promise<unknown> };
type Mode = 'month' | 'week';

const HOUR_PX = 22;

/** Monday on or before `date`. */
const mondayOf = (date: string) => addDays(date, 1 - weekdayOf(date));

/** The day's working hours: its override if any, else the weekly ranges of its weekday. */
function hoursOf(cal: CalendarView, date: string): { ranges: Range[]; overridden: boolean } {
  const o = cal.overrides.find((x) => x.date === date);
  if (o) return { ranges: o.ranges, overridden: true };
  return {
    ranges: cal.weekly.filter((w) => w.weekday === weekdayOf(date)).map(({ start, end }) => ({ start, end })),
    overridden: false,
  };
}

/** [start, end) instants of a local range on `date` (an end at or before the start is the next day). */
function instantsOf(date: string, r: Range, tz: string): [number, number] {
  return [zonedInstant(date, r.start, tz), zonedInstant(r.end <= r.start ? addDays(date, 1) : date, r.end, tz)];
}

const overlaps = (s: number, e: number, x: { startsAt: string; endsAt: string }) =>
  Date.parse(x.startsAt) < e && s < Date.parse(x.endsAt);

/** /dj/calendar: the DJ's time at a glance — month or week — and every edit by tapping or dragging on it. */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [mode, setMode] = useState<Mode>('month');
  const [anchor, setAnchor] = useState(() => isoDateIn(Date.now(), viewerTimeZone()));
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ date: string; range: Range } | null>(null);
  const [rangeSel, setRangeSel] = useState<{ a: string; b: string; dragging: boolean } | null>(null);
  const [rangeMode, setRangeMode] = useState(false);
  const [toast, setToast] = useState<Toast | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actions = useCalendarActions();

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

  if (me.isPending) return <p className="container">{t('common.loading')}</p>;
  if (!me.data) return <Navigate to={paths.login.to(paths.calendar.to())} replace />;
  if (me.data.role !== 'dj') return <Navigate to={paths.bookings.to()} replace />;

  /** Runs an edit; shows the undo toast or the error sentence. */
  async function run(text: string, fn: () => Promise<unknown>, undo?: () => Promise<unknown>) {
    setError(null);
    try {
      const out = await fn();
      setToast({ text, undo: undo && (() => undo().then(() => out)) });
    } catch (e) {
      setToast(null);
      setError(errorText(e));
    }
  }

  function errorText(e: unknown): string {
    if (e instanceof ApiError && e.code === 'AVAILABILITY_BLOCK_HAS_BOOKING' && data) {
      const b = data.bookings.find((x) => !isCalledOff(x.state));
      return t('calendar.errors.AVAILABILITY_BLOCK_HAS_BOOKING', { host: b?.hostName ?? '' });
    }
    if (e instanceof ApiError && ['AVAILABILITY_BLOCK_OVERLAPS', 'CALENDAR_SOURCE_UNREADABLE'].includes(e.code))
      return t(`calendar.errors.${e.code}`);
    return problemMessage(e, t);
  }

  async function blockRange(s: number, e: number, label: string) {
    let id = '';
    await run(
      t('calendar.toast.blocked', { what: label }),
      async () => (id = (await actions.block(new Date(s).toISOString(), new Date(e).toISOString())).blocked.id),
      () => actions.unblock(id),
    );
  }

  function blockEvening(date: string) {
    if (!data) return;
    const { ranges } = hoursOf(data, date);
    const spans = (ranges.length ? ranges : [{ start: '18:00', end: '02:00' }]).map((r) => instantsOf(date, r, tz));
    const s = Math.min(...spans.map((x) => x[0]));
    const e = Math.max(...spans.map((x) => x[1]));
    void blockRange(s, e, `${fmtDay(date, { weekday: 'short', day: 'numeric', month: 'short' })} ${span(s, e)}`);
  }

  function blockDays(a: string, b: string) {
    const [first, last] = a <= b ? [a, b] : [b, a];
    const s = zonedInstant(first, '00:00', tz);
    const e = zonedInstant(addDays(last, 1), '00:00', tz);
    const label =
      first === last
        ? fmtDay(first, { weekday: 'short', day: 'numeric', month: 'short' })
        : `${fmtDay(first, { day: 'numeric', month: 'short' })} – ${fmtDay(last, { day: 'numeric', month: 'short' })}`;
    void blockRange(s, e, label);
  }

  async function setHours(date: string, ranges: Range[]) {
    if (!data) return;
    const before = data.overrides.find((o) => o.date === date);
    await run(
      t(ranges.length ? 'calendar.toast.hoursSet' : 'calendar.toast.closed', {
        date: fmtDay(date, { weekday: 'short', day: 'numeric', month: 'short' }),
      }),
      () => actions.setOverride(date, ranges),
      () => (before ? actions.setOverride(date, before.ranges) : actions.clearOverride(date)),
    );
  }

  // ---- month grid: tap a day, or drag / tap-tap across days to block a range --------------------------------
  const inRange = (date: string) => {
    if (!rangeSel) return false;
    const [a, b] = rangeSel.a <= rangeSel.b ? [rangeSel.a, rangeSel.b] : [rangeSel.b, rangeSel.a];
    return date >= a && date <= b;
  };
  function onDayDown(date: string, e: ReactPointerEvent) {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    if (rangeMode) {
      if (!rangeSel || !rangeSel.dragging)
        setRangeSel(
          rangeSel && !rangeSel.dragging && rangeSel.a === rangeSel.b
            ? { ...rangeSel, b: date }
            : { a: date, b: date, dragging: false },
        );
      return;
    }
    if (e.pointerType === 'mouse') setRangeSel({ a: date, b: date, dragging: true });
  }
  function onDayEnter(date: string) {
    if (rangeSel?.dragging) setRangeSel({ ...rangeSel, b: date });
  }
  function onDayUp(date: string) {
    if (rangeMode) return;
    if (rangeSel?.dragging && rangeSel.a !== date) {
      setRangeSel({ ...rangeSel, b: date, dragging: false });
      setSelected(null);
      return;
    }
    setRangeSel(null);
    setDraft(null);
    setSelected(date);
  }

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

  const rangeReady = rangeSel && !rangeSel.dragging && rangeSel.a !== rangeSel.b;

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

      <div className="cal-toolbar">
        <div className="cal-seg" role="group" aria-label={t('calendar.view')}>
          {(['month', 'week'] as const).map((m) => (
            <button
              key={m}
              type="button"
              className={`btn btn-sm${mode === m ? ' is-on' : ''}`}
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
            >
              {t(`calendar.${m}`)}
            </button>
          ))}
        </div>
        <div className="cal-nav">
          <button
            type="button"
            className="btn btn-sm"
            aria-label={t('calendar.prev')}
            onClick={() => setAnchor(mode === 'month' ? addDays(monthStart, -1) : addDays(anchor, -7))}
          >
            ‹
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setAnchor(today)}>
            {t('calendar.today')}
          </button>
          <button
            type="button"
            className="btn btn-sm"
            aria-label={t('calendar.next')}
            onClick={() => setAnchor(mode === 'month' ? addDays(monthStart, 40).slice(0, 8) + '01' : addDays(anchor, 7))}
          >
            ›
          </button>
        </div>
        <strong className="cal-label" aria-live="polite">
          {mode === 'month'
            ? new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
                new Date(`${monthStart}T12:00:00Z`),
              )
            : `${fmtDay(from, { day: 'numeric', month: 'short' })} – ${fmtDay(to, { day: 'numeric', month: 'short', year: 'numeric' })}`}
        </strong>
        {mode === 'month' ? (
          <button
            type="button"
            className={`btn btn-sm${rangeMode ? ' is-on' : ''}`}
            aria-pressed={rangeMode}
            onClick={() => {
              setRangeMode(!rangeMode);
              setRangeSel(null);
            }}
          >
            {t('calendar.selectRange')}
          </button>
        ) : null}
      </div>

      <ul className="cal-legend" aria-label={t('calendar.legend')}>
        <li>
          <span className="sw sw-open" />
          {t('calendar.open')}
        </li>
        <li>
          <span className="sw sw-blocked" />
          {t('calendar.blocked')}
        </li>
        <li>
          <span className="sw sw-confirmed" />
          {t('calendar.booked')}
        </li>
        <li>
          <span className="sw sw-pending" />
          {t('calendar.pending')}
        </li>
        <li>
          <span className="sw sw-hold" />
          {t('calendar.hold')}
        </li>
      </ul>

      {error ? (
        <p role="alert" className="cal-error">
          {error}
        </p>
      ) : null}
      {rangeMode && !rangeReady ? (
        <p className="muted">{rangeSel ? t('calendar.rangePickEnd') : t('calendar.rangePickStart')}</p>
      ) : null}
      {rangeReady ? (
        <div className="card cal-rangebar" role="region" aria-label={t('calendar.blockRange')}>
          <span>
            {fmtDay(rangeSel.a <= rangeSel.b ? rangeSel.a : rangeSel.b, { day: 'numeric', month: 'short' })} –{' '}
            {fmtDay(rangeSel.a <= rangeSel.b ? rangeSel.b : rangeSel.a, { day: 'numeric', month: 'short' })}
          </span>
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={() => {
              blockDays(rangeSel.a, rangeSel.b);
              setRangeSel(null);
              setRangeMode(false);
            }}
          >
            {t('calendar.blockRange')}
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setRangeSel(null)}>
            {t('calendar.cancel')}
          </button>
        </div>
      ) : null}

      {!data ? (
        <p>{cal.isError ? problemMessage(cal.error, t) : t('common.loading')}</p>
      ) : mode === 'month' ? (
        <div
          className="cal-month"
          role="grid"
          aria-label={t('calendar.month')}
          onPointerLeave={() => rangeSel?.dragging && setRangeSel(null)}
        >
          <div className="cal-weekdays" role="row">
            {grid.slice(0, 7).map((d) => (
              <span key={d} role="columnheader">
                {fmtDay(d, { weekday: 'narrow' })}
                <span className="wide">{fmtDay(d, { weekday: 'short' }).slice(1)}</span>
              </span>
            ))}
          </div>
          <div className="cal-cells">
            {grid.map((date) => {
              const { ranges, overridden } = hoursOf(data, date);
              const { blocks, bookings } = dayItems(date);
              const label = [
                fmtDay(date, { weekday: 'long', day: 'numeric', month: 'long' }),
                ranges.length
                  ? `${t('calendar.open')} ${ranges.map((r) => `${r.start}–${r.end}`).join(', ')}`
                  : t('calendar.closed'),
                overridden ? t('calendar.customHours') : '',
                blocks.length ? t('calendar.blockedCount', { count: blocks.length }) : '',
                bookings.length ? t('calendar.bookingCount', { count: bookings.length }) : '',
              ]
                .filter(Boolean)
                .join(', ');
              return (
                <button
                  key={date}
                  type="button"
                  role="gridcell"
                  data-date={date}
                  aria-label={label}
                  aria-selected={selected === date}
                  className={[
                    'cal-day',
                    date.slice(0, 7) !== monthStart.slice(0, 7) ? 'is-out' : '',
                    date === today ? 'is-today' : '',
                    selected === date ? 'is-selected' : '',
                    inRange(date) ? 'is-range' : '',
                    blocks.length ? 'has-block' : '',
                    date < today ? 'is-past' : '',
                  ].join(' ')}
                  onPointerDown={(e) => onDayDown(date, e)}
                  onPointerEnter={() => onDayEnter(date)}
                  onPointerUp={() => onDayUp(date)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setSelected(date);
                    }
                  }}
                >
                  <span className="cal-num">{Number(date.slice(8))}</span>
                  {overridden ? (
                    <span className="cal-custom" aria-hidden="true">
                      ✎
                    </span>
                  ) : null}
                  <span className="cal-marks" aria-hidden="true">
                    {ranges.length ? <i className="mk mk-open" /> : null}
                    {blocks.map((b) => (
                      <i key={b.id} className={`mk mk-blocked mk-${b.source}`} />
                    ))}
                    {bookings.map((b) => (
                      <i
                        key={b.id}
                        className={`mk ${b.isHold ? 'mk-hold' : isAwaitingAnswer(b.state) ? 'mk-pending' : 'mk-confirmed'}`}
                      />
                    ))}
                  </span>
                  <span className="cal-chips" aria-hidden="true">
                    {bookings.slice(0, 2).map((b) => (
                      <span
                        key={b.id}
                        className={`chip ${b.isHold ? 'chip-hold' : isAwaitingAnswer(b.state) ? 'chip-pending' : 'chip-confirmed'}`}
                      >
                        {fmtTime(Date.parse(b.startsAt))} {b.hostName}
                      </span>
                    ))}
                    {blocks.slice(0, 2 - Math.min(2, bookings.length)).map((b) => (
                      <span key={b.id} className="chip chip-blocked">
                        {fmtTime(Date.parse(b.startsAt))} {b.reason ?? t(`calendar.source.${b.source}`)}
                      </span>
                    ))}
                  </span>
                </button>
              );
            })}
          </div>
        </div>
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
        <div className="cal-toast" role="status">
          <span>{toast.text}</span>
          {toast.undo ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                const u = toast.undo!;
                setToast(null);
                u().catch((e: unknown) => setError(errorText(e)));
              }}
            >
              {t('calendar.undo')}
            </button>
          ) : null}
          <button type="button" className="btn btn-sm" aria-label={t('calendar.dismiss')} onClick={() => setToast(null)}>
            ×
          </button>
        </div>
      ) : null}

      {data?.recurring.length ? (
        <section className="card stack" aria-labelledby="cal-rec">
          <h2 id="cal-rec">{t('calendar.recurringTitle')}</h2>
          <ul className="cal-list">
            {data.recurring.map((r) => (
              <li key={r.id}>
                <span>
                  {describeRule(r.rrule, t, lang)} · {r.start}–{r.end}
                  {r.reason ? ` · ${r.reason}` : ''}
                </span>
                <button
                  type="button"
                  className="btn btn-sm btn-danger"
                  onClick={() => void run(t('calendar.toast.repeatRemoved'), () => actions.removeRecurring(r.id))}
                >
                  {t('calendar.remove')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <OtherCalendars errorText={errorText} />
    </div>
  );
}

/** "Every Friday", "Every 1st Friday of the month", else the rule itself. */
function describeRule(rrule: string, t: (k: string, o?: Record<string, unknown>) => string, lang: string): string {
  const m = /^FREQ=(WEEKLY|MONTHLY);BYDAY=([1-5]?)(MO|TU|WE|TH|FR|SA|SU)$/.exec(rrule);
  if (!m) return rrule;
  const idx = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].indexOf(m[3]!);
  const day = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 5 + idx, 12)),
  );
  return m[1] === 'WEEKLY'
    ? t('calendar.everyWeekday', { day })
    : t('calendar.everyNth', { day, ordinal: t(`calendar.ordinal.${m[2]}`) });
}

function WeekGrid(p: {
  cal: CalendarView;
  from: string;
  tz: string;
  today: string;
  selected: string | null;
  fmtDay: (d: string, o: Intl.DateTimeFormatOptions) => string;
  onPick(date: string, range: Range | null): void;
  dayItems(date: string): { blocks: CalendarBlock[]; bookings: CalendarBooking[] };
}) {
  const { t } = useTranslation();
  const drag = useRef<{ date: string; y0: number; col: HTMLElement } | null>(null);
  const [sel, setSel] = useState<{ date: string; a: number; b: number } | null>(null);
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(p.from, i)), [p.from]);
  const snap = (y: number) => Math.max(0, Math.min(48, Math.round(y / (HOUR_PX / 2)))) * 30;
  const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

  /** Minutes from the day's local midnight of an instant (clamped to the day). */
  const minuteOf = (date: string, ms: number) => {
    const s = zonedInstant(date, '00:00', p.tz);
    const e = zonedInstant(addDays(date, 1), '00:00', p.tz);
    const c = Math.max(s, Math.min(e, ms));
    return ((c - s) / (e - s)) * 1440;
  };
  const box = (date: string, s: number, e: number) => {
    const a = minuteOf(date, s);
    const b = minuteOf(date, e);
    return { top: (a / 60) * HOUR_PX, height: Math.max(4, ((b - a) / 60) * HOUR_PX) };
  };

  return (
    <div className="cal-week" role="grid" aria-label={t('calendar.week')}>
      <div className="cal-week-head" role="row">
        <span />
        {days.map((d) => (
          <span key={d} role="columnheader" className={d === p.today ? 'is-today' : ''}>
            {p.fmtDay(d, { weekday: 'narrow' })}
            <b>{Number(d.slice(8))}</b>
          </span>
        ))}
      </div>
      <div className="cal-week-body" style={{ height: 24 * HOUR_PX }}>
        <div className="cal-hours" aria-hidden="true">
          {Array.from({ length: 24 }, (_, h) => (
            <span key={h} style={{ top: h * HOUR_PX }}>
              {h % 3 === 0 ? `${String(h).padStart(2, '0')}` : ''}
            </span>
          ))}
        </div>
        {days.map((date) => {
          const { ranges } = hoursOf(p.cal, date);
          const prev = hoursOf(p.cal, addDays(date, -1)).ranges.filter((r) => r.end <= r.start);
          const { blocks, bookings } = p.dayItems(date);
          const open = [
            ...ranges.map((r) => instantsOf(date, r, p.tz)),
            ...prev.map((r) => instantsOf(addDays(date, -1), r, p.tz)),
          ];
          return (
            <div
              key={date}
              className={`cal-col${p.selected === date ? ' is-selected' : ''}`}
              data-date={date}
              role="gridcell"
              tabIndex={0}
              aria-label={p.fmtDay(date, { weekday: 'long', day: 'numeric', month: 'long' })}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && p.onPick(date, null)}
              onPointerDown={(e) => {
                const col = e.currentTarget;
                col.setPointerCapture(e.pointerId);
                const y = e.clientY - col.getBoundingClientRect().top;
                drag.current = { date, y0: y, col };
                setSel({ date, a: snap(y), b: snap(y) });
              }}
              onPointerMove={(e) => {
                if (!drag.current) return;
                const y = e.clientY - drag.current.col.getBoundingClientRect().top;
                setSel({ date, a: snap(Math.min(drag.current.y0, y)), b: snap(Math.max(drag.current.y0, y)) });
              }}
              onPointerUp={() => {
                const s = sel;
                drag.current = null;
                setSel(null);
                if (s && s.b - s.a >= 30) p.onPick(date, { start: hhmm(s.a), end: hhmm(s.b) });
                else p.onPick(date, null);
              }}
            >
              {open.map(([s, e], i) => (
                <div key={`o${i}`} className="ev ev-open" style={box(date, s, e)} />
              ))}
              {blocks.map((b) => (
                <div
                  key={b.id}
                  className={`ev ev-blocked ev-${b.source}`}
                  style={box(date, Date.parse(b.startsAt), Date.parse(b.endsAt))}
                />
              ))}
              {bookings.map((b) => (
                <div
                  key={b.id}
                  className={`ev ${b.isHold ? 'ev-hold' : isAwaitingAnswer(b.state) ? 'ev-pending' : 'ev-confirmed'}`}
                  style={box(date, Date.parse(b.startsAt), Date.parse(b.endsAt))}
                  title={b.hostName}
                />
              ))}
              {sel?.date === date ? (
                <div className="ev ev-sel" style={{ top: (sel.a / 60) * HOUR_PX, height: ((sel.b - sel.a) / 60) * HOUR_PX }} />
              ) : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function DayPanel(p: {
  date: string;
  title: string;
  cal: CalendarView;
  tz: string;
  draft: Range | null;
  items: { blocks: CalendarBlock[]; bookings: CalendarBooking[] };
  span(s: number, e: number): string;
  onClose(): void;
  onBlockEvening(): void;
  onBlockDay(): void;
  onBlockSpan(r: Range): void;
  onUnblock(b: CalendarBlock): void;
  onSetHours(r: Range[]): void;
  onClearOverride(): void;
  onRepeat(rrule: string, r: Range): void;
  onRemoveRecurring(id: string): void;
}) {
  const { t, i18n } = useTranslation();
  const { ranges, overridden } = hoursOf(p.cal, p.date);
  const first = ranges[0] ?? { start: '18:00', end: '02:00' };
  const [start, setStart] = useState(first.start);
  const [end, setEnd] = useState(first.end);
  const wd = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][weekdayOf(p.date) - 1]!;
  const nth = Math.ceil(Number(p.date.slice(8)) / 7);
  const dayName = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(`${p.date}T12:00:00Z`),
  );
  const evening = ranges.length ? { start: ranges[0]!.start, end: ranges[ranges.length - 1]!.end } : first;

  return (
    <section className="card stack cal-panel" role="dialog" aria-modal="false" aria-labelledby="cal-panel-title">
      <div className="cal-panel-head">
        <h2 id="cal-panel-title">{p.title}</h2>
        <button type="button" className="btn btn-sm" aria-label={t('calendar.close')} onClick={p.onClose}>
          ×
        </button>
      </div>
      <p>
        {ranges.length ? `${t('calendar.hours')}: ${ranges.map((r) => `${r.start}–${r.end}`).join(', ')}` : t('calendar.closed')}
        {overridden ? ` (${t('calendar.customHours')})` : ''}
      </p>

      {p.items.bookings.length || p.items.blocks.length ? (
        <ul className="cal-list">
          {p.items.bookings.map((b) => (
            <li key={b.id}>
              <span className={`sw ${b.isHold ? 'sw-hold' : isAwaitingAnswer(b.state) ? 'sw-pending' : 'sw-confirmed'}`} />
              <span>
                {p.span(Date.parse(b.startsAt), Date.parse(b.endsAt))} · {b.hostName} ·{' '}
                {t(b.isHold ? 'calendar.hold' : isAwaitingAnswer(b.state) ? 'calendar.pending' : 'calendar.booked')}
              </span>
              <Link to={paths.booking.to(b.id)} className="btn btn-sm">
                {t('calendar.open')}
              </Link>
            </li>
          ))}
          {p.items.blocks.map((b) => (
            <li key={b.id}>
              <span className="sw sw-blocked" />
              <span>
                {p.span(Date.parse(b.startsAt), Date.parse(b.endsAt))} · {b.reason ?? t(`calendar.source.${b.source}`)}
              </span>
              {b.source === 'manual' ? (
                <button type="button" className="btn btn-sm" onClick={() => p.onUnblock(b)}>
                  {t('calendar.unblock')}
                </button>
              ) : b.source === 'recurring' && b.recurringBlockId ? (
                <button type="button" className="btn btn-sm" onClick={() => p.onRemoveRecurring(b.recurringBlockId!)}>
                  {t('calendar.stopRepeating')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="row wrap">
        {p.draft ? (
          <button type="button" className="btn btn-primary" onClick={() => p.onBlockSpan(p.draft!)}>
            {t('calendar.blockSpan', { start: p.draft.start, end: p.draft.end })}
          </button>
        ) : null}
        <button type="button" className={`btn${p.draft ? '' : ' btn-primary'}`} onClick={p.onBlockEvening}>
          {t('calendar.blockEvening')}
        </button>
        <button type="button" className="btn" onClick={p.onBlockDay}>
          {t('calendar.blockDay')}
        </button>
      </div>

      <form
        className="cal-hours-form"
        onSubmit={(e) => {
          e.preventDefault();
          p.onSetHours([{ start, end }]);
        }}
      >
        <fieldset className="stack">
          <legend>{t('calendar.overrideTitle')}</legend>
          <div className="row wrap">
            <label>
              {t('calendar.from')}
              <input type="time" value={start} step={1800} onChange={(e) => setStart(e.target.value)} required />
            </label>
            <label>
              {t('calendar.to')}
              <input type="time" value={end} step={1800} onChange={(e) => setEnd(e.target.value)} required />
            </label>
          </div>
          <div className="row wrap">
            <button type="submit" className="btn">
              {t('calendar.saveHours')}
            </button>
            <button type="button" className="btn" onClick={() => p.onSetHours([])}>
              {t('calendar.closeDay')}
            </button>
            {overridden ? (
              <button type="button" className="btn" onClick={p.onClearOverride}>
                {t('calendar.useWeekly')}
              </button>
            ) : null}
          </div>
        </fieldset>
      </form>

      <div className="stack">
        <strong>{t('calendar.repeatTitle', { start: evening.start, end: evening.end })}</strong>
        <div className="row wrap">
          <button type="button" className="btn btn-sm" onClick={() => p.onRepeat(`FREQ=WEEKLY;BYDAY=${wd}`, evening)}>
            {t('calendar.everyWeekday', { day: dayName })}
          </button>
          {nth <= 4 ? (
            <button type="button" className="btn btn-sm" onClick={() => p.onRepeat(`FREQ=MONTHLY;BYDAY=${nth}${wd}`, evening)}>
              {t('calendar.everyNth', { day: dayName, ordinal: t(`calendar.ordinal.${nth}`) })}
            </button>
          ) : null}
        </div>
      </div>
    </section>
  );
}
