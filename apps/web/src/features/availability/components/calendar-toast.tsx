import { useTranslation } from 'react-i18next';
import type { Toast } from './calendar-helpers';

/** The note after an edit, with its undo when it has one. */
export function CalendarToast({ toast, onUndo, onDismiss }: { toast: Toast; onUndo(): void; onDismiss(): void }) {
  const { t } = useTranslation();

  return (
    <div className="cal-toast" role="status">
      <span>{toast.text}</span>
      {toast.undo ? (
        <button type="button" className="btn btn-sm" onClick={onUndo}>
          {t('calendar.undo')}
        </button>
      ) : null}
      <button type="button" className="btn btn-sm" aria-label={t('calendar.dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
