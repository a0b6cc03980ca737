import { AccountPage } from '../../features/auth/components/account-page';
import { AccountPrivacy } from '../../features/account/components/account-privacy';

/** The account page: sign-in matters (features/auth) and privacy rights (features/account), composed here. */
export function AccountRoute() {
  return (
    <>
      <AccountPage />
      <AccountPrivacy />
    </>
  );
}
