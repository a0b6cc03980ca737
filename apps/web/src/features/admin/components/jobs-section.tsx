/** Failed and stuck background jobs with their last error: retry, or cancel with a reason. */
import { useTranslation } from 'react-i18next';
import { useAdminAction, useJobs } from '../api';
import { useReason, ActionError } from './console-kit';

export function JobsSection() {
  const { t } = useTranslation();
  const jobs = useJobs();
  const act = useAdminAction();
  const r = useReason();
  return (
    <div className="stack">
      {r.input}
      <ActionError error={act.error} />
      {jobs.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {jobs.data?.items.map((j) => (
          <li key={j.id} className="card">
            <div>
              <strong>{j.name}</strong> <span className="badge">{t(`admin.jobs.${j.status}`)}</span> ·{' '}
              {t('admin.jobs.attempts', { count: j.attempts })}
              {j.lastError && <pre className="admin-error">{j.lastError}</pre>}
            </div>
            <div className="row">
              <button
                className="btn"
                onClick={() => act.mutate({ path: `/admin/jobs/${j.id}/retry`, body: r.reason ? { reason: r.reason } : {} })}
              >
                {t('admin.jobs.retry')}
              </button>
              <button
                className="btn btn-danger"
                onClick={() => act.mutate({ path: `/admin/jobs/${j.id}/cancel`, body: { reason: r.reason } })}
              >
                {t('admin.jobs.cancel')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
