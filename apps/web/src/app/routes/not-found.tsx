import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../../config/paths';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="container narrow stack">
      <h1>{t('notFound.title')}</h1>
      <Link className="btn" to={paths.home.to()}>
        {t('notFound.back')}
      </Link>
    </div>
  );
}
