import { useParams } from 'react-router';
import { DjProfilePage } from '../../features/dj-profile/components/dj-profile-page';
import { ReportProfile } from '../../features/moderation/components/report-profile';
import { DjReviews } from '../../features/review/components/dj-reviews';

/** The DJ profile with its reviews and the report link (features composed here). */
export function DjProfileRoute() {
  const { id = '' } = useParams();
  return (
    <DjProfilePage
      reviews={
        <>
          <DjReviews djProfileId={id} />
          <ReportProfile djProfileId={id} />
        </>
      }
    />
  );
}
