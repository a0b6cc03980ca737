import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CalendarBlock, CalendarBooking, CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import { isAwaitingAnswer } from '@partystream/shared/booking/booking.process';
import { paths } from '../../../config/paths';
import { weekdayOf } from '../zoned';
import { hoursOf, type Range } from './calendar-helpers';

/** The day/range editor: what is on the day, block it, set its hours, or make it repeat. */
export function DayPanel(p: {
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
