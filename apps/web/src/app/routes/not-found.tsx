import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../../config/paths';
import { ProblemPage } from '../../components/ui/problem-page';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <ProblemPage title={t('notFound.title')} body={t('notFound.body')}>
      <Link className="btn btn-primary" to={paths.search.to()}>
        {t('nav.findDj')}
      </Link>
      <Link className="btn" to={paths.home.to()}>
        {t('notFound.back')}
      </Link>
    </ProblemPage>
  );
}
