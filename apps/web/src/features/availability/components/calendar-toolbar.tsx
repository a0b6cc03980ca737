import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays } from '../zoned';
import type { FmtDay, Mode, RangeSel } from './calendar-helpers';

/** Month/week switch, previous / today / next, the period's name, and (in the month) the range-select toggle. */
export function CalendarToolbar({
  mode,
  setMode,
  anchor,
  setAnchor,
  monthStart,
  today,
  from,
  to,
  fmtDay,
  rangeMode,
  setRangeMode,
  setRangeSel,
}: {
  mode: Mode;
  setMode: Dispatch<SetStateAction<Mode>>;
  anchor: string;
  setAnchor: Dispatch<SetStateAction<string>>;
  monthStart: string;
  today: string;
  from: string;
  to: string;
  fmtDay: FmtDay;
  rangeMode: boolean;
  setRangeMode: Dispatch<SetStateAction<boolean>>;
  setRangeSel: Dispatch<SetStateAction<RangeSel | null>>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;

  return (
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
  );
}

/** What each colour on the calendar means. */
export function CalendarLegend() {
  const { t } = useTranslation();

  return (
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
  );
}
