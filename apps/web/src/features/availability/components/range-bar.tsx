import { useTranslation } from 'react-i18next';
import type { FmtDay, RangeSel } from './calendar-helpers';

/** The hint while picking a range of days in the month, then the bar that blocks the picked range. */
export function RangeBar({
  rangeMode,
  rangeSel,
  fmtDay,
  onBlock,
  onCancel,
}: {
  rangeMode: boolean;
  rangeSel: RangeSel | null;
  fmtDay: FmtDay;
  onBlock(sel: RangeSel): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const rangeReady = rangeSel && !rangeSel.dragging && rangeSel.a !== rangeSel.b;

  return (
    <>
      {rangeMode && !rangeReady ? (
        <p className="muted">{rangeSel ? t('calendar.rangePickEnd') : t('calendar.rangePickStart')}</p>
      ) : null}
      {rangeReady ? (
        <div className="card cal-rangebar" role="region" aria-label={t('calendar.blockRange')}>
          <span>
            {fmtDay(rangeSel.a <= rangeSel.b ? rangeSel.a : rangeSel.b, { day: 'numeric', month: 'short' })} –{' '}
            {fmtDay(rangeSel.a <= rangeSel.b ? rangeSel.b : rangeSel.a, { day: 'numeric', month: 'short' })}
          </span>
          <button type="button" className="btn btn-primary btn-sm" onClick={() => onBlock(rangeSel)}>
            {t('calendar.blockRange')}
          </button>
          <button type="button" className="btn btn-sm" onClick={onCancel}>
            {t('calendar.cancel')}
          </button>
        </div>
      ) : null}
    </>
  );
}
