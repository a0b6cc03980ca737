import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { paths } from '../../config/paths';

export function LandingPage() {
  const { t } = useTranslation();
  const features = ['book', 'live', 'party'] as const;
  const [params] = useSearchParams();
  return (
    <div className="container">
      {params.get('deleted') ? (
        <p className="alert alert-success" role="status">
          {t('account.delete.done')}
        </p>
      ) : null}
      <section className="hero">
        <h1 className="hero-title">{t('landing.title')}</h1>
        <p className="hero-lead muted">{t('landing.lead')}</p>
        <div className="row">
          <Link className="btn btn-primary" to={paths.search.to()}>
            {t('landing.ctaFind')}
          </Link>
          <Link className="btn" to={paths.register.to('host')}>
            {t('landing.ctaHost')}
          </Link>
          <Link className="btn" to={paths.register.to('dj')}>
            {t('landing.ctaDj')}
          </Link>
        </div>
      </section>
      <section className="feature-grid" aria-label={t('landing.why')}>
        {features.map((f) => (
          <article key={f} className="card">
            <h2>{t(`landing.features.${f}.title`)}</h2>
            <p className="muted">{t(`landing.features.${f}.body`)}</p>
          </article>
        ))}
      </section>
    </div>
  );
}
