import { useTranslation } from 'react-i18next';
import type { CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import { describeRule } from './calendar-helpers';

/** The DJ's repeating blocks ("every Friday 18:00–02:00"), each removable. */
export function RecurringBlocks({ recurring, onRemove }: { recurring: CalendarView['recurring']; onRemove(id: string): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;

  return (
    <section className="card stack" aria-labelledby="cal-rec">
      <h2 id="cal-rec">{t('calendar.recurringTitle')}</h2>
      <ul className="cal-list">
        {recurring.map((r) => (
          <li key={r.id}>
            <span>
              {describeRule(r.rrule, t, lang)} · {r.start}–{r.end}
              {r.reason ? ` · ${r.reason}` : ''}
            </span>
            <button type="button" className="btn btn-sm btn-danger" onClick={() => onRemove(r.id)}>
              {t('calendar.remove')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
