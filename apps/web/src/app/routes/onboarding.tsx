import { DjOnboardingPage } from '../../features/onboarding/components/dj-onboarding-page';
import { PayoutsSection } from '../../features/payouts/components/payouts-section';

/** DJ onboarding, ending with the payout setup that makes the DJ bookable. */
export function OnboardingRoute() {
  return <DjOnboardingPage afterSave={PayoutsSection} />;
}
