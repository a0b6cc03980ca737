import { useTranslation } from 'react-i18next';
import type { WeeklyRange } from '@partystream/shared/availability/availability.schemas';
import { WEEKDAYS } from '../onboarding-form';

/** Step 6: the weekly hours hosts can book, in the DJ's own time zone. */
export function HoursStep({
  timeZone,
  weekly,
  setWeekly,
  error,
}: {
  timeZone: string;
  weekly: WeeklyRange[];
  setWeekly: (w: WeeklyRange[]) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <p className="muted">{t('onboarding.hoursLead', { tz: timeZone })}</p>
      {weekly.map((r, i) => (
        <div key={i} className="row hours-row">
          <select
            aria-label={t('onboarding.weekday')}
            value={r.weekday}
            onChange={(e) => setWeekly(weekly.map((x, j) => (j === i ? { ...x, weekday: Number(e.target.value) } : x)))}
          >
            {WEEKDAYS.map((d) => (
              <option key={d} value={d}>
                {t(`onboarding.weekdays.${d}`)}
              </option>
            ))}
          </select>
          <input
            aria-label={t('search.from')}
            type="time"
            value={r.start}
            onChange={(e) => setWeekly(weekly.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)))}
          />
          <span aria-hidden>–</span>
          <input
            aria-label={t('search.to')}
            type="time"
            value={r.end}
            onChange={(e) => setWeekly(weekly.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)))}
          />
          <button type="button" className="btn btn-danger" onClick={() => setWeekly(weekly.filter((_, j) => j !== i))}>
            {t('onboarding.remove')}
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => setWeekly([...weekly, { weekday: 5, start: '20:00', end: '02:00' }])}>
        {t('onboarding.addHours')}
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
