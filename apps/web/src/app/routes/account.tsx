import { AccountPage } from '../../features/auth/components/account-page';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AccountPrivacy } from '../../features/account/components/account-privacy';
import { paths } from '../../config/paths';

/** The account page: sign-in matters (features/auth) and privacy rights (features/account), composed here. */
export function AccountRoute() {
  const { t } = useTranslation();
  return (
    <>
      <AccountPage />
      <p className="container">
        <Link to={paths.notifications.to()}>{t('account.notifications.title')}</Link>
      </p>
      <AccountPrivacy />
    </>
  );
}
