import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalendarView } from '@partystream/shared/calendar/calendar.schemas';
import { isCalledOff } from '@partystream/shared/booking/booking.states';
import { ApiError } from '../../../lib/api-client';
import { problemMessage } from '../../../lib/problem-messages';
import { useCalendarActions } from '../api';
import { addDays, zonedInstant } from '../zoned';
import { hoursOf, instantsOf, type FmtDay, type Range, type Toast } from './calendar-helpers';

/** The calendar's edits: each runs, then shows the undo toast or the error sentence. */
export function useCalendarEdits(
  data: CalendarView | undefined,
  tz: string,
  fmtDay: FmtDay,
  span: (s: number, e: number) => string,
) {
  const { t } = useTranslation();
  const [toast, setToast] = useState<Toast | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actions = useCalendarActions();

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

  return { actions, toast, setToast, error, setError, run, errorText, blockRange, blockEvening, blockDays, setHours };
}
