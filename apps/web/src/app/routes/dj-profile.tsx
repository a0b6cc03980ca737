import { useParams } from 'react-router';
import { DjProfilePage } from '../../features/dj-profile/components/dj-profile-page';
import { DjReviews } from '../../features/review/components/dj-reviews';

/** The DJ profile with its reviews (two features composed here). */
export function DjProfileRoute() {
  const { id = '' } = useParams();
  return <DjProfilePage reviews={<DjReviews djProfileId={id} />} />;
}
