import type { Dispatch, PointerEvent as ReactPointerEvent, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarBlock, CalendarBooking, CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import { isAwaitingAnswer } from '@partystream/shared/booking/booking.process';
import { hoursOf, type FmtDay, type Range, type RangeSel } from './calendar-helpers';

/** The month view: tap a day, or drag / tap-tap across days to block a range. */
export function MonthGrid({
  data,
  grid,
  monthStart,
  today,
  selected,
  rangeMode,
  rangeSel,
  fmtDay,
  fmtTime,
  dayItems,
  setRangeSel,
  setSelected,
  setDraft,
}: {
  data: CalendarView;
  grid: string[];
  monthStart: string;
  today: string;
  selected: string | null;
  rangeMode: boolean;
  rangeSel: RangeSel | null;
  fmtDay: FmtDay;
  fmtTime(ms: number): string;
  dayItems(date: string): { blocks: CalendarBlock[]; bookings: CalendarBooking[] };
  setRangeSel: Dispatch<SetStateAction<RangeSel | null>>;
  setSelected: Dispatch<SetStateAction<string | null>>;
  setDraft: Dispatch<SetStateAction<{ date: string; range: Range } | null>>;
}) {
  const { t } = useTranslation();

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

  return (
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
            ranges.length ? `${t('calendar.open')} ${ranges.map((r) => `${r.start}–${r.end}`).join(', ')}` : t('calendar.closed'),
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
  );
}
