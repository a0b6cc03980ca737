import { DjProfilePage } from '../../features/dj-profile/components/dj-profile-page';
import { ReportProfile } from '../../features/moderation/components/report-profile';
import { DjReviews } from '../../features/review/components/dj-reviews';

/** The DJ profile with its reviews and the report link (features composed here; the URL may name a slug). */
export function DjProfileRoute() {
  return (
    <DjProfilePage
      reviews={(profile) => (
        <>
          <DjReviews djProfileId={profile.id} />
          <ReportProfile djProfileId={profile.id} />
        </>
      )}
    />
  );
}
