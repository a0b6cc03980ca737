import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BookingsPage } from '../../features/booking/components/bookings-page';
import { ModerationNotices } from '../../features/moderation/components/moderation-notices';
import { PayoutsSection } from '../../features/payouts/components/payouts-section';
import { paths } from '../../config/paths';

/** /bookings: the host's parties, or the DJ's dashboard with their calendar link and payout setup (composed here: features stay apart). */
export function DashboardRoute() {
  return (
    <BookingsPage
      djSection={
        <>
          <ModerationNotices />
          <CalendarLink />
          <PayoutsSection />
        </>
      }
    />
  );
}

function CalendarLink() {
  const { t } = useTranslation();
  return (
    <section className="card row" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
      <div>
        <h2 style={{ margin: 0 }}>{t('calendar.title')}</h2>
        <p className="muted" style={{ margin: 0 }}>
          {t('calendar.dashboardHint')}
        </p>
      </div>
      <Link className="btn btn-primary" to={paths.calendar.to()}>
        {t('calendar.openCalendar')}
      </Link>
    </section>
  );
}
