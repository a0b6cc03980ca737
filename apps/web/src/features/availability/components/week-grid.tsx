import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarBlock, CalendarBooking, CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import { isAwaitingAnswer } from '@partystream/shared/booking/booking.process';
import { addDays, zonedInstant } from '../zoned';
import { HOUR_PX, hoursOf, instantsOf, type Range } from './calendar-helpers';

/** The week view: one column per day on an hour scale; drag down a column to pick a span of it. */
export function WeekGrid(p: {
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
