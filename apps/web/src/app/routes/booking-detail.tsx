import { useParams } from 'react-router';
import { BookingDetailPage } from '../../features/booking/components/booking-detail-page';
import { BookingReviewPanel } from '../../features/review/components/booking-review-panel';

/** A booking, and under it its reviews (the way to write one; the host's reviews for the DJ of a request). */
export function BookingDetailRoute() {
  const { id = '' } = useParams();
  return (
    <>
      <BookingDetailPage />
      <BookingReviewPanel bookingId={id} />
    </>
  );
}
