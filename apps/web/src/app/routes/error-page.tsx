import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../../config/paths';
import { ProblemPage } from '../../components/ui/problem-page';
import { problemMessage } from '../../lib/problem-messages';
import { NotFoundPage } from './not-found';

/**
 * The router's error element: whatever a page throws while rendering or loading, a person sees this page in their
 * language with a way on — never React Router's "Unexpected Application Error" (issue 20). A page that failed to
 * download (a deploy replaced its chunk) is fixed by reloading, so that is the first button.
 */
export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  const known = (error as { problem?: unknown } | null)?.problem ? problemMessage(error, t) : null;
  // This replaces the whole shell (the layout itself may be what failed), so it brings its own brand bar.
  return (
    <>
      <header className="app-header">
        <nav aria-label={t('nav.main')}>
          <Link to={paths.home.to()} className="brand" reloadDocument>
            Party<span>Stream</span>
          </Link>
        </nav>
      </header>
      <main id="main">
        {isRouteErrorResponse(error) && error.status === 404 ? (
          <NotFoundPage />
        ) : (
          <ProblemPage title={t('errors.title')} body={known ?? t('errors.body')}>
            <button className="btn btn-primary" type="button" onClick={() => window.location.reload()}>
              {t('errors.retry')}
            </button>
            <Link className="btn" to={paths.home.to()} reloadDocument>
              {t('notFound.back')}
            </Link>
          </ProblemPage>
        )}
      </main>
    </>
  );
}
