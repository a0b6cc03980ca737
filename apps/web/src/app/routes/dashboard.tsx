import { BookingsPage } from '../../features/booking/components/bookings-page';
import { PayoutsSection } from '../../features/payouts/components/payouts-section';

/** /bookings: the host's parties, or the DJ's dashboard with their payout setup (composed here: features stay apart). */
export function DashboardRoute() {
  return <BookingsPage djSection={<PayoutsSection />} />;
}
