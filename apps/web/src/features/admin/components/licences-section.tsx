/** Music-licence proof waiting for a decision: open the file, approve, or reject with a reason. */
import { useTranslation } from 'react-i18next';
import { useAdminAction, useLicences } from '../api';
import { useReason, ActionError } from './console-kit';

export function LicencesSection() {
  const { t } = useTranslation();
  const list = useLicences();
  const act = useAdminAction();
  const r = useReason();
  return (
    <div className="stack">
      {r.input}
      <ActionError error={act.error} />
      {list.data?.items.length === 0 && <p className="muted">{t('admin.empty')}</p>}
      <ul className="admin-list">
        {list.data?.items.map((l) => (
          <li key={l.id} className="card" data-testid="admin-licence">
            <div>
              <strong>{l.stageName}</strong> · {t(`admin.licences.kinds.${l.kind}`)} · {l.territory} ·{' '}
              {t('admin.licences.until', { date: l.expiresOn })}{' '}
              <a href={`/api/admin/licences/${l.id}/file`} target="_blank" rel="noreferrer">
                {t('admin.licences.open')}
              </a>
            </div>
            <div className="row">
              <button className="btn btn-primary" onClick={() => act.mutate({ path: `/admin/licences/${l.id}/approve` })}>
                {t('admin.licences.approve')}
              </button>
              <button
                className="btn btn-danger"
                onClick={() => act.mutate({ path: `/admin/licences/${l.id}/reject`, body: { reason: r.reason } })}
              >
                {t('admin.licences.reject')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
