import { ModerationNotices } from '../../features/moderation/components/moderation-notices';
import { ReviewPage } from '../../features/review/components/review-page';

/** The review page, with the moderators' notice when they removed the user's review (issue 16). */
export function ReviewRoute() {
  return (
    <>
      <div className="container narrow">
        <ModerationNotices kind="review" />
      </div>
      <ReviewPage />
    </>
  );
}
