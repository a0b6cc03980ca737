/** A user's file in the console (issue 16): their bookings, the reports about their content, what was removed. */
import { useTranslation } from 'react-i18next';
import { dateIn, money, viewerTimeZone } from '../../../lib/format';
import { Skeleton } from '../../../components/ui/skeleton';
import { useUserDetail } from '../api';

export function UserDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const detail = useUserDetail(id);
  const tz = viewerTimeZone();
  const lang = i18n.language;
  if (!detail.data) return <Skeleton lines={3} />;
  const { bookings, reports, removals, user } = detail.data;
  const isDj = user.role === 'dj';
  return (
    <div className="stack user-detail" data-testid="admin-user-detail">
      <section aria-label={t('admin.users.bookings')}>
        <h3>{t('admin.users.bookings')}</h3>
        {bookings.length ? (
          <ul className="plain-list">
            {bookings.map((b) => (
              <li key={b.id}>
                {dateIn(b.startsAt, tz, lang, 'short')} · {isDj ? b.hostName : b.djStageName} ·{' '}
                {money(b.price.totalMinor, b.price.currency, lang)} ·{' '}
                <span className={`state state-${b.state}`}>{t(`booking.state.${b.state}`)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('admin.users.noBookings')}</p>
        )}
      </section>
      <section aria-label={t('admin.users.reports')}>
        <h3>{t('admin.users.reports')}</h3>
        {reports.length ? (
          <ul className="plain-list">
            {reports.map((r) => (
              <li key={r.id}>
                {dateIn(r.createdAt, tz, lang, 'short')} · {t(`admin.moderation.kinds.${r.kind}`)} · “{r.excerpt}”
                {r.reason ? ` · ${r.reason}` : ''} · <span className="badge">{r.status}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('admin.users.noReports')}</p>
        )}
      </section>
      <section aria-label={t('admin.users.removals')}>
        <h3>{t('admin.users.removals')}</h3>
        {removals.length ? (
          <ul className="plain-list">
            {removals.map((r) => (
              <li key={`${r.kind}:${r.targetId}`}>
                {dateIn(r.removedAt, tz, lang, 'short')} · {t(`admin.moderation.kinds.${r.kind}`)} · “{r.excerpt}” · {r.reason}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('admin.users.noRemovals')}</p>
        )}
      </section>
    </div>
  );
}
